package sts

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

func TestGetCallerIdentity(t *testing.T) {
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012", Region: "eu-west-1"})
	out, err := New(awsapi.Env{}).GetCallerIdentity(ctx, &GetCallerIdentityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// IAM User Guide, policy variables principal table: the root user's
	// aws:userid is the account ID, its ARN arn:aws:iam::<account>:root.
	if *out.Account != "123456789012" || *out.UserId != "123456789012" || *out.Arn != "arn:aws:iam::123456789012:root" {
		t.Fatalf("got %s %s %s", *out.Account, *out.UserId, *out.Arn)
	}
}

func TestOperationsServesProvider(t *testing.T) {
	ops := Operations(New(awsapi.Env{}))
	h, ok := ops["GetCallerIdentity"]
	if !ok {
		t.Fatal("GetCallerIdentity missing")
	}
	out, err := h.Call(context.Background(), h.Input())
	if err != nil {
		t.Fatal(err)
	}
	// Default request: LocalStack's default account 000000000000.
	if got := *out.(*GetCallerIdentityResponse).Arn; got != "arn:aws:iam::000000000000:root" {
		t.Fatalf("Arn = %s", got)
	}
}

func TestAssumeRole(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	n := 0
	s := New(awsapi.Env{Now: func() time.Time { return now }, NewID: func() string {
		n++
		return fmt.Sprintf("0000000a-0000-4000-8000-%012d", n)
	}})
	out, err := s.AssumeRole(context.Background(), &AssumeRoleRequest{
		RoleArn: ptr("arn:aws:iam::123456789012:role/path/deployer"), RoleSessionName: ptr("ci"), DurationSeconds: ptr(int32(900)),
	})
	if err != nil {
		t.Fatal(err)
	}
	// AssumeRole API reference example: AssumedRoleUser.Arn is
	// arn:aws:sts::<account>:assumed-role/<role name>/<session name>, the
	// AssumedRoleId "<AROA id>:<session>", access key ids of temporary
	// credentials start with ASIA.
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::123456789012:assumed-role/deployer/ci" ||
		!strings.HasSuffix(*out.AssumedRoleUser.AssumedRoleId, ":ci") || !strings.HasPrefix(*out.AssumedRoleUser.AssumedRoleId, "AROA") ||
		!strings.HasPrefix(*out.Credentials.AccessKeyId, "ASIA") || len(*out.Credentials.AccessKeyId) != 20 ||
		len(*out.Credentials.SecretAccessKey) != 40 || !out.Credentials.Expiration.Equal(now.Add(900*time.Second)) {
		t.Fatalf("%+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	if _, err := s.AssumeRole(context.Background(), &AssumeRoleRequest{RoleArn: ptr("arn:aws:iam::123456789012:user/bob"), RoleSessionName: ptr("x")}); err == nil {
		t.Fatal("a user ARN was assumed")
	}
	st, err := s.GetSessionToken(context.Background(), &GetSessionTokenRequest{})
	if err != nil || !st.Credentials.Expiration.Equal(now.Add(12*time.Hour)) {
		t.Fatal(st, err)
	}
}
