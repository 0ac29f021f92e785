package restxml

import (
	"net/http/httptest"
	"testing"

	awsxml "github.com/aws/aws-sdk-go-v2/aws/protocol/xml"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// TestErrorsParseWithSDK: aws-sdk-go-v2's XML error parser reads the
// wrapped (Route 53) and unwrapped (S3) documents.
func TestErrorsParseWithSDK(t *testing.T) {
	reg := model.NewRegistry()
	meta := protocol.Meta{RequestID: "req-9", Resource: "/b"}
	apiErr := awsapi.NewError(404, "NoSuchHostedZone", "No hosted zone found with ID: Z9")
	for _, tc := range []struct {
		service   string
		unwrapped bool
	}{{"route53", false}, {"s3", true}} {
		svc, err := reg.Service(tc.service)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		New().EncodeError(rec, svc, nil, apiErr, nil, meta)
		got, err := awsxml.GetErrorResponseComponents(rec.Body, tc.unwrapped)
		if err != nil || got.Code != apiErr.Code || got.Message != apiErr.Message || got.RequestID != "req-9" || rec.Code != 404 {
			t.Errorf("%s error parsed as %+v, %v (status %d)", tc.service, got, err, rec.Code)
		}
	}
}
