package cbor

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"time"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/generic"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
)

// Limits against hostile bodies: nesting, element counts (CloudWatch's largest
// lists are 1000 metric data with 150 values each) and body size.
const (
	maxNestedLevels = 64
	maxElements     = 1 << 20
)

// modes holds the CBOR decoder and encoder configured for rpcv2Cbor.
type modes struct {
	dec fxcbor.DecMode
	enc fxcbor.EncMode
}

func newModes() modes {
	dec, err := fxcbor.DecOptions{
		MaxNestedLevels:  maxNestedLevels,
		MaxArrayElements: maxElements,
		MaxMapPairs:      maxElements,
		DefaultMapType:   reflect.TypeOf(map[string]any(nil)),
		IntDec:           fxcbor.IntDecConvertNone,
		BigIntDec:        fxcbor.BigIntDecodePointer,
		TimeTagToAny:     fxcbor.TimeTagToTime,
	}.DecMode()
	if err != nil {
		panic(err) // static options: a programming error
	}
	enc, err := fxcbor.EncOptions{Sort: fxcbor.SortBytewiseLexical}.EncMode()
	if err != nil {
		panic(err)
	}
	return modes{dec: dec, enc: enc}
}

// fromCBORWalker converts decoded CBOR to generic values (read-only after
// initialization).
var fromCBORWalker = &generic.Walker{
	MaxDepth: maxNestedLevels,
	TooDeep: func(path string) error {
		return serializationError("Value at '%s' is nested too deeply", path)
	},
	Mismatch: func(path, kind string, v any) error {
		return wrongType(path, cborKind(kind), v)
	},
	Document: documentValue,
	Scalar:   scalarFromCBOR,
}

// cborKind names the CBOR form of a container kind in messages.
func cborKind(kind string) string {
	switch kind {
	case generic.Structure:
		return "structure (map)"
	case generic.List:
		return "list (array)"
	}
	return kind
}

// structFromCBOR converts a decoded CBOR map to the generic value of sh.
func structFromCBOR(sh *model.Shape, m map[string]any) (map[string]any, error) {
	return fromCBORWalker.Struct(sh, m, nil, "", 0)
}

// scalarFromCBOR converts a decoded CBOR value of a scalar shape.
func scalarFromCBOR(ref *model.Ref, v any, path string) (any, error) {
	sh := ref.Shape
	switch sh.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			return nil, wrongType(path, "text string", v)
		}
		return s, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, wrongType(path, "boolean", v)
		}
		return b, nil
	case "integer", "long", "short", "byte":
		var text string
		switch x := v.(type) {
		case uint64:
			text = strconv.FormatUint(x, 10)
		case int64:
			text = strconv.FormatInt(x, 10)
		case *big.Int:
			text = x.String()
		default:
			return nil, wrongType(path, "integer", v)
		}
		i, err := jsonrpc.ParseInteger(sh.Type, text)
		if err != nil {
			return nil, serializationError("Value at '%s': %v", path, err)
		}
		return i, nil
	case "float", "double":
		if f, ok := number(v); ok {
			return f, nil
		}
		return nil, wrongType(path, "float", v)
	case "bigInteger", "bigDecimal":
		switch x := v.(type) {
		case uint64:
			return strconv.FormatUint(x, 10), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case *big.Int:
			return x.String(), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
		return nil, wrongType(path, "number", v)
	case "timestamp":
		switch x := v.(type) {
		case time.Time:
			return time.UnixMilli(x.Round(time.Millisecond).UnixMilli()).UTC(), nil
		case fxcbor.Tag:
			if x.Number == 1 {
				if f, ok := number(x.Content); ok && !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 253402300800 {
					return time.UnixMilli(int64(math.Round(f * 1000))).UTC(), nil
				}
			}
		}
		return nil, wrongType(path, "timestamp (tag 1 epoch seconds)", v)
	case "blob":
		b, ok := v.([]byte)
		if !ok {
			return nil, wrongType(path, "blob (byte string)", v)
		}
		return b, nil
	}
	return nil, serializationError("Value at '%s' has an unsupported shape type %q", path, sh.Type)
}

// number reads any CBOR number as a float64.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case int64:
		return float64(x), true
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, true
	}
	return 0, false
}

// documentValue maps a decoded CBOR value onto the document conventions
// (numbers float64, maps keyed by string).
func documentValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = documentValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = documentValue(e)
		}
	default:
		if f, ok := number(v); ok {
			return f
		}
	}
	return v
}

// toCBORWalker converts generic values to values the CBOR encoder writes
// (read-only after initialization).
var toCBORWalker = &generic.Walker{
	MaxDepth: maxNestedLevels,
	TooDeep: func(path string) error {
		return fmt.Errorf("output value at %s is nested too deeply", path)
	},
	Mismatch:          badOutput,
	Document:          func(v any) any { return v },
	Scalar:            scalarToCBOR,
	KeepNullMapValues: true,
}

// structToCBOR converts the generic structure value m of sh to a value the
// CBOR encoder writes as rpcv2Cbor expects: timestamps as tag 1 with a
// float64 of epoch seconds (as aws-sdk-go-v2 writes them), blobs as byte
// strings.
func structToCBOR(sh *model.Shape, m map[string]any) (map[string]any, error) {
	return toCBORWalker.Struct(sh, m, nil, "", 0)
}

func badOutput(path, want string, v any) error {
	return fmt.Errorf("output member %s: %T is not a %s", path, v, want)
}

// scalarToCBOR converts the generic value of a scalar shape.
func scalarToCBOR(ref *model.Ref, v any, path string) (any, error) {
	sh := ref.Shape
	bad := func(want string) error { return badOutput(path, want, v) }
	switch sh.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			return nil, bad("string")
		}
		return s, nil
	case "bigInteger", "bigDecimal":
		s, ok := v.(string)
		if !ok {
			return nil, bad("string")
		}
		if i, ok := new(big.Int).SetString(s, 10); ok {
			if i.IsInt64() {
				return i.Int64(), nil
			}
			return i, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, bad("decimal")
		}
		return f, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, bad("boolean")
		}
		return b, nil
	case "integer", "long", "short", "byte":
		i, ok := jsonrpc.AsInt(v)
		if !ok {
			return nil, bad("integer")
		}
		return i, nil
	case "float", "double":
		f, ok := jsonrpc.AsFloat(v)
		if !ok {
			return nil, bad("number")
		}
		return f, nil
	case "timestamp":
		t, ok := v.(time.Time)
		if !ok {
			return nil, bad("timestamp")
		}
		return fxcbor.Tag{Number: 1, Content: float64(t.UnixMilli()) / 1e3}, nil
	case "blob":
		if r, ok := v.(io.Reader); ok {
			return io.ReadAll(r)
		}
		b, err := jsonrpc.BlobBytes(v)
		if err != nil {
			return nil, bad("blob")
		}
		return b, nil
	}
	return nil, fmt.Errorf("output member %s: unsupported shape type %q", path, sh.Type)
}

func wrongType(path, want string, v any) error {
	return serializationError("Value at '%s' must be of type %s, found %s", generic.DisplayPath(path), want, kind(v))
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a map"
	case []any:
		return "an array"
	case string:
		return "a text string"
	case []byte:
		return "a byte string"
	case uint64, int64, *big.Int:
		return "an integer"
	case float64, float32:
		return "a float"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case time.Time, fxcbor.Tag:
		return "a tagged value"
	}
	return fmt.Sprintf("%T", v)
}
