package dynamodb

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Every field of table is saved by SaveState, derived on load (schema,
// counts) or runtime-only: a new field fails this test until state.go
// handles it.
func TestStateCoversEveryField(t *testing.T) {
	names := []string{
		"mu", "name", "arn", "id", "created", "keySchema", "attrDefs", "hash", "rng", "hashType", "rngType",
		"billing", "billingExplicit", "rcu", "wcu", "protected", "stream", "tableClass", "gsis", "lsis",
		"defs", "tags", "ttlAttr", "pitr", "pitrDays", "parts", "count", "size",
		"streamLog", "kinesis", "insights", "replicas", "nextSweep", "ixData", // nextSweep is runtime-only, ixData derived
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

// A snapshot round trip keeps tables, items, stream position and backups
// (restorable after import).
func TestStateRoundTripStreamsAndBackups(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	if _, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr("NEW_IMAGE")}}); err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "n": N("1.50")})
	b, err := s.CreateBackup(ctx, &CreateBackupInput{TableName: ptr("t"), BackupName: ptr("b1")})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("b")})
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", testNow)
	if err := s.SaveState(ctx, w.Service("dynamodb")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := state.OpenReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	loaded := newTestService()
	if err := loaded.LoadState(ctx, r.Service("dynamodb"), false); err != nil {
		t.Fatal(err)
	}
	d, _ := loaded.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("t")})
	if *d.Table.ItemCount != 2 || d.Table.LatestStreamArn == nil {
		t.Fatalf("%+v", d.Table)
	}
	if _, err := loaded.RestoreTableFromBackup(ctx, &RestoreTableFromBackupInput{BackupArn: b.BackupDetails.BackupArn, TargetTableName: ptr("r")}); err != nil {
		t.Fatal(err)
	}
	g, _ := loaded.Scan(ctx, &ScanInput{TableName: ptr("r")})
	if *g.Count != 1 || *g.Items[0]["n"].N != "1.50" {
		t.Fatalf("%+v", g.Items)
	}
	// Writes after the import continue the stream's sequence.
	mustPut(t, loaded, "t", map[string]AttributeValue{"pk": S("c")})
	recs, info, _ := loaded.StreamRecords(ctx, *d.Table.LatestStreamArn, 0, 10)
	if len(recs) != 1 || recs[0].Seq != firstSeq+2 || info.FirstSeq != firstSeq+2 {
		t.Fatalf("%+v %+v", recs, info)
	}
}
