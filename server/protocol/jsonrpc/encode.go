package jsonrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/generic"
)

// toJSONWalker converts generic values to JSON-ready values, members under
// their JSON key (read-only after initialization).
var toJSONWalker = &generic.Walker{
	MaxDepth: maxDepth,
	TooDeep: func(path string) error {
		return fmt.Errorf("output value at %s is nested deeper than %d levels", path, maxDepth)
	},
	Mismatch:          badOutput,
	Document:          documentToJSON,
	Scalar:            scalarToJSON,
	WriteKey:          MemberName,
	KeepNullMapValues: true,
}

// StructToJSON converts the generic structure value m of sh to a JSON-ready
// object (map keys are wire names), keeping members for which include returns
// true (nil: all). Unset (nil) members are left out.
func StructToJSON(sh *model.Shape, m map[string]any, include func(*model.Ref) bool) (map[string]any, error) {
	return toJSONWalker.Struct(sh, m, include, "", 0)
}

// ToJSON converts the generic value v of ref's shape to a JSON-ready value:
// numbers as json.Number, timestamps epoch seconds (or the member's
// timestampFormat), blobs base64, non-finite floats as "NaN"/"Infinity".
func ToJSON(ref *model.Ref, v any) (any, error) { return toJSONWalker.Value(ref, v, "", 0) }

func badOutput(path, want string, v any) error {
	return fmt.Errorf("output member %s: %T is not a %s", generic.DisplayPath(path), v, want)
}

// scalarToJSON converts the generic value of a scalar shape.
func scalarToJSON(ref *model.Ref, v any, path string) (any, error) {
	sh := ref.Shape
	bad := func(want string) error { return badOutput(path, want, v) }
	switch sh.Type {
	case "string", "bigInteger", "bigDecimal":
		s, ok := v.(string)
		if !ok {
			return nil, bad("string")
		}
		if sh.Type != "string" {
			return json.Number(s), nil
		}
		return s, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, bad("boolean")
		}
		return b, nil
	case "integer", "long", "short", "byte":
		i, ok := AsInt(v)
		if !ok {
			return nil, bad("integer")
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "float", "double":
		f, ok := AsFloat(v)
		if !ok {
			return nil, bad("number")
		}
		return FloatJSON(f), nil
	case "timestamp":
		t, ok := v.(time.Time)
		if !ok {
			return nil, bad("timestamp")
		}
		format := ref.TimestampFormatOr("unixTimestamp")
		if format == "unixTimestamp" {
			return json.Number(formatEpoch(t)), nil
		}
		return FormatTimestamp(format, t), nil
	case "blob":
		b, err := BlobBytes(v)
		if err != nil {
			return nil, bad("blob")
		}
		return base64.StdEncoding.EncodeToString(b), nil
	}
	return nil, fmt.Errorf("output member %s: unsupported shape type %q", generic.DisplayPath(path), sh.Type)
}

// FloatJSON is a float as JSON: a number, or "NaN", "Infinity", "-Infinity".
func FloatJSON(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

// AsInt accepts the integer kinds a provider may hand back.
func AsInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return int64(x), true
		}
	}
	return 0, false
}

// AsFloat accepts the number kinds a provider may hand back.
func AsFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// BlobBytes reads a blob value: []byte, string or io.Reader.
func BlobBytes(v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	case io.Reader:
		return io.ReadAll(x)
	}
	return nil, fmt.Errorf("%T is not a blob", v)
}

func documentToJSON(v any) any {
	switch x := v.(type) {
	case float64:
		return FloatJSON(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = documentToJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = documentToJSON(e)
		}
		return out
	}
	return v
}

// Marshal writes v as compact JSON without HTML escaping (AWS sends '<' as is)
// and without a trailing newline. Map keys come out sorted.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
