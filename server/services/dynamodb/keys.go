package dynamodb

import (
	"bytes"
	"strings"
)

// keyValue is one key attribute's value: S and B as raw bytes, N as an exact
// decimal.
type keyValue struct {
	typ string // "S", "N" or "B"
	raw string
	num decimal
}

// compare orders two key values of the same type: N by value, S and B by
// unsigned bytes (Developer Guide, "Query": sort key ordering by UTF-8 bytes
// for strings, numeric value for numbers, unsigned bytes for binary).
func (k keyValue) compare(o keyValue) int {
	if k.typ == "N" {
		return k.num.cmp(o.num)
	}
	return strings.Compare(k.raw, o.raw)
}

// id is a string equal for equal key values, used as a map key.
func (k keyValue) id() string {
	if k.typ == "N" {
		return "N" + k.num.canonical()
	}
	return k.typ + k.raw
}

// keyOf reads a key attribute's value, requiring the type of the schema.
// ok is false when v is not of type typ.
func keyOf(v AttributeValue, typ string) (keyValue, bool, error) {
	switch typ {
	case "S":
		if v.S == nil || !single(v) {
			return keyValue{}, false, nil
		}
		return keyValue{typ: "S", raw: *v.S}, true, nil
	case "B":
		if v.B == nil || !single(v) {
			return keyValue{}, false, nil
		}
		return keyValue{typ: "B", raw: string(v.B)}, true, nil
	case "N":
		if v.N == nil || !single(v) {
			return keyValue{}, false, nil
		}
		d, err := parseDecimal(*v.N)
		if err != nil {
			return keyValue{}, true, err
		}
		return keyValue{typ: "N", raw: *v.N, num: d}, true, nil
	}
	return keyValue{}, false, nil
}

// typeOf names the one data type v holds ("" when none or several).
func typeOf(v AttributeValue) string {
	var t []string
	if v.S != nil {
		t = append(t, "S")
	}
	if v.N != nil {
		t = append(t, "N")
	}
	if v.B != nil {
		t = append(t, "B")
	}
	if v.BOOL != nil {
		t = append(t, "BOOL")
	}
	if v.NULL != nil {
		t = append(t, "NULL")
	}
	if v.SS != nil {
		t = append(t, "SS")
	}
	if v.NS != nil {
		t = append(t, "NS")
	}
	if v.BS != nil {
		t = append(t, "BS")
	}
	if v.L != nil {
		t = append(t, "L")
	}
	if v.M != nil {
		t = append(t, "M")
	}
	if len(t) != 1 {
		return ""
	}
	return t[0]
}

func single(v AttributeValue) bool { return typeOf(v) != "" }

// equalValues reports whether two attribute values are equal as DynamoDB
// compares them (numbers by value, sets as sets).
func equalValues(a, b AttributeValue) bool {
	ta, tb := typeOf(a), typeOf(b)
	if ta != tb {
		return false
	}
	switch ta {
	case "S":
		return *a.S == *b.S
	case "N":
		x, e1 := parseDecimal(*a.N)
		y, e2 := parseDecimal(*b.N)
		return e1 == nil && e2 == nil && x.cmp(y) == 0
	case "B":
		return bytes.Equal(a.B, b.B)
	case "BOOL":
		return *a.BOOL == *b.BOOL
	case "NULL":
		return *a.NULL == *b.NULL
	case "SS":
		return sameSet(a.SS, b.SS, func(s string) string { return s })
	case "BS":
		as, bs := make([]string, len(a.BS)), make([]string, len(b.BS))
		for i, v := range a.BS {
			as[i] = string(v)
		}
		for i, v := range b.BS {
			bs[i] = string(v)
		}
		return sameSet(as, bs, func(s string) string { return s })
	case "NS":
		canon := func(s string) string { d, _ := parseDecimal(s); return d.canonical() }
		return sameSet(a.NS, b.NS, canon)
	case "L":
		if len(a.L) != len(b.L) {
			return false
		}
		for i := range a.L {
			if !equalValues(a.L[i], b.L[i]) {
				return false
			}
		}
		return true
	case "M":
		if len(a.M) != len(b.M) {
			return false
		}
		for k, v := range a.M {
			w, ok := b.M[k]
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

func sameSet(a, b []string, canon func(string) string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, v := range a {
		m[canon(v)] = true
	}
	for _, v := range b {
		if !m[canon(v)] {
			return false
		}
	}
	return true
}
