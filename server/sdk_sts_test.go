package server_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
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

// With EAGER_SERVICE_LOADING=1 and ENFORCE_IAM=1, an IAM user's keys are
// still evaluated (IAM becomes the gateway's authorizer even when it is
// built before the gateway exists): a user with no policy is denied.
func TestEnforceIAMEager(t *testing.T) {
	url := newServer(t, map[string]string{"EAGER_SERVICE_LOADING": "1", "ENFORCE_IAM": "1"})
	admin := iam.NewFromConfig(sdkConfig(url))
	if _, err := admin.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("nobody")}); err != nil {
		t.Fatal(err)
	}
	key, err := admin.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("nobody")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sdkConfig(url)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey), "")
	_, err = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx(t), &s3.ListBucketsInput{})
	// No identity policy allows s3:ListAllMyBuckets: implicit deny, 403 AccessDenied
	// (IAM User Guide, policy evaluation logic).
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("want AccessDenied for a user with no policies, got %v", err)
	}
}
