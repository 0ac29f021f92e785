package protocol

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"sync"
	"time"
)

// Binder converts generic values (see the package doc) to and from the
// generated typed shapes, whose fields carry the member name in an `aws`
// struct tag. It caches each type's field table; create one per server.
type Binder struct {
	fields sync.Map // reflect.Type -> []boundField
}

type boundField struct {
	index  int
	member string
}

var (
	timeType   = reflect.TypeOf(time.Time{})
	readerType = reflect.TypeOf((*io.Reader)(nil)).Elem()
	bytesType  = reflect.TypeOf([]byte(nil))
)

func (b *Binder) table(t reflect.Type) []boundField {
	if v, ok := b.fields.Load(t); ok {
		return v.([]boundField)
	}
	var fs []boundField
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("aws"); tag != "" {
			fs = append(fs, boundField{i, tag})
		}
	}
	b.fields.Store(t, fs)
	return fs
}

// Bind fills the typed structure dst (a pointer) from the generic structure v.
// A value of the wrong kind is an error naming the member path.
func (b *Binder) Bind(v map[string]any, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("bind: %T is not a pointer to a struct", dst)
	}
	return b.bindStruct(v, rv.Elem(), "")
}

func (b *Binder) bindStruct(v map[string]any, dst reflect.Value, path string) error {
	for _, f := range b.table(dst.Type()) {
		mv, ok := v[f.member]
		if !ok || mv == nil {
			continue
		}
		if err := b.bind(mv, dst.Field(f.index), path+"."+f.member); err != nil {
			return err
		}
	}
	return nil
}

func (b *Binder) bind(v any, dst reflect.Value, path string) error {
	t := dst.Type()
	switch {
	case t == readerType:
		switch x := v.(type) {
		case io.Reader:
			dst.Set(reflect.ValueOf(x))
		case []byte:
			dst.Set(reflect.ValueOf(io.Reader(bytesReader(x))))
		case string:
			dst.Set(reflect.ValueOf(io.Reader(bytesReader([]byte(x)))))
		default:
			return mismatch(path, v, "stream")
		}
		return nil
	case t.Kind() == reflect.Interface: // document
		dst.Set(reflect.ValueOf(v))
		return nil
	case t.Kind() == reflect.Pointer:
		nv := reflect.New(t.Elem())
		if err := b.bind(v, nv.Elem(), path); err != nil {
			return err
		}
		dst.Set(nv)
		return nil
	case t == timeType:
		x, ok := v.(time.Time)
		if !ok {
			return mismatch(path, v, "timestamp")
		}
		dst.Set(reflect.ValueOf(x))
		return nil
	case t == bytesType:
		switch x := v.(type) {
		case []byte:
			dst.SetBytes(x)
		case string:
			dst.SetBytes([]byte(x))
		default:
			return mismatch(path, v, "blob")
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return mismatch(path, v, "structure")
		}
		return b.bindStruct(m, dst, path)
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			return mismatch(path, v, "list")
		}
		s := reflect.MakeSlice(t, len(l), len(l))
		for i, e := range l {
			if e == nil {
				continue
			}
			if err := b.bind(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		dst.Set(s)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return mismatch(path, v, "map")
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for k, e := range m {
			ev := reflect.New(t.Elem()).Elem()
			if e != nil {
				if err := b.bind(e, ev, path+"."+k); err != nil {
					return err
				}
			}
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		dst.Set(out)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return mismatch(path, v, "string")
		}
		dst.SetString(s)
	case reflect.Bool:
		x, ok := v.(bool)
		if !ok {
			return mismatch(path, v, "boolean")
		}
		dst.SetBool(x)
	case reflect.Int32, reflect.Int64:
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case float64:
			if x != math.Trunc(x) {
				return mismatch(path, v, "integer")
			}
			n = int64(x)
		default:
			return mismatch(path, v, "integer")
		}
		if dst.OverflowInt(n) {
			return fmt.Errorf("value %d at '%s' is out of range", n, trimPath(path))
		}
		dst.SetInt(n)
	case reflect.Float64, reflect.Float32:
		switch x := v.(type) {
		case float64:
			dst.SetFloat(x)
		case int64:
			dst.SetFloat(float64(x))
		default:
			return mismatch(path, v, "number")
		}
	default:
		return fmt.Errorf("bind: unsupported field type %s at %s", t, path)
	}
	return nil
}

// Unbind converts the typed structure src (a pointer or value) to a generic
// structure value. Nil pointers, nil slices and nil maps are left out.
func (b *Binder) Unbind(src any) map[string]any {
	rv := reflect.ValueOf(src)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return map[string]any{}
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return map[string]any{}
	}
	return b.unbindStruct(rv)
}

func (b *Binder) unbindStruct(rv reflect.Value) map[string]any {
	fs := b.table(rv.Type())
	if len(fs) > maxStackMembers {
		out := make(map[string]any, len(fs))
		for _, f := range fs {
			if v, ok := b.unbind(rv.Field(f.index)); ok {
				out[f.member] = v
			}
		}
		return out
	}
	// Collect first and size the map by the members set: a union such as
	// DynamoDB's AttributeValue has ten fields and one set, and a map sized
	// for ten costs several times one sized for one.
	var set [maxStackMembers]struct {
		member string
		v      any
	}
	n := 0
	for _, f := range fs {
		if v, ok := b.unbind(rv.Field(f.index)); ok {
			set[n].member, set[n].v = f.member, v
			n++
		}
	}
	out := make(map[string]any, n)
	for _, e := range set[:n] {
		out[e.member] = e.v
	}
	return out
}

// maxStackMembers bounds the structures unbindStruct collects on the stack.
const maxStackMembers = 32

func (b *Binder) unbind(v reflect.Value) (any, bool) {
	t := v.Type()
	switch {
	case t == readerType || t.Kind() == reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return v.Interface(), true
	case t == timeType:
		return v.Interface().(time.Time).UTC(), true
	case t == bytesType:
		if v.IsNil() {
			return nil, false
		}
		return v.Bytes(), true
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return b.unbind(v.Elem())
	case reflect.Struct:
		return b.unbindStruct(v), true
	case reflect.Slice:
		if v.IsNil() {
			return nil, false
		}
		l := make([]any, v.Len())
		for i := range l {
			l[i], _ = b.unbind(v.Index(i))
		}
		return l, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		m := make(map[string]any, v.Len())
		// One key and one value reused for every entry: it.Key() and
		// it.Value() copy each into a new allocation. Safe because unbind
		// copies what it returns out of the value (strings, slice headers).
		key, val := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		it := v.MapRange()
		for it.Next() {
			key.SetIterKey(it)
			val.SetIterValue(it)
			m[key.String()], _ = b.unbind(val)
		}
		return m, true
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return nil, false
}

func mismatch(path string, v any, want string) error {
	return fmt.Errorf("value at '%s' must be a %s, not %T", trimPath(path), want, v)
}

func trimPath(p string) string {
	if len(p) > 0 && p[0] == '.' {
		return p[1:]
	}
	return p
}
