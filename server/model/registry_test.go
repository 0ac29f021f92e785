package model_test

import (
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// Every embedded model parses and links (every shape reference resolves), so
// every AWS service is routable.
func TestEveryModelLoads(t *testing.T) {
	reg := model.NewRegistry()
	if n := len(reg.All()); n < 400 {
		t.Fatalf("only %d services embedded", n)
	}
	for _, in := range reg.All() {
		svc, err := reg.Service(in.Name)
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
			continue
		}
		if len(svc.Operations) == 0 {
			t.Errorf("%s: no operations", in.Name)
		}
	}
}

func TestLookups(t *testing.T) {
	reg := model.NewRegistry()
	if in, ok := reg.ByTargetPrefix("DynamoDB_20120810"); !ok || in.Name != "dynamodb" {
		t.Errorf("target prefix: %v", in)
	}
	if got := reg.BySigningName("monitoring"); len(got) != 1 || got[0].Name != "cloudwatch" {
		t.Errorf("signing name monitoring: %v", got)
	}
	if in, ok := reg.ByEndpointPrefix("sqs"); !ok || in.Name != "sqs" {
		t.Errorf("endpoint prefix: %v", in)
	}
	s3, err := reg.Service("s3")
	if err != nil {
		t.Fatal(err)
	}
	op := s3.Operations["PutObject"]
	// PutObject: PUT /{Bucket}/{Key+} (the S3 model's http trait).
	if op.HTTP.Method != "PUT" || len(op.Path) != 2 || op.Path[0].Label != "Bucket" || !op.Path[1].Greedy {
		t.Errorf("PutObject path %+v", op.Path)
	}
	if !op.Input.Shape.Members["Body"].IsStreaming() {
		t.Error("PutObject Body should be a streaming blob")
	}
	if _, ok, _ := reg.QueryView("dynamodb"); ok {
		t.Error("dynamodb has no query view")
	}
}
