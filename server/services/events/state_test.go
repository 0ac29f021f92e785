package events

import (
	"reflect"
	"testing"
)

// Every field of the stored types is saved by SaveState, rebuilt on load,
// or runtime-only and listed here: a new field fails this test until
// state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	check := func(typ reflect.Type, names ...string) {
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
	check(reflect.TypeOf(store{}), "account", "region", "buses", "archives", "replays", "partnerSources", "connections", "apiDestinations", "endpoints")
	check(reflect.TypeOf(bus{}), "name", "arn", "description", "kmsKey", "deadLetter", "logConfig", "policy", "created", "modified", "tags", "rules")
	check(reflect.TypeOf(rule{}), "name", "arn", "busName", "eventPattern", "schedule", "state", "description", "roleArn",
		"managedBy", "createdBy", "compiled", "sched", "created", "targets", "tags")
	check(reflect.TypeOf(archive{}), "name", "arn", "source", "description", "eventPattern", "kmsKey", "compiled",
		"retentionDays", "state", "created", "events", "size")
	check(reflect.TypeOf(replay{}), "name", "arn", "description", "source", "state", "reason", "destination",
		"eventStart", "eventEnd", "lastReplayed", "started", "ended")
	check(reflect.TypeOf(partnerSource{}), "name", "arn", "createdBy", "state", "created", "expires")
}
