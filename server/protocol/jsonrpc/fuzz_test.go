package jsonrpc

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"

	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// FuzzDecode feeds arbitrary targets and bodies to Operation and Decode of
// DynamoDB (deeply nested AttributeValues) and SQS: they must never panic and
// fail only with a 4xx *awsapi.Error. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	services := []string{"dynamodb", "sqs", "kinesis"}
	svcs := make(map[string]*model.Service)
	for _, name := range services {
		svcs[name] = protocoltest.LoadService(f, name)
	}
	c := New()
	f.Add(uint8(0), "DynamoDB_20120810.PutItem", []byte(`{"TableName":"t","Item":{"a":{"M":{"b":{"L":[{"N":"1"}]}}}}}`))
	f.Fuzz(func(t *testing.T, which uint8, target string, body []byte) {
		svc := svcs[services[int(which)%len(services)]]
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header.Set("X-Amz-Target", target)
		op, err := c.Operation(svc, r)
		if err != nil {
			assert4xx(t, err)
			return
		}
		if _, err := c.Decode(svc, op, r); err != nil {
			assert4xx(t, err)
		}
	})
}

func assert4xx(t *testing.T, err error) {
	t.Helper()
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %v (%T) is not a 4xx *awsapi.Error", err, err)
	}
}
