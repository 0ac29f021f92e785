package server_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// GetCallerIdentity reflects the account of the access key: "test" is
// 000000000000, a 12-digit key is that account (localstack-runtime.md §6).
func TestSTSGetCallerIdentity(t *testing.T) {
	url := newServer(t, nil)
	for key, acct := range map[string]string{"test": "000000000000", "123456789012": "123456789012"} {
		cfg := sdkConfig(url)
		cfg.Credentials = credentials.NewStaticCredentialsProvider(key, "secret", "")
		out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(out.Account) != acct {
			t.Errorf("key %s: account %s, want %s", key, aws.ToString(out.Account), acct)
		}
		// Root credentials: arn:aws:iam::<account>:root (AWS STS API Reference, GetCallerIdentity).
		if aws.ToString(out.Arn) != "arn:aws:iam::"+acct+":root" {
			t.Errorf("arn %s", aws.ToString(out.Arn))
		}
	}
}

// With EAGER_SERVICE_LOADING=1, temporary credentials from AssumeRole still
// act in the role's account (IAM becomes the gateway's authorizer even when
// it is built before the gateway exists).
func TestAssumeRoleAccountEager(t *testing.T) {
	url := newServer(t, map[string]string{"EAGER_SERVICE_LOADING": "1"})
	out, err := sts.NewFromConfig(sdkConfig(url)).AssumeRole(ctx(t), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/deployer"), RoleSessionName: aws.String("ci")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sdkConfig(url)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(out.Credentials.AccessKeyId), aws.ToString(out.Credentials.SecretAccessKey), aws.ToString(out.Credentials.SessionToken))
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	// The assumed-role ARN (AWS STS API Reference, GetCallerIdentity examples).
	if aws.ToString(id.Account) != "123456789012" || aws.ToString(id.Arn) != "arn:aws:sts::123456789012:assumed-role/deployer/ci" {
		t.Errorf("identity %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
}
