package dynamodb

import (
	"reflect"
	"testing"
)

// Every field of table is saved by SaveState, derived on load (schema,
// counts) or runtime-only: a new field fails this test until state.go
// handles it.
func TestStateCoversEveryField(t *testing.T) {
	names := []string{
		"mu", "name", "arn", "id", "created", "keySchema", "attrDefs", "hash", "rng", "hashType", "rngType",
		"billing", "billingExplicit", "rcu", "wcu", "protected", "stream", "tableClass", "gsis", "lsis",
		"defs", "tags", "ttlAttr", "pitr", "pitrDays", "parts", "count", "size",
		"streamLog", "kinesis", "nextSweep", "ixData", // nextSweep is runtime-only, ixData derived
	}
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	typ := reflect.TypeOf(table{})
	for i := range typ.NumField() {
		if f := typ.Field(i); !known[f.Name] {
			t.Errorf("table.%s is not saved in snapshots: handle it in state.go (and server/state/FORMAT.md), then list it here", f.Name)
		}
	}
}
