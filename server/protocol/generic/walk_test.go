package generic

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// identity is a walker that copies scalars, reads members by locationName and
// reports errors as text, so the walk itself is what is tested.
func identity(keepNull bool) *Walker {
	return &Walker{
		MaxDepth: 3,
		TooDeep:  func(path string) error { return fmt.Errorf("too deep at %s", path) },
		Mismatch: func(path, kind string, v any) error { return fmt.Errorf("%s: not a %s", DisplayPath(path), kind) },
		Document: func(v any) any { return v },
		Scalar:   func(_ *model.Ref, v any, _ string) (any, error) { return v, nil },
		ReadKey: func(name string, ref *model.Ref) string {
			if ref.LocationName != "" {
				return ref.LocationName
			}
			return name
		},
		KeepNullMapValues: keepNull,
	}
}

func testShape() *model.Shape {
	str := &model.Shape{Name: "S", Type: "string"}
	list := &model.Shape{Name: "L", Type: "list", Member: &model.Ref{Shape: str}}
	m := &model.Shape{Name: "M", Type: "map", Key: &model.Ref{Shape: str}, Value: &model.Ref{Shape: str}}
	return &model.Shape{Name: "T", Type: "structure", MemberNames: []string{"A", "L", "M"}, Members: map[string]*model.Ref{
		"A": {Shape: str, LocationName: "a"}, "L": {Shape: list}, "M": {Shape: m},
	}}
}

func TestWalkerStruct(t *testing.T) {
	in := map[string]any{"a": "x", "A": "ignored", "L": []any{"p", nil}, "M": map[string]any{"k": "v", "n": nil}, "Unknown": 1}
	got, err := identity(false).Struct(testShape(), in, nil, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"A": "x", "L": []any{"p", nil}, "M": map[string]any{"k": "v"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	got, _ = identity(true).Struct(testShape(), in, func(r *model.Ref) bool { return r.Shape.Type == "map" }, "", 0)
	if want := map[string]any{"M": map[string]any{"k": "v", "n": nil}}; !reflect.DeepEqual(got, want) {
		t.Errorf("include/keep null: got %#v, want %#v", got, want)
	}
}

func TestWalkerErrors(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{[]any{}, "<body>: not a structure"},
		{map[string]any{"L": "x"}, "L: not a list"},
		{map[string]any{"M": []any{}}, "M: not a map"},
	} {
		_, err := identity(false).Struct(testShape(), tc.in, nil, "", 0)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v: err %v, want %q", tc.in, err, tc.want)
		}
	}
	_, err := identity(false).Struct(testShape(), map[string]any{"L": []any{"x"}}, nil, "", 2)
	if err == nil || err.Error() != "too deep at L[0]" {
		t.Errorf("depth: err %v", err)
	}
}
