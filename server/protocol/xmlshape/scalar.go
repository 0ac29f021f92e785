// Package xmlshape converts generic values (see server/protocol) to and from
// the XML that the awsQuery, ec2Query and restXml protocols put in bodies,
// driven by the model's XML traits (locationName, flattened, xmlAttribute,
// xmlNamespace, timestampFormat). It also formats and parses the scalar text
// those protocols share with query strings and headers.
//
// Sources: the Smithy XML binding rules
// (https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings) and botocore's
// parsers.py/serializers.py for the trait semantics of botocore models.
package xmlshape

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// Timestamp formats of the timestampFormat trait.
const (
	ISO8601       = "iso8601"
	RFC822        = "rfc822" // http-date, the rest protocols' header default
	UnixTimestamp = "unixTimestamp"
)

// ValueError is a scalar that does not parse as its shape's type.
type ValueError struct {
	Path  string // member path ("Tags.member.1.Key", "x-amz-meta-a")
	Value string
	Want  string // "integer", "timestamp", ...
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must be a valid %s", clip(e.Value), e.Path, e.Want)
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// FormatTime renders t in format: iso8601 with milliseconds (the XML
// protocols' default, as AWS sends "2011-07-15T23:28:33.359Z"), rfc822
// (http-date) or unixTimestamp (seconds, fractional when needed).
func FormatTime(t time.Time, format string) string {
	t = t.UTC()
	switch format {
	case RFC822:
		return t.Format(http.TimeFormat)
	case UnixTimestamp:
		return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
	default:
		return t.Format("2006-01-02T15:04:05.000Z")
	}
}

// ParseTime accepts every timestamp form clients send, whatever the trait
// says: ISO 8601 with or without fraction and zone, http-date and epoch
// seconds (botocore and the Go SDK differ in what they emit).
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := http.ParseTime(s); err == nil {
		return t.UTC(), true
	}
	return parseEpoch(s)
}

// parseEpoch reads "1767323045" or "1767323045.006" exactly (no float
// rounding), within ±1e14 seconds.
func parseEpoch(s string) (time.Time, bool) {
	secText, fracText, hasFrac := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil || sec > 1e14 || sec < -1e14 || (hasFrac && (fracText == "" || len(fracText) > 9)) {
		return time.Time{}, false
	}
	var nanos int64
	if hasFrac {
		n, err := strconv.ParseUint(fracText, 10, 32)
		if err != nil {
			return time.Time{}, false
		}
		nanos = int64(n)
		for i := len(fracText); i < 9; i++ {
			nanos *= 10
		}
		if strings.HasPrefix(secText, "-") {
			nanos = -nanos
		}
	}
	return time.Unix(sec, nanos).UTC(), true
}

// FormatFloat renders f as the XML protocols do: NaN, Infinity, -Infinity,
// plain decimals for ordinary magnitudes and exponents beyond them.
func FormatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// FormatScalar renders a scalar generic value of ref's shape as text, with
// tsFormat as the timestamp default. Numbers of any Go numeric kind are
// accepted so that providers need not be exact.
func FormatScalar(ref *model.Ref, v any, tsFormat string) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case float64:
		if ref.Shape != nil && isInteger(ref.Shape.Type) && x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return strconv.FormatInt(int64(x), 10), nil
		}
		return FormatFloat(x), nil
	case float32:
		return FormatFloat(float64(x)), nil
	case time.Time:
		return FormatTime(x, ref.TimestampFormatOr(tsFormat)), nil
	case []byte:
		return base64.StdEncoding.EncodeToString(x), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", fmt.Errorf("xmlshape: %T is not a scalar value for shape %s", v, shapeName(ref))
}

func shapeName(ref *model.Ref) string {
	if ref == nil || ref.Shape == nil {
		return "?"
	}
	return ref.Shape.Name
}

func isInteger(t string) bool {
	switch t {
	case "integer", "long", "short", "byte":
		return true
	}
	return false
}

// ParseScalar converts text to the generic value of a scalar shape (string,
// enum, boolean, numbers, timestamp, blob as base64, bigInteger and
// bigDecimal as their text). path names the value in a ValueError.
func ParseScalar(sh *model.Shape, s, path string) (any, error) {
	switch sh.Type {
	case "string":
		return s, nil
	case "boolean":
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, &ValueError{path, s, "boolean"}
	case "integer", "long", "short", "byte":
		bits := map[string]int{"integer": 32, "long": 64, "short": 16, "byte": 8}[sh.Type]
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, bits)
		if err != nil {
			return nil, &ValueError{path, s, sh.Type}
		}
		return n, nil
	case "float", "double":
		t := strings.TrimSpace(s)
		switch t {
		case "NaN":
			return math.NaN(), nil
		case "Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, &ValueError{path, s, "number"}
		}
		return f, nil
	case "bigInteger", "bigDecimal":
		t := strings.TrimSpace(s)
		if !validDecimal(t) {
			return nil, &ValueError{path, s, "number"}
		}
		return t, nil
	case "timestamp":
		t, ok := ParseTime(s)
		if !ok {
			return nil, &ValueError{path, s, "timestamp"}
		}
		return t, nil
	case "blob":
		t := strings.TrimSpace(s)
		b, err := base64.StdEncoding.DecodeString(t)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(t, "=")); err != nil {
				return nil, &ValueError{path, s, "base64 blob"}
			}
		}
		return b, nil
	}
	return nil, &ValueError{path, s, sh.Type}
}

// validDecimal accepts decimal text of any magnitude (bigInteger and
// bigDecimal stay text in generic values).
func validDecimal(s string) bool {
	if s == "" || len(s) > 1000 {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return true
	}
	return err == nil
}

// IsScalar reports whether a shape type is rendered as text.
func IsScalar(t string) bool {
	switch t {
	case "structure", "list", "map":
		return false
	}
	return true
}
