package sts

import (
	"context"
	"testing"

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
