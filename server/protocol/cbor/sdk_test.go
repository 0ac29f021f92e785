package cbor

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sc "github.com/aws/smithy-go/encoding/cbor"

	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// aws-sdk-go-v2's CloudWatch client is not a dependency, so these tests read
// our responses with smithy-go's CBOR decoder and the steps its rpcv2 client
// takes (smithy-go transport/http/protocol/rpcv2: __type, namespace stripped,
// x-amzn-query-error overriding the code).

func TestSmithyDecodesOutputTimestamps(t *testing.T) {
	svc := protocoltest.LoadService(t, "cloudwatch")
	rec := httptest.NewRecorder()
	ts := time.Date(2017, 6, 2, 8, 40, 0, 123e6, time.UTC)
	out := map[string]any{"MetricDataResults": []any{map[string]any{"Id": "q", "Timestamps": []any{ts}, "Values": []any{1.5}}}}
	if err := New().Encode(rec, svc, svc.Operations["GetMetricData"], out, protocol.Meta{}); err != nil {
		t.Fatal(err)
	}
	v, err := sc.Decode(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	res := v.(sc.Map)["MetricDataResults"].(sc.List)[0].(sc.Map)
	tag, ok := res["Timestamps"].(sc.List)[0].(*sc.Tag)
	if !ok || tag.ID != 1 {
		t.Fatalf("timestamp = %#v, want tag 1", res["Timestamps"])
	}
	got, err := sc.AsTime(tag)
	if err != nil || !got.Equal(ts) {
		t.Fatalf("AsTime = %v, %v; want %v", got, err, ts)
	}
	if f, err := sc.AsFloat64(res["Values"].(sc.List)[0]); err != nil || f != 1.5 {
		t.Fatalf("Values[0] = %v, %v", f, err)
	}
}

func TestSmithyResolvesQueryCompatibleError(t *testing.T) {
	svc := protocoltest.LoadService(t, "cloudwatch")
	rec := httptest.NewRecorder()
	err := &DashboardNotFoundError{protocoltest.Modelled("ResourceNotFound", "Dashboard d does not exist", 404)}
	New().EncodeError(rec, svc, svc.Operations["GetDashboard"], err, nil, protocol.Meta{QueryCompatible: true})
	v, derr := sc.Decode(rec.Body.Bytes())
	if derr != nil {
		t.Fatal(derr)
	}
	typ := string(v.(sc.Map)["__type"].(sc.String))
	if i := strings.Index(typ, "#"); i >= 0 {
		typ = typ[i+1:]
	}
	if typ != "DashboardNotFoundError" {
		t.Fatalf("__type resolves to %q", typ)
	}
	if msg := v.(sc.Map)["message"].(sc.String); msg != "Dashboard d does not exist" {
		t.Fatalf("message %q", msg)
	}
	code, fault, _ := strings.Cut(rec.Header().Get("X-Amzn-Query-Error"), ";")
	if code != "ResourceNotFound" || fault != "Sender" {
		t.Fatalf("x-amzn-query-error %q;%q", code, fault)
	}
}
