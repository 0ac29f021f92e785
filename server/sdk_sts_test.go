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
