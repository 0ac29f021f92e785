package jsonrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// The direct writer turns a generic output value into JSON bytes in one
// pass: the bytes StructToJSON followed by Marshal produce (members under
// their JSON keys, object keys in byte order, no HTML escaping), without the
// intermediate tree, the per-element paths and encoding/json's reflection.
// It gives up (errSlow) on anything it does not reproduce byte for byte or
// that fails: the caller then runs StructToJSON and Marshal, which produce
// the same output or the same error as before.

// errSlow makes the caller take the StructToJSON + Marshal path.
var errSlow = errors.New("jsonrpc: take the general path")

// writer holds what the direct writer keeps across calls: structure plans
// and output buffers. Safe for concurrent use.
type writer struct {
	plans sync.Map // *model.Shape -> *structPlan
	bufs  sync.Pool
}

// structPlan is a structure's members ordered by JSON key, as encoding/json
// writes a map's keys.
type structPlan struct {
	members []planMember
	slow    bool // two members share a JSON key: leave it to the general path
}

type planMember struct {
	key  string // JSON key, the generic value's key is name
	name string
	ref  *model.Ref
}

func (w *writer) plan(sh *model.Shape) *structPlan {
	if p, ok := w.plans.Load(sh); ok {
		return p.(*structPlan)
	}
	p := &structPlan{}
	for _, name := range sh.MemberNames {
		ref := sh.Members[name]
		p.members = append(p.members, planMember{key: MemberName(name, ref), name: name, ref: ref})
	}
	slices.SortStableFunc(p.members, func(a, b planMember) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	for i := 1; i < len(p.members); i++ {
		if p.members[i].key == p.members[i-1].key {
			p.slow = true
		}
	}
	v, _ := w.plans.LoadOrStore(sh, p)
	return v.(*structPlan)
}

func (w *writer) getBuf() *[]byte {
	if b, ok := w.bufs.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4096)
	return &b
}

// putBuf returns a buffer; very large ones are dropped so the pool does not
// pin them.
func (w *writer) putBuf(b *[]byte) {
	if cap(*b) > 1<<20 {
		return
	}
	*b = (*b)[:0]
	w.bufs.Put(b)
}

// appendStruct appends the structure value v of sh (a generic
// map[string]any) as a JSON object.
func (w *writer) appendStruct(dst []byte, sh *model.Shape, v any, depth int) ([]byte, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return dst, errSlow
	}
	p := w.plan(sh)
	if p.slow {
		return dst, errSlow
	}
	dst = append(dst, '{')
	first := true
	for i := range p.members {
		pm := &p.members[i]
		e, ok := m[pm.name]
		if !ok || e == nil {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendString(dst, pm.key)
		dst = append(dst, ':')
		var err error
		if dst, err = w.appendValue(dst, pm.ref, e, depth+1); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// appendValue appends v, a generic value of ref's shape (see Walker.Value
// and scalarToJSON for the conversions it mirrors).
func (w *writer) appendValue(dst []byte, ref *model.Ref, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return dst, errSlow
	}
	sh := ref.Shape
	if sh.Document {
		return appendEncodingJSON(dst, documentToJSON(v))
	}
	var err error
	switch sh.Type {
	case "structure", "union":
		return w.appendStruct(dst, sh, v, depth)
	case "list":
		l, ok := v.([]any)
		if !ok {
			return dst, errSlow
		}
		dst = append(dst, '[')
		for i, e := range l {
			if i > 0 {
				dst = append(dst, ',')
			}
			if e == nil {
				dst = append(dst, "null"...)
				continue
			}
			if dst, err = w.appendValue(dst, sh.Member, e, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return dst, errSlow
		}
		var small [16]string // most maps (a DynamoDB item) are small: no allocation
		keys := small[:0]
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			e := m[k]
			if e == nil {
				dst = append(dst, "null"...)
				continue
			}
			if dst, err = w.appendValue(dst, sh.Value, e, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	return appendScalar(dst, ref, v)
}

// appendScalar mirrors scalarToJSON followed by encoding/json.
func appendScalar(dst []byte, ref *model.Ref, v any) ([]byte, error) {
	sh := ref.Shape
	switch sh.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			return dst, errSlow
		}
		return appendString(dst, s), nil
	case "bigInteger", "bigDecimal":
		s, ok := v.(string)
		if !ok {
			return dst, errSlow
		}
		return appendEncodingJSON(dst, json.Number(s)) // validates the literal
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return dst, errSlow
		}
		return strconv.AppendBool(dst, b), nil
	case "integer", "long", "short", "byte":
		i, ok := AsInt(v)
		if !ok {
			return dst, errSlow
		}
		return strconv.AppendInt(dst, i, 10), nil
	case "float", "double":
		f, ok := AsFloat(v)
		if !ok {
			return dst, errSlow
		}
		switch {
		case math.IsNaN(f):
			return append(dst, `"NaN"`...), nil
		case math.IsInf(f, 1):
			return append(dst, `"Infinity"`...), nil
		case math.IsInf(f, -1):
			return append(dst, `"-Infinity"`...), nil
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64), nil
	case "timestamp":
		t, ok := v.(time.Time)
		if !ok {
			return dst, errSlow
		}
		format := ref.TimestampFormatOr("unixTimestamp")
		if format == "unixTimestamp" {
			return append(dst, formatEpoch(t)...), nil
		}
		return appendString(dst, FormatTimestamp(format, t)), nil
	case "blob":
		var b []byte
		switch x := v.(type) {
		case []byte:
			b = x
		case string:
			b = []byte(x)
		case io.Reader: // read once, by the general path
			return dst, errSlow
		default:
			return dst, errSlow
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, b)
		return append(dst, '"'), nil
	}
	return dst, errSlow
}

// appendString appends s as encoding/json writes it without HTML escaping.
// Strings with anything it would escape or replace (control characters,
// quote, backslash, invalid UTF-8, U+2028, U+2029) go through encoding/json.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return appendStringSlow(dst, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendStringSlow(dst, s)
		}
		i += size
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func appendStringSlow(dst []byte, s string) []byte {
	out, _ := appendEncodingJSON(dst, s) // a string always encodes
	return out
}

// appendEncodingJSON appends v as Marshal writes it.
func appendEncodingJSON(dst []byte, v any) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, errSlow
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
