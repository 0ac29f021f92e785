package sqs

import (
	"reflect"
	"testing"
)

// Every field of queue and message is saved by SaveState, rebuilt on load,
// or listed here as runtime-only: a new field fails this test until
// state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	checkFields(t, reflect.TypeOf(queue{}), []string{
		"mu", "name", "account", "region", "arn", "fifo", "attrs", "created", "modified", "tags", "deleted", "lastPurge",
		"groups", "available", "hidden", "receipts", "ready", "delayed", "inflight", "notify", "dedup", "dedupOrder", "seq", "attempts",
	})
	checkFields(t, reflect.TypeOf(message{}), []string{
		"id", "body", "md5Body", "md5Attrs", "md5SysAttrs", "attrs", "sysAttrs", "sent", "senderID",
		"firstReceive", "receiveCount", "receipt", "groupID", "dedupID", "seq", "deadLetterSource",
		"state", "visibleAt", "heapIndex", "elem", "group",
	})
}

func checkFields(t *testing.T, typ reflect.Type, names []string) {
	t.Helper()
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for i := range typ.NumField() {
		if f := typ.Field(i); !known[f.Name] {
			t.Errorf("%s.%s is not saved in snapshots: handle it in state.go (and server/state/FORMAT.md), then list it here", typ.Name(), f.Name)
		}
	}
}
