package query

import (
	"flag"
	"net/http"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestDecodeGolden decodes every testdata/decode/<service>/*.http with the
// service's model and compares {operation, input} or {error} with the .json
// beside it. The expected wire forms follow botocore's QuerySerializer and
// EC2Serializer (what the AWS CLI sends) and aws-sdk-go-v2's awsquery and
// ec2query serializers.
func TestDecodeGolden(t *testing.T) {
	reg := model.NewRegistry()
	protocoltest.DecodeFiles(t, *update, func(t *testing.T, name string, r *http.Request) map[string]any {
		svc, err := service(reg, name)
		if err != nil {
			t.Fatal(err)
		}
		c := New()
		if svc.Metadata.Protocol == "ec2" {
			c = NewEC2()
		}
		return protocoltest.TaggedDecode(c, svc, r, nil)
	})
}

// service loads a model; sqs is the query view of its JSON model.
func service(reg *model.Registry, name string) (*model.Service, error) {
	if name == "sqs" {
		svc, _, err := reg.QueryView(name)
		return svc, err
	}
	return reg.Service(name)
}
