// Package sts is the AWS Security Token Service provider. It answers who the
// caller is from the request's account; it keeps no state.
package sts

import (
	"context"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env
}

// New returns the STS provider.
func New(env awsapi.Env) *Service { return &Service{env: env} }

// GetCallerIdentity returns the account's root principal: the emulator treats
// every access key as its account's root credentials.
//
// Source: IAM User Guide, "IAM policy elements: Variables" principal table:
// for the account root user aws:userid is the account ID and the principal ARN
// is arn:aws:iam::<account>:root.
func (s *Service) GetCallerIdentity(ctx context.Context, _ *GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	acct := awsapi.RequestFrom(ctx).Account
	return &GetCallerIdentityResponse{Account: ptr(acct), Arn: ptr("arn:aws:iam::" + acct + ":root"), UserId: ptr(acct)}, nil
}
