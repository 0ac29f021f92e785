package query

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/ec2query"
	awsxml "github.com/aws/aws-sdk-go-v2/aws/protocol/xml"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// TestErrorsParseWithSDK: aws-sdk-go-v2's own error-body parsers (the ones
// its generated ec2 and query deserializers call) read code, message and
// request id from both error documents.
func TestErrorsParseWithSDK(t *testing.T) {
	reg := model.NewRegistry()
	meta := protocol.Meta{RequestID: "req-9"}
	apiErr := awsapi.NewError(400, "InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist")

	ec2, err := reg.Service("ec2")
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	NewEC2().EncodeError(rec, ec2, ec2.Operations["DescribeInstances"], apiErr, nil, meta)
	got, err := ec2query.GetErrorResponseComponents(rec.Body)
	if err != nil || got.Code != apiErr.Code || got.Message != apiErr.Message || got.RequestID != "req-9" {
		t.Errorf("ec2 error parsed as %+v, %v", got, err)
	}

	sns, err := reg.Service("sns")
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	New().EncodeError(rec, sns, nil, apiErr, nil, meta)
	qc, err := awsxml.GetErrorResponseComponents(rec.Body, false)
	if err != nil || qc.Code != apiErr.Code || qc.Message != apiErr.Message || qc.RequestID != "req-9" {
		t.Errorf("query error parsed as %+v, %v", qc, err)
	}
}
