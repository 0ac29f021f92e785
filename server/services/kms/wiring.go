package kms

import (
	"context"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Crypto is what KMS exposes to the services that encrypt with it (SSM
// SecureString parameters, Secrets Manager secrets): direct in-process calls,
// never requests to the emulator's own HTTP endpoint. keyID is anything
// Encrypt accepts (key id, key ARN, alias name, alias ARN); the AWS-managed
// aliases (alias/aws/ssm, alias/aws/secretsmanager) create their key on first
// use. Errors are KMS's modelled errors (NotFoundException,
// DisabledException, KMSInvalidStateException, InvalidCiphertextException…).
type Crypto interface {
	// Encrypt returns a ciphertext blob and the ARN of the key that made it.
	Encrypt(ctx context.Context, account, region, keyID string, plaintext []byte, encCtx map[string]string) ([]byte, string, error)
	// Decrypt returns the plaintext of blob and the ARN of its key.
	Decrypt(ctx context.Context, account, region string, blob []byte, encCtx map[string]string) ([]byte, string, error)
	// KeyARN resolves keyID to its key's ARN (NotFoundException).
	KeyARN(ctx context.Context, account, region, keyID string) (string, error)
}

// Crypto returns the service's in-process encryption interface.
func (s *Service) Crypto() Crypto { return crypter{s} }

type crypter struct{ s *Service }

func scoped(ctx context.Context, account, region string) context.Context {
	return awsapi.WithRequest(ctx, &awsapi.Request{Account: account, Region: region})
}

func (c crypter) Encrypt(ctx context.Context, account, region, keyID string, plaintext []byte, encCtx map[string]string) ([]byte, string, error) {
	out, err := c.s.Encrypt(scoped(ctx, account, region), &EncryptRequest{KeyId: &keyID, Plaintext: plaintext, EncryptionContext: encCtx})
	if err != nil {
		return nil, "", err
	}
	return out.CiphertextBlob, *out.KeyId, nil
}

func (c crypter) Decrypt(ctx context.Context, account, region string, blob []byte, encCtx map[string]string) ([]byte, string, error) {
	out, err := c.s.Decrypt(scoped(ctx, account, region), &DecryptRequest{CiphertextBlob: blob, EncryptionContext: encCtx})
	if err != nil {
		return nil, "", err
	}
	return out.Plaintext, *out.KeyId, nil
}

func (c crypter) KeyARN(ctx context.Context, account, region, keyID string) (string, error) {
	var arn string
	err := c.s.withKey(scoped(ctx, account, region), &keyID, func(k *key, _ *store) error {
		arn = k.arn()
		return nil
	})
	return arn, err
}
