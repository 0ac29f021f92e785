package kms

import (
	"reflect"
	"testing"
)

// Every field of key, grant and alias is saved by SaveState or listed here
// as runtime-only: a new field fails this test until state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	checkFields(t, reflect.TypeOf(key{}), []string{
		"id", "account", "region", "created", "description", "usage", "spec", "origin", "manager", "multiRegion",
		"state", "deletionDate", "pendingDays", "policy", "tags", "tagOrder", "rotation", "rotationDays", "rotations",
		"onDemandStart", "material", "grants", "validTo", "expirationModel", "primaryRegion", "replicaRegions",
		"pendingImport", // runtime-only: import parameters are valid 24 hours and not carried across a restart
		"lastUsed", "keyStore", "clusterID", "xksKeyID",
	})
	checkFields(t, reflect.TypeOf(grant{}), []string{"id", "token", "name", "grantee", "retiring", "operations", "constraints", "created", "issuingAccount"})
	checkFields(t, reflect.TypeOf(alias{}), []string{"name", "target", "created", "updated"})
	checkFields(t, reflect.TypeOf(customKeyStore{}), []string{"id", "name", "typ", "clusterID", "trustAnchor", "state", "created", "xks"})
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
