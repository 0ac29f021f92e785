package jsonrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/generic"
)

// MaxBodyBytes bounds a JSON request body. Lambda's CreateFunction carries a
// base64 zip of up to 50 MB (about 67 MB encoded), the largest JSON body AWS
// accepts (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
const MaxBodyBytes = 100 << 20

// maxDepth bounds how deep a decoded value may nest. DynamoDB allows 32 levels
// of nested attributes, each taking two JSON levels (map, AttributeValue).
const maxDepth = 128

// SerializationError is the 400 SerializationException AWS JSON services
// (Coral) answer when the body is not valid JSON or a member has the wrong JSON
// type (DynamoDB: "com.amazon.coral.service#SerializationException").
func SerializationError(format string, args ...any) *awsapi.Error {
	return awsapi.NewError(http.StatusBadRequest, "SerializationException", format, args...)
}

// ReadBody reads the whole request body, at most MaxBodyBytes. More, or
// more than an http.MaxBytesReader the gateway set allows, is a 413
// RequestEntityTooLarge.
func ReadBody(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, entityTooLarge(tooLarge.Limit)
	case err != nil:
		return nil, SerializationError("Failed to read the request body: %v", err)
	case len(b) > MaxBodyBytes:
		return nil, entityTooLarge(MaxBodyBytes)
	}
	return b, nil
}

func entityTooLarge(limit int64) *awsapi.Error {
	return awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
		"Request body exceeds the maximum of %d bytes", limit)
}

// ParseJSON decodes one JSON document with numbers kept as json.Number.
// Invalid JSON or trailing data is a SerializationException.
func ParseJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, SerializationError("Malformed JSON in request body: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, SerializationError("Malformed JSON in request body: unexpected data after the top-level value")
	}
	return v, nil
}

// MemberName is a member's JSON key: its locationName, else the member name.
func MemberName(name string, ref *model.Ref) string {
	if ref.LocationName != "" {
		return ref.LocationName
	}
	return name
}

// fromJSONWalker converts decoded JSON to generic values: members by their
// JSON key, nulls ignored (read-only after initialization).
var fromJSONWalker = &generic.Walker{
	MaxDepth: maxDepth,
	TooDeep: func(path string) error {
		return SerializationError("Value at '%s' is nested deeper than %d levels", path, maxDepth)
	},
	Mismatch: wrongType,
	Document: Document,
	Scalar:   scalarFromJSON,
	ReadKey:  MemberName,
}

// StructFromJSON converts a JSON object to the generic structure value of sh,
// keeping only members for which include returns true (nil: all). Unknown keys
// and nulls are ignored.
func StructFromJSON(sh *model.Shape, v any, include func(*model.Ref) bool) (map[string]any, error) {
	if v == nil {
		return map[string]any{}, nil
	}
	return fromJSONWalker.Struct(sh, v, include, "", 0)
}

// FromJSON converts a decoded JSON value to the generic value of ref's shape
// (see package protocol). Timestamps default to epoch seconds.
func FromJSON(ref *model.Ref, v any) (any, error) { return fromJSONWalker.Value(ref, v, "", 0) }

// scalarFromJSON converts a JSON value of a scalar shape.
func scalarFromJSON(ref *model.Ref, v any, path string) (any, error) {
	sh := ref.Shape
	switch sh.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			return nil, wrongType(path, "string", v)
		}
		return s, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, wrongType(path, "boolean", v)
		}
		return b, nil
	case "integer", "long", "short", "byte":
		n, ok := v.(json.Number)
		if !ok {
			return nil, wrongType(path, "integer", v)
		}
		i, err := ParseInteger(sh.Type, string(n))
		if err != nil {
			return nil, SerializationError("Value at '%s': %v", path, err)
		}
		return i, nil
	case "float", "double":
		switch x := v.(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return nil, SerializationError("Value at '%s': %q is not a number", path, x)
			}
			return f, nil
		case string:
			if f, ok := SpecialFloat(x); ok {
				return f, nil
			}
		}
		return nil, wrongType(path, "number", v)
	case "bigInteger", "bigDecimal":
		n, ok := v.(json.Number)
		if !ok {
			return nil, wrongType(path, "number", v)
		}
		return string(n), nil
	case "timestamp":
		switch x := v.(type) {
		case json.Number:
			return EpochSeconds(string(x))
		case string:
			t, err := ParseTimestamp(ref.TimestampFormatOr(""), x)
			if err != nil {
				return nil, SerializationError("Value at '%s': %v", path, err)
			}
			return t, nil
		}
		return nil, wrongType(path, "timestamp", v)
	case "blob":
		s, ok := v.(string)
		if !ok {
			return nil, wrongType(path, "blob (base64 string)", v)
		}
		b, err := DecodeBase64(s)
		if err != nil {
			return nil, SerializationError("Value at '%s' is not valid base64", path)
		}
		return b, nil
	}
	return nil, SerializationError("Value at '%s' has an unsupported shape type %q", path, sh.Type)
}

// Document turns a JSON value decoded with UseNumber into a document value
// (numbers become float64).
func Document(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = Document(e)
		}
	case []any:
		for i, e := range x {
			x[i] = Document(e)
		}
	}
	return v
}

// ParseInteger parses the decimal text of an integer shape, checking its range
// (byte 8, short 16, integer 32, long 64 bits). "1.0" and "1e3" are accepted
// when integral, as JSON numbers may be written so.
func ParseInteger(typ, s string) (int64, error) {
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<63-1 {
			return 0, fmt.Errorf("%q is not a valid %s", s, typ)
		}
		i = int64(f)
	}
	bits := map[string]uint{"byte": 8, "short": 16, "integer": 32}[typ]
	if bits > 0 && (i < -(1<<(bits-1)) || i > 1<<(bits-1)-1) {
		return 0, fmt.Errorf("%s is out of range for %s", s, typ)
	}
	return i, nil
}

// SpecialFloat maps the strings AWS JSON protocols use for non-finite floats.
func SpecialFloat(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	return 0, false
}

// EpochSeconds parses fractional epoch seconds ("1496392800.123") to UTC,
// keeping millisecond precision as AWS does.
func EpochSeconds(s string) (time.Time, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 253402300799 {
		return time.Time{}, SerializationError("%q is not a valid epoch-seconds timestamp", s)
	}
	ms := int64(math.Round(f * 1000))
	return time.UnixMilli(ms).UTC(), nil
}

// ParseTimestamp parses a timestamp string in format ("iso8601", "rfc822",
// "unixTimestamp"); with format "" every one of them is tried.
func ParseTimestamp(format, s string) (time.Time, error) {
	try := []string{format}
	if format == "" {
		try = []string{"iso8601", "unixTimestamp", "rfc822"}
	}
	for _, f := range try {
		switch f {
		case "unixTimestamp":
			if t, err := EpochSeconds(s); err == nil {
				return t, nil
			}
		case "rfc822":
			if t, err := http.ParseTime(s); err == nil {
				return t.UTC(), nil
			}
		default:
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"} {
				if t, err := time.Parse(layout, s); err == nil {
					return t.UTC(), nil
				}
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a valid timestamp", s)
}

// FormatTimestamp writes t in format ("iso8601", "rfc822", "unixTimestamp").
func FormatTimestamp(format string, t time.Time) string {
	t = t.UTC()
	switch format {
	case "iso8601":
		if t.Nanosecond() == 0 {
			return t.Format("2006-01-02T15:04:05Z")
		}
		return t.Format("2006-01-02T15:04:05.000Z")
	case "rfc822":
		return t.Format(http.TimeFormat)
	}
	return formatEpoch(t)
}

// formatEpoch writes epoch seconds with up to millisecond precision.
func formatEpoch(t time.Time) string {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.FormatInt(ms/1000, 10)
	}
	return strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
}

// DecodeBase64 accepts standard base64 with or without padding.
func DecodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

func wrongType(path, want string, v any) error {
	return SerializationError("Value at '%s' must be of type %s, found %s", generic.DisplayPath(path), want, jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
