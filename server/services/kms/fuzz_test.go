package kms

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

func testEnv() awsapi.Env {
	return awsapi.Env{Now: time.Now, NewID: func() string {
		b := randomBytes(16)
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	}, Getenv: func(string) string { return "" }}
}

// Decrypt and ReEncrypt answer any ciphertext blob and key id with a
// modelled error or a plaintext, never a panic.
func FuzzDecrypt(f *testing.F) {
	s := New(testEnv())
	ctx := context.Background()
	k, err := s.CreateKey(ctx, &CreateKeyRequest{})
	if err != nil {
		f.Fatal(err)
	}
	rsaKey, err := s.CreateKey(ctx, &CreateKeyRequest{KeySpec: ptr(KeySpecRSA2048)})
	if err != nil {
		f.Fatal(err)
	}
	enc, err := s.Encrypt(ctx, &EncryptRequest{KeyId: k.KeyMetadata.KeyId, Plaintext: []byte("p")})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc.CiphertextBlob, "", "")
	f.Add(enc.CiphertextBlob, *k.KeyMetadata.KeyId, "SYMMETRIC_DEFAULT")
	f.Add([]byte{1, 200, 'a'}, *rsaKey.KeyMetadata.KeyId, "RSAES_OAEP_SHA_1")
	f.Add([]byte{}, "alias/aws/ssm", "")
	f.Fuzz(func(t *testing.T, blob []byte, keyID, alg string) {
		in := &DecryptRequest{CiphertextBlob: blob}
		if keyID != "" {
			in.KeyId = &keyID
		}
		if alg != "" {
			in.EncryptionAlgorithm = &alg
		}
		_, err := s.Decrypt(ctx, in)
		var ae awsapi.APIError
		if err != nil && !errors.As(err, &ae) {
			t.Fatalf("non-AWS error %v", err)
		}
		_, err = s.ReEncrypt(ctx, &ReEncryptRequest{CiphertextBlob: blob, DestinationKeyId: k.KeyMetadata.KeyId, SourceKeyId: in.KeyId})
		if err != nil && !errors.As(err, &ae) {
			t.Fatalf("non-AWS error %v", err)
		}
	})
}
