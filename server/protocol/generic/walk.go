// Package generic walks generic values (see package protocol) along a
// model shape. The codecs that turn a whole body into a tree of wire values
// (jsonrpc and restjson's JSON, cbor's CBOR) descend structures, unions,
// lists and maps the same way; only their scalars, documents, key names and
// error wording differ, which a Walker takes as functions.
package generic

import (
	"fmt"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// Container kinds a Walker reports to Mismatch.
const (
	Structure = "structure" // structure and union shapes
	List      = "list"
	Map       = "map"
)

// Walker converts a value tree between generic values and a codec's wire
// values, in either direction. It is configured once per codec and
// direction and is safe for concurrent use.
//
// The walk: a structure or union takes the members of the shape in model
// order, looked up by ReadKey and stored under WriteKey, skipping absent and
// nil members; a list keeps its length, leaving nil elements nil; a map
// drops nil values unless KeepNullMapValues. Paths read "a.b[2].c" (the
// top level is ""); depth counts one per member, element or map value.
type Walker struct {
	// MaxDepth bounds the nesting; deeper values fail with TooDeep(path).
	MaxDepth int
	TooDeep  func(path string) error
	// Mismatch is the error for v not being the container kind
	// (Structure, List or Map) its shape needs.
	Mismatch func(path, kind string, v any) error
	// Document converts the value of a document shape.
	Document func(v any) any
	// Scalar converts every other shape type (and rejects unknown ones).
	Scalar func(ref *model.Ref, v any, path string) (any, error)
	// ReadKey and WriteKey name a member in the source and in the result
	// (nil: the member name).
	ReadKey, WriteKey func(name string, ref *model.Ref) string
	// KeepNullMapValues keeps a nil map value as nil instead of dropping it.
	KeepNullMapValues bool
}

// Value converts v, a value of ref's shape at path and depth.
func (w *Walker) Value(ref *model.Ref, v any, path string, depth int) (any, error) {
	if depth > w.MaxDepth {
		return nil, w.TooDeep(path)
	}
	sh := ref.Shape
	if sh.Document {
		return w.Document(v), nil
	}
	switch sh.Type {
	case "structure", "union":
		return w.Struct(sh, v, nil, path, depth)
	case "list":
		l, ok := v.([]any)
		if !ok {
			return nil, w.Mismatch(path, List, v)
		}
		out := make([]any, len(l))
		for i, e := range l {
			if e == nil {
				continue
			}
			x, err := w.Value(sh.Member, e, fmt.Sprintf("%s[%d]", path, i), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, w.Mismatch(path, Map, v)
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			if e == nil {
				if w.KeepNullMapValues {
					out[k] = nil
				}
				continue
			}
			x, err := w.Value(sh.Value, e, Join(path, k), depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = x
		}
		return out, nil
	}
	return w.Scalar(ref, v, path)
}

// Struct converts v, a value of the structure or union shape sh, keeping
// only the members for which include returns true (nil: all).
func (w *Walker) Struct(sh *model.Shape, v any, include func(*model.Ref) bool, path string, depth int) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, w.Mismatch(path, Structure, v)
	}
	out := make(map[string]any, len(m))
	for _, name := range sh.MemberNames {
		ref := sh.Members[name]
		if include != nil && !include(ref) {
			continue
		}
		e, ok := m[key(w.ReadKey, name, ref)]
		if !ok || e == nil {
			continue
		}
		x, err := w.Value(ref, e, Join(path, name), depth+1)
		if err != nil {
			return nil, err
		}
		out[key(w.WriteKey, name, ref)] = x
	}
	return out, nil
}

func key(f func(string, *model.Ref) string, name string, ref *model.Ref) string {
	if f == nil {
		return name
	}
	return f(name, ref)
}

// Join appends a member name or map key to a path.
func Join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// DisplayPath is a path for messages: "<body>" for the top level.
func DisplayPath(p string) string {
	if p == "" {
		return "<body>"
	}
	return p
}
