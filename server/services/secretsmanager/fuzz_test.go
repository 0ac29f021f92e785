package secretsmanager

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/kms"
)

// Secret ids (names, full and partial ARNs), version ids and staging labels
// of any shape get a value or a modelled error, never a panic.
func FuzzSecretIDs(f *testing.F) {
	var n atomic.Int64
	env := awsapi.Env{Now: time.Now, NewID: func() string { return fmt.Sprintf("00000000-0000-0000-0000-%012d", n.Add(1)) }}
	s := New(env, kms.New(env).Crypto())
	ctx := context.Background()
	out, err := s.CreateSecret(ctx, &CreateSecretRequest{Name: ptr("app/db"), SecretString: ptr("v")})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"app/db", *out.ARN, (*out.ARN)[:len(*out.ARN)-7], "arn:aws:secretsmanager:x:y:secret:", "arn:", ""} {
		f.Add(seed, "AWSCURRENT")
	}
	f.Fuzz(func(t *testing.T, id, label string) {
		check := func(err error) {
			var ae awsapi.APIError
			if err != nil && !errors.As(err, &ae) {
				t.Fatalf("non-AWS error %v", err)
			}
		}
		_, err := s.GetSecretValue(ctx, &GetSecretValueRequest{SecretId: &id, VersionStage: &label})
		check(err)
		_, err = s.GetSecretValue(ctx, &GetSecretValueRequest{SecretId: &id, VersionId: &label})
		check(err)
		_, err = s.UpdateSecretVersionStage(ctx, &UpdateSecretVersionStageRequest{SecretId: &id, VersionStage: &label, MoveToVersionId: &label})
		check(err)
		_, err = s.DescribeSecret(ctx, &DescribeSecretRequest{SecretId: &id})
		check(err)
		_, err = s.ListSecrets(ctx, &ListSecretsRequest{Filters: []Filter{{Key: ptr("all"), Values: []string{label}}}, NextToken: &id})
		check(err)
	})
}
