package query

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// sdkServer answers every request with the codec: it records the decoded
// input and replies with respond's output or error.
func sdkServer(t *testing.T, c *Codec, svc *model.Service, respond protocoltest.Respond) (*httptest.Server, func() map[string]any) {
	var mu sync.Mutex
	var last map[string]any
	srv := httptest.NewServer(protocoltest.Server{
		Codec: c, Service: svc,
		Meta: func(*http.Request) protocol.Meta { return protocol.Meta{RequestID: "req-1"} },
		Respond: func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
			mu.Lock()
			last = in
			mu.Unlock()
			return respond(op, in)
		},
	}.Handler(t))
	t.Cleanup(srv.Close)
	return srv, func() map[string]any { mu.Lock(); defer mu.Unlock(); return last }
}

func stsClient(url string) *sts.Client {
	return sts.New(sts.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		}),
	})
}

// TestSTSWithSDK proves wire compatibility with aws-sdk-go-v2's awsquery
// serializer and deserializer: what the SDK sends decodes to the expected
// generic input, and what the codec encodes the SDK parses, errors included.
func TestSTSWithSDK(t *testing.T) {
	svc, err := model.NewRegistry().Service("sts")
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, last := sdkServer(t, New(), svc, func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		switch op {
		case "GetCallerIdentity":
			return map[string]any{"Account": "000000000000", "Arn": "arn:aws:iam::000000000000:root", "UserId": "AKIA"}, nil
		case "AssumeRole":
			return map[string]any{
				"Credentials":     map[string]any{"AccessKeyId": "ASIA1", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": exp},
				"AssumedRoleUser": map[string]any{"Arn": "arn:aws:sts::000000000000:assumed-role/r/s", "AssumedRoleId": "AROA1:s"},
			}, nil
		}
		return nil, &awsapi.Error{Code: "ExpiredTokenException", Message: "expired", Status: 400, Sender: true}
	})
	client := stsClient(srv.URL)
	ctx := context.Background()

	id, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Account) != "000000000000" || aws.ToString(id.UserId) != "AKIA" {
		t.Errorf("GetCallerIdentity = %+v", id)
	}

	ar, err := client.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::000000000000:role/r"), RoleSessionName: aws.String("s"),
		DurationSeconds: aws.Int32(900),
		Tags:            []ststypes.Tag{{Key: aws.String("a"), Value: aws.String("x y&z")}, {Key: aws.String("b"), Value: aws.String("✓")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := ar.Credentials.Expiration; got == nil || !got.Equal(exp) {
		t.Errorf("Expiration = %v, want %v", got, exp)
	}
	in := last()
	if in["DurationSeconds"] != int64(900) || in["RoleSessionName"] != "s" {
		t.Errorf("decoded input = %v", in)
	}
	tags, _ := in["Tags"].([]any)
	if len(tags) != 2 || tags[0].(map[string]any)["Value"] != "x y&z" || tags[1].(map[string]any)["Value"] != "✓" {
		t.Errorf("decoded Tags = %v", in["Tags"])
	}

	_, err = client.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	var expired *ststypes.ExpiredTokenException
	if !errors.As(err, &expired) || expired.ErrorMessage() != "expired" {
		t.Errorf("GetSessionToken error = %v, want ExpiredTokenException", err)
	}
}
