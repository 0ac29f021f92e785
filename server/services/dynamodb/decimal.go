package dynamodb

import (
	"strconv"
	"strings"
)

// decimal is a DynamoDB number kept exactly: value = sign × 0.digits × 10^exp,
// digits without leading or trailing zeros ("" for zero). Numbers compare by
// value, never through float64, so 0.1 + exact 38-digit numbers order right.
type decimal struct {
	neg    bool
	digits string
	exp    int
}

// DynamoDB's number limits (Developer Guide, "Supported data types and naming
// rules"): up to 38 significant digits, magnitude from 1E-130 to
// 9.9999999999999999999999999999999999999E+125.
const (
	maxDigits = 38
	maxExp    = 126  // 0.d × 10^126 < 1E+126
	minExp    = -129 // 0.1 × 10^-129 = 1E-130
)

// parseDecimal reads a number as DynamoDB accepts it: optional sign, digits
// with an optional point, optional exponent. The error is the
// ValidationException DynamoDB answers with.
func parseDecimal(s string) (decimal, error) {
	var d decimal
	in := strings.TrimSpace(s)
	if in == "" {
		return d, validation("The parameter cannot be converted to a numeric value")
	}
	if in[0] == '+' || in[0] == '-' {
		d.neg = in[0] == '-'
		in = in[1:]
	}
	mant, expPart := in, ""
	if i := strings.IndexAny(in, "eE"); i >= 0 {
		mant, expPart = in[:i], in[i+1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart+frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return d, validation("The parameter cannot be converted to a numeric value: %s", s)
	}
	e := 0
	if expPart != "" || strings.ContainsAny(in, "eE") {
		v, err := strconv.Atoi(expPart)
		if err != nil || v > 10000 || v < -10000 {
			return d, validation("The parameter cannot be converted to a numeric value: %s", s)
		}
		e = v
	}
	all := intPart + frac
	e += len(intPart)
	lead := len(all) - len(strings.TrimLeft(all, "0"))
	all = all[lead:]
	e -= lead
	all = strings.TrimRight(all, "0")
	if all == "" {
		return decimal{}, nil
	}
	if len(all) > maxDigits {
		return d, validation("Attempting to store more than 38 significant digits in a Number")
	}
	if e > maxExp {
		return d, validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
	}
	if e < minExp {
		return d, validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
	}
	d.digits, d.exp = all, e
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cmp returns -1, 0 or 1 as d is less than, equal to or greater than o.
func (d decimal) cmp(o decimal) int {
	ds, os := d.sign(), o.sign()
	if ds != os {
		if ds < os {
			return -1
		}
		return 1
	}
	if ds == 0 {
		return 0
	}
	c := 0
	switch {
	case d.exp != o.exp:
		c = 1
		if d.exp < o.exp {
			c = -1
		}
	default:
		c = strings.Compare(d.digits, o.digits) // no trailing zeros: prefix is smaller
	}
	return c * ds
}

func (d decimal) sign() int {
	switch {
	case d.digits == "":
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// canonical is a string equal for equal numbers ("1", "1.0", "10E-1").
func (d decimal) canonical() string {
	if d.digits == "" {
		return "0"
	}
	s := "0." + d.digits + "e" + strconv.Itoa(d.exp)
	if d.neg {
		s = "-" + s
	}
	return s
}
