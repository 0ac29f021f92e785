package secretsmanager_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Secrets are encrypted with KMS (User Guide, "Secret encryption and
// decryption"): a disabled key makes GetSecretValue fail with
// DecryptionFailure; changing KmsKeyId re-encrypts the AWSCURRENT,
// AWSPENDING and AWSPREVIOUS versions with the new key ("Change the
// encryption key for an AWS Secrets Manager secret"); an unknown key is
// EncryptionFailure.
func TestKMSKeys(t *testing.T) {
	c, url := newClient(t)
	ctx := testCtx(t)
	k := kms.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: c.Options().Credentials, BaseEndpoint: aws.String(url)})
	key1, err := k.CreateKey(ctx, &kms.CreateKeyInput{})
	check(t, err)
	key2, err := k.CreateKey(ctx, &kms.CreateKeyInput{})
	check(t, err)
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("bad"), SecretString: aws.String("v"), KmsKeyId: aws.String("alias/nope")})
	wantCode(t, err, "EncryptionFailure")
	id := aws.String("keyed")
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("v1"), KmsKeyId: key1.KeyMetadata.KeyId})
	check(t, err)
	_, err = c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: id, SecretString: aws.String("v2")})
	check(t, err)
	_, err = k.DisableKey(ctx, &kms.DisableKeyInput{KeyId: key1.KeyMetadata.KeyId})
	check(t, err)
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id})
	wantCode(t, err, "DecryptionFailure")
	_, err = k.EnableKey(ctx, &kms.EnableKeyInput{KeyId: key1.KeyMetadata.KeyId})
	check(t, err)
	_, err = c.UpdateSecret(ctx, &secretsmanager.UpdateSecretInput{SecretId: id, KmsKeyId: key2.KeyMetadata.Arn})
	check(t, err)
	_, err = k.DisableKey(ctx, &kms.DisableKeyInput{KeyId: key1.KeyMetadata.KeyId})
	check(t, err)
	for _, stage := range []string{"AWSCURRENT", "AWSPREVIOUS"} {
		v, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id, VersionStage: aws.String(stage)})
		check(t, err)
		if want := map[string]string{"AWSCURRENT": "v2", "AWSPREVIOUS": "v1"}[stage]; *v.SecretString != want {
			t.Fatalf("%s = %s", stage, *v.SecretString)
		}
	}
	vs, err := c.ListSecretVersionIds(ctx, &secretsmanager.ListSecretVersionIdsInput{SecretId: id})
	check(t, err)
	for _, v := range vs.Versions {
		if len(v.KmsKeyIds) != 1 || v.KmsKeyIds[0] != *key2.KeyMetadata.Arn {
			t.Fatalf("version %s key %v", *v.VersionId, v.KmsKeyIds)
		}
	}
	d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id})
	check(t, err)
	if *d.KmsKeyId != *key2.KeyMetadata.Arn {
		t.Fatalf("KmsKeyId = %s", *d.KmsKeyId)
	}
	// UpdateSecret with the ClientRequestToken of an existing version is an error (API Reference, UpdateSecret).
	_, err = c.UpdateSecret(ctx, &secretsmanager.UpdateSecretInput{SecretId: id, SecretString: aws.String("v2"), ClientRequestToken: vs.Versions[0].VersionId})
	wantCode(t, err, "ResourceExistsException")
}
