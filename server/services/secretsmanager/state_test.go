package secretsmanager

import (
	"reflect"
	"testing"
)

// Every field of secret and version is saved by SaveState: a new field
// fails this test until state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	checkFields(t, reflect.TypeOf(secret{}), []string{"name", "arn", "description", "kmsKeyID", "secretType", "created",
		"lastChanged", "lastAccessed", "deleted", "deletionDate", "rotation", "rotationLambda", "rotationRules", "lastRotated",
		"policy", "tags", "replicas", "versions", "order"})
	checkFields(t, reflect.TypeOf(version{}), []string{"id", "created", "accessed", "stages", "binary", "ciphertext", "keyARN"})
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
