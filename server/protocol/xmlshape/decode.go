package xmlshape

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// MaxNodes bounds the elements of one parsed document: with MaxDepth it
// keeps hostile bodies from exhausting memory (S3's largest documents,
// CompleteMultipartUpload with 10,000 parts, stay well below).
const MaxNodes = 200_000

// Node is one parsed XML element.
type Node struct {
	Name     xml.Name
	Attr     []xml.Attr
	Children []*Node
	Text     string
}

// SyntaxError is a body that is not well-formed XML or exceeds the limits.
type SyntaxError struct{ Msg string }

func (e *SyntaxError) Error() string { return e.Msg }

// Parse reads one XML document and returns its root element. An empty
// document (only whitespace) returns nil and no error.
func Parse(data []byte) (*Node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var root *Node
	var stack []*Node
	var text []*strings.Builder
	nodes := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &SyntaxError{"XML syntax error: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > MaxNodes || len(stack) >= maxDepth {
				return nil, &SyntaxError{"XML document too large or too deeply nested"}
			}
			n := &Node{Name: t.Name, Attr: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, &SyntaxError{"XML document has more than one root element"}
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
			text = append(text, &strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.Text = text[len(text)-1].String()
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1].Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, &SyntaxError{"XML document has text outside the root element"}
			}
		}
	}
	if len(stack) > 0 {
		return nil, &SyntaxError{"XML document ends inside an element"}
	}
	return root, nil
}

// Child returns the first child element with local name, or nil.
func (n *Node) Child(name string) *Node {
	for _, c := range n.Children {
		if c.Name.Local == name {
			return c
		}
	}
	return nil
}

// Decoder turns parsed XML into generic values of model shapes.
type Decoder struct{}

// Struct decodes the members of structure shape sh from the children and
// attributes of n, skipping members for which skip returns true. Unknown
// elements are ignored, as AWS services do.
func (d Decoder) Struct(n *Node, sh *model.Shape, skip func(*model.Ref) bool, path string) (map[string]any, error) {
	return d.structure(n, sh, skip, path, 0)
}

func (d Decoder) structure(n *Node, sh *model.Shape, skip func(*model.Ref) bool, path string, depth int) (map[string]any, error) {
	out := map[string]any{}
	for _, mn := range sh.MemberNames {
		ref := sh.Members[mn]
		if skip != nil && skip(ref) {
			continue
		}
		name := MemberName(mn, ref)
		mpath := join(path, mn)
		if ref.XMLAttribute {
			local := name
			if i := strings.IndexByte(local, ':'); i >= 0 {
				local = local[i+1:]
			}
			for _, a := range n.Attr {
				if a.Name.Local == local {
					v, err := ParseScalar(ref.Shape, a.Value, mpath)
					if err != nil {
						return nil, err
					}
					out[mn] = v
				}
			}
			continue
		}
		if ref.IsFlattened() && (ref.Shape.Type == "list" || ref.Shape.Type == "map") {
			var items []*Node
			for _, c := range n.Children {
				if c.Name.Local == name {
					items = append(items, c)
				}
			}
			if len(items) == 0 {
				continue
			}
			var err error
			if ref.Shape.Type == "list" {
				l := make([]any, len(items))
				for i, c := range items {
					if l[i], err = d.value(c, ref.Shape.Member, fmt.Sprintf("%s[%d]", mpath, i), depth+1); err != nil {
						return nil, err
					}
				}
				out[mn] = l
			} else {
				m := map[string]any{}
				if err = d.entries(items, ref.Shape, m, mpath, depth+1); err != nil {
					return nil, err
				}
				out[mn] = m
			}
			continue
		}
		c := n.Child(name)
		if c == nil {
			continue
		}
		v, err := d.value(c, ref, mpath, depth+1)
		if err != nil {
			return nil, err
		}
		out[mn] = v
	}
	return out, nil
}

// Value decodes element n as a value of ref's shape.
func (d Decoder) Value(n *Node, ref *model.Ref, path string) (any, error) {
	return d.value(n, ref, path, 0)
}

func (d Decoder) value(n *Node, ref *model.Ref, path string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, &SyntaxError{"XML document too deeply nested"}
	}
	sh := ref.Shape
	switch sh.Type {
	case "structure":
		return d.structure(n, sh, nil, path, depth)
	case "list":
		l := make([]any, 0, len(n.Children))
		for i, c := range n.Children {
			v, err := d.value(c, sh.Member, fmt.Sprintf("%s[%d]", path, i), depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case "map":
		m := map[string]any{}
		var entries []*Node
		for _, c := range n.Children {
			if c.Name.Local == "entry" {
				entries = append(entries, c)
			}
		}
		if err := d.entries(entries, sh, m, path, depth+1); err != nil {
			return nil, err
		}
		return m, nil
	}
	return ParseScalar(sh, n.Text, path)
}

func (d Decoder) entries(items []*Node, sh *model.Shape, m map[string]any, path string, depth int) error {
	kn, vn := "key", "value"
	if sh.Key.LocationName != "" {
		kn = sh.Key.LocationName
	}
	if sh.Value.LocationName != "" {
		vn = sh.Value.LocationName
	}
	for _, e := range items {
		k := e.Child(kn)
		if k == nil {
			return &ValueError{path, "", "map entry with a " + kn}
		}
		var v any
		if vc := e.Child(vn); vc != nil {
			var err error
			if v, err = d.value(vc, sh.Value, join(path, k.Text), depth+1); err != nil {
				return err
			}
		}
		m[k.Text] = v
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
