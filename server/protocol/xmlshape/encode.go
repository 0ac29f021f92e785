package xmlshape

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// maxDepth bounds nesting on both encode and decode, so a cyclic or hostile
// value cannot exhaust the stack. AWS models nest far less deeply.
const maxDepth = 64

// Encoder writes generic values as XML elements.
type Encoder struct {
	Buf *bytes.Buffer
	// TimestampFormat is the default for timestamps without a trait
	// (iso8601 for every XML protocol).
	TimestampFormat string
	// Name picks an element's name for a structure member; nil uses
	// MemberName (locationName, else the member name).
	Name func(member string, ref *model.Ref) string
}

// MemberName is the XML element name of a structure member: its
// locationName, else the member name. A flattened list whose member has a
// locationName uses that instead (botocore's _member_key_name).
func MemberName(member string, ref *model.Ref) string {
	if ref.Shape != nil && ref.Shape.Type == "list" && ref.IsFlattened() && ref.Shape.Member != nil && ref.Shape.Member.LocationName != "" {
		return ref.Shape.Member.LocationName
	}
	if ref.LocationName != "" {
		return ref.LocationName
	}
	return member
}

// Text writes s escaped as XML character data (or an attribute value):
// the five predefined entities as AWS writes them (ETags as &quot;e&quot;),
// CR as a character reference so it survives parsing, and characters XML
// cannot carry replaced by U+FFFD.
func Text(buf *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			buf.WriteString("&amp;")
		case '<':
			buf.WriteString("&lt;")
		case '>':
			buf.WriteString("&gt;")
		case '"':
			buf.WriteString("&quot;")
		case '\r':
			buf.WriteString("&#xD;")
		default:
			if !xmlChar(r) {
				r = utf8.RuneError
			}
			buf.WriteRune(r)
		}
	}
}

// xmlChar reports the characters XML 1.0 allows (the Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF && r != utf8.RuneError ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// Element writes <name>text</name> with the text escaped.
func Element(buf *bytes.Buffer, name, text string) {
	buf.WriteByte('<')
	buf.WriteString(name)
	buf.WriteByte('>')
	Text(buf, text)
	buf.WriteString("</")
	buf.WriteString(name)
	buf.WriteByte('>')
}

func (e *Encoder) name(member string, ref *model.Ref) string {
	if e.Name != nil {
		return e.Name(member, ref)
	}
	return MemberName(member, ref)
}

// Root writes the element name for the value v of ref, with ref's (or its
// shape's) xmlNamespace, defaulting to ns when neither sets one.
func (e *Encoder) Root(name string, ref *model.Ref, v any, ns string) error {
	return e.value(name, ref, v, ns, 0)
}

// Members writes the members of structure value v in MemberNames order,
// skipping those for which skip returns true (rest location members).
func (e *Encoder) Members(sh *model.Shape, v map[string]any, skip func(*model.Ref) bool) error {
	return e.members(sh, v, skip, 0)
}

func (e *Encoder) members(sh *model.Shape, v map[string]any, skip func(*model.Ref) bool, depth int) error {
	for _, mn := range sh.MemberNames {
		ref := sh.Members[mn]
		mv, ok := v[mn]
		if !ok || mv == nil || ref.XMLAttribute || (skip != nil && skip(ref)) {
			continue
		}
		name := e.name(mn, ref)
		if ref.Shape.Type == "list" && ref.IsFlattened() {
			l, ok := mv.([]any)
			if !ok {
				return fmt.Errorf("xmlshape: member %s of %s: %T is not a list", mn, sh.Name, mv)
			}
			for _, item := range l {
				if err := e.value(name, ref.Shape.Member, item, "", depth+1); err != nil {
					return err
				}
			}
			continue
		}
		if ref.Shape.Type == "map" && ref.IsFlattened() {
			m, ok := mv.(map[string]any)
			if !ok {
				return fmt.Errorf("xmlshape: member %s of %s: %T is not a map", mn, sh.Name, mv)
			}
			if err := e.mapEntries(name, ref.Shape, m, depth+1); err != nil {
				return err
			}
			continue
		}
		if err := e.value(name, ref, mv, "", depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (e *Encoder) open(name string, ref *model.Ref, v any, ns string) error {
	e.Buf.WriteByte('<')
	e.Buf.WriteString(name)
	x := ref.XMLNamespace
	if x == nil && ref.Shape != nil {
		x = ref.Shape.XMLNamespace
	}
	if x != nil && x.URI != "" {
		if x.Prefix != "" {
			e.Buf.WriteString(" xmlns:" + x.Prefix + `="`)
		} else {
			e.Buf.WriteString(` xmlns="`)
		}
		Text(e.Buf, x.URI)
		e.Buf.WriteByte('"')
	} else if ns != "" {
		e.Buf.WriteString(` xmlns="`)
		Text(e.Buf, ns)
		e.Buf.WriteByte('"')
	}
	if ref.Shape == nil || ref.Shape.Type != "structure" {
		return nil
	}
	m, _ := v.(map[string]any)
	for _, mn := range ref.Shape.MemberNames {
		mr := ref.Shape.Members[mn]
		av, ok := m[mn]
		if !mr.XMLAttribute || !ok || av == nil {
			continue
		}
		s, err := FormatScalar(mr, av, e.TimestampFormat)
		if err != nil {
			return err
		}
		e.Buf.WriteString(" " + e.name(mn, mr) + `="`)
		Text(e.Buf, s)
		e.Buf.WriteByte('"')
	}
	return nil
}

func (e *Encoder) value(name string, ref *model.Ref, v any, ns string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("xmlshape: value nested deeper than %d", maxDepth)
	}
	if err := e.open(name, ref, v, ns); err != nil {
		return err
	}
	e.Buf.WriteByte('>')
	switch ref.Shape.Type {
	case "structure":
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			return fmt.Errorf("xmlshape: %s: %T is not a structure", name, v)
		}
		if err := e.members(ref.Shape, m, nil, depth); err != nil {
			return err
		}
	case "list":
		l, ok := v.([]any)
		if !ok && v != nil {
			return fmt.Errorf("xmlshape: %s: %T is not a list", name, v)
		}
		item := "member"
		if ref.Shape.Member.LocationName != "" {
			item = ref.Shape.Member.LocationName
		}
		for _, x := range l {
			if err := e.value(item, ref.Shape.Member, x, "", depth+1); err != nil {
				return err
			}
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			return fmt.Errorf("xmlshape: %s: %T is not a map", name, v)
		}
		if err := e.mapEntries("entry", ref.Shape, m, depth+1); err != nil {
			return err
		}
	default:
		if v != nil {
			s, err := FormatScalar(ref, v, e.TimestampFormat)
			if err != nil {
				return err
			}
			Text(e.Buf, s)
		}
	}
	e.Buf.WriteString("</" + closeName(name) + ">")
	return nil
}

// mapEntries writes one <entry> (or, flattened, one <name>) per key in
// sorted key order, each holding the key and value elements.
func (e *Encoder) mapEntries(entry string, sh *model.Shape, m map[string]any, depth int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kn, vn := "key", "value"
	if sh.Key.LocationName != "" {
		kn = sh.Key.LocationName
	}
	if sh.Value.LocationName != "" {
		vn = sh.Value.LocationName
	}
	for _, k := range keys {
		e.Buf.WriteString("<" + entry + ">")
		Element(e.Buf, kn, k)
		if err := e.value(vn, sh.Value, m[k], "", depth+1); err != nil {
			return err
		}
		e.Buf.WriteString("</" + entry + ">")
	}
	return nil
}

// closeName is the element name without attributes (names never carry any,
// but a locationName such as "xsi:type" keeps its prefix).
func closeName(name string) string {
	if i := strings.IndexByte(name, ' '); i >= 0 {
		return name[:i]
	}
	return name
}
