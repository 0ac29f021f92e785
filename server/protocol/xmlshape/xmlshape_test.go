package xmlshape

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// testModel exercises the XML traits: flattened list and map with
// locationNames, attributes with a namespace prefix, nested structures.
const testModel = `{"metadata":{"protocol":"rest-xml"},"operations":{},"shapes":{
 "Root":{"type":"structure","members":{
   "Items":{"shape":"Items","flattened":true},
   "Wrapped":{"shape":"Wrapped","locationName":"WrappedList"},
   "Attrs":{"shape":"Attrs","locationName":"Attr"},
   "Plain":{"shape":"Plain"},
   "Who":{"shape":"Who"},
   "When":{"shape":"T"},
   "Epoch":{"shape":"T","timestampFormat":"unixTimestamp"},
   "Data":{"shape":"B"},
   "Ratio":{"shape":"D"},
   "Count":{"shape":"I"},
   "On":{"shape":"Bool"}}},
 "Items":{"type":"list","member":{"shape":"S","locationName":"Item"}},
 "Wrapped":{"type":"list","member":{"shape":"S","locationName":"w"}},
 "Attrs":{"type":"map","flattened":true,"key":{"shape":"S","locationName":"Name"},"value":{"shape":"S","locationName":"Value"}},
 "Plain":{"type":"map","key":{"shape":"S"},"value":{"shape":"I"}},
 "Who":{"type":"structure","xmlNamespace":{"prefix":"xsi","uri":"http://www.w3.org/2001/XMLSchema-instance"},
   "members":{"Type":{"shape":"S","locationName":"xsi:type","xmlAttribute":true},"ID":{"shape":"S"}}},
 "S":{"type":"string"},"T":{"type":"timestamp"},"B":{"type":"blob"},"D":{"type":"double"},"I":{"type":"integer"},"Bool":{"type":"boolean"}}}`

func TestRoundTrip(t *testing.T) {
	svc, err := model.Parse("test", []byte(testModel))
	if err != nil {
		t.Fatal(err)
	}
	root := &model.Ref{Shape: svc.Shapes["Root"]}
	when := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
	v := map[string]any{
		"Items":   []any{"a", "b&c"},
		"Wrapped": []any{"x"},
		"Attrs":   map[string]any{"k1": "v1", "k2": ""},
		"Plain":   map[string]any{"n": int64(1)},
		"Who":     map[string]any{"Type": "CanonicalUser", "ID": "id"},
		"When":    when, "Epoch": when, "Data": []byte{0, 1, 2}, "Ratio": math.Inf(-1), "Count": int64(-3), "On": true,
	}
	var buf bytes.Buffer
	if err := (&Encoder{Buf: &buf, TimestampFormat: ISO8601}).Root("Root", root, v, "urn:ns"); err != nil {
		t.Fatal(err)
	}
	// Expected: Smithy XML bindings (flattened members repeat the member's
	// element, xmlAttribute on the structure's element).
	want := `<Root xmlns="urn:ns"><Attr><Name>k1</Name><Value>v1</Value></Attr><Attr><Name>k2</Name><Value></Value></Attr>` +
		`<Count>-3</Count><Data>AAEC</Data><Epoch>1767323045.006</Epoch><Item>a</Item><Item>b&amp;c</Item><On>true</On>` +
		`<Plain><entry><key>n</key><value>1</value></entry></Plain><Ratio>-Infinity</Ratio><When>2026-01-02T03:04:05.006Z</When>` +
		`<Who xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>id</ID></Who><WrappedList><w>x</w></WrappedList></Root>`
	if buf.String() != want {
		t.Fatalf("encoded\n%s\nwant\n%s", buf.String(), want)
	}
	n, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decoder{}.Struct(n, root.Shape, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, v) {
		t.Errorf("decoded\n%#v\nwant\n%#v", got, v)
	}
}

func TestParseLimits(t *testing.T) {
	for name, doc := range map[string]string{
		"deep":         strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100),
		"two roots":    "<a/><b/>",
		"unclosed":     "<a><b></a>",
		"text after":   "<a/>junk",
		"bad entity":   "<a>&nope;</a>",
		"many nodes":   "<a>" + strings.Repeat("<b/>", MaxNodes+1) + "</a>",
		"doctype bomb": `<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if n, err := Parse([]byte("  \n")); n != nil || err != nil {
		t.Errorf("empty document: %v, %v", n, err)
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, s := range []string{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z", "2026-01-02T05:04:05+02:00", "2026-01-02T03:04:05", "Fri, 02 Jan 2026 03:04:05 GMT", "1767323045"} {
		if got, ok := ParseTime(s); !ok || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "yesterday", "1e300", "NaN"} {
		if _, ok := ParseTime(s); ok {
			t.Errorf("ParseTime(%q) succeeded", s)
		}
	}
}

func TestFormatFloat(t *testing.T) {
	for f, want := range map[float64]string{1.5: "1.5", 100000000: "100000000", 1e21: "1e+21", 1e-7: "1e-07", 0: "0", math.NaN(): "NaN"} {
		if got := FormatFloat(f); got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", f, got, want)
		}
	}
}
