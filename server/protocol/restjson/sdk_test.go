package restjson

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// The SSO portal API is restJson1 and its aws-sdk-go-v2 client is already a
// dependency (the SDK's credential chain uses it), so it exercises query,
// header, body and error bindings against the real client cheaply.

// serve runs the codec behind an httptest server, the way the gateway does;
// h plays the provider (a modelled error's message is passed as "message").
func serve(t *testing.T, svc *model.Service, h protocoltest.Respond) string {
	t.Helper()
	meta := protocol.Meta{RequestID: "req-1"}
	return protocoltest.Server{
		Codec: New(), Service: svc, Respond: h, Fields: protocoltest.MessageField,
		Meta: func(*http.Request) protocol.Meta { return meta },
	}.Start(t)
}

func ssoClient(url string) *sso.Client {
	return sso.New(sso.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1})
}

func TestSDKSSOGetRoleCredentials(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sso"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		if op != "GetRoleCredentials" || in["roleName"] != "Admin" || in["accountId"] != "000000000000" || in["accessToken"] != "tok en" {
			t.Errorf("decoded %s %v", op, in)
		}
		return map[string]any{"roleCredentials": map[string]any{
			"accessKeyId": "AKID", "secretAccessKey": "secret", "expiration": int64(1700000000000),
		}}, nil
	})
	out, err := ssoClient(url).GetRoleCredentials(context.Background(), &sso.GetRoleCredentialsInput{
		RoleName: aws.String("Admin"), AccountId: aws.String("000000000000"), AccessToken: aws.String("tok en"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := out.RoleCredentials; aws.ToString(c.AccessKeyId) != "AKID" || c.Expiration != 1700000000000 {
		t.Fatalf("RoleCredentials = %+v", c)
	}
}

func TestSDKSSOListAccountsIntegerQuery(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sso"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		if in["maxResults"] != int64(7) || in["nextToken"] != "n/1+" {
			t.Errorf("decoded %v", in)
		}
		return map[string]any{"accountList": []any{map[string]any{"accountId": "1", "accountName": "a"}}}, nil
	})
	out, err := ssoClient(url).ListAccounts(context.Background(), &sso.ListAccountsInput{
		AccessToken: aws.String("t"), MaxResults: aws.Int32(7), NextToken: aws.String("n/1+"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.AccountList) != 1 || aws.ToString(out.AccountList[0].AccountName) != "a" {
		t.Fatalf("AccountList = %+v", out.AccountList)
	}
}

func TestSDKSSOTypedError(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sso"), func(string, map[string]any) (map[string]any, awsapi.APIError) {
		return nil, &awsapi.Error{Code: "ResourceNotFoundException", Message: "no such role", Status: 404, Sender: true}
	})
	_, err := ssoClient(url).GetRoleCredentials(context.Background(), &sso.GetRoleCredentialsInput{
		RoleName: aws.String("r"), AccountId: aws.String("1"), AccessToken: aws.String("t"),
	})
	var rnf *ssotypes.ResourceNotFoundException
	if !errors.As(err, &rnf) || rnf.ErrorMessage() != "no such role" {
		t.Fatalf("err = %v (%T)", err, err)
	}
}

func TestSDKSSOLogoutNoOutput(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sso"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		if op != "Logout" || in["accessToken"] != "t" {
			t.Errorf("decoded %s %v", op, in)
		}
		return nil, nil
	})
	if _, err := ssoClient(url).Logout(context.Background(), &sso.LogoutInput{AccessToken: aws.String("t")}); err != nil {
		t.Fatal(err)
	}
}
