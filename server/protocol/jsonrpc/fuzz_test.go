package jsonrpc

import (
	"bytes"
	"net/http/httptest"
	"testing"

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
		protocoltest.CheckDecode(t, c, svc, r)
	})
}
