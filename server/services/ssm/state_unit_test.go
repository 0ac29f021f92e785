package ssm

import (
	"reflect"
	"testing"
)

// Every field of param and pversion is saved by SaveState: a new field
// fails this test until state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	checkFields(t, reflect.TypeOf(param{}), []string{"name", "versions", "tags", "resourcePolicies"})
	checkFields(t, reflect.TypeOf(pversion{}), []string{"version", "typ", "value", "keyID", "description", "allowedPattern",
		"tier", "policies", "dataType", "modified", "user", "labels"})
}

func checkFields(t *testing.T, typ reflect.Type, names []string) {
	t.Helper()
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for i := range typ.NumField() {
		if f := typ.Field(i); !known[f.Name] {
			t.Errorf("%s.%s is not saved in snapshots: handle it in state.go, then list it here", typ.Name(), f.Name)
		}
	}
}
