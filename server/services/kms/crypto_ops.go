package kms

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"strings"
)

// withKey runs fn on the key id names with its store locked.
func (s *Service) withKey(ctx context.Context, id *string, fn func(k *key, st *store) error) error {
	k, st, err := s.resolve(ctx, valueOf(id))
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	return fn(k, st)
}

func dryRun(d *bool) error {
	if valueOf(d) {
		return &DryRunOperationException{Message: ptr("The request would have succeeded, but the DryRun option is set.")}
	}
	return nil
}

// encryptLocked encrypts with k: AES-256-GCM for symmetric keys, RSA-OAEP for
// RSA keys (API Reference, Encrypt: EncryptionAlgorithm).
func encryptLocked(k *key, plaintext []byte, encCtx map[string]string, alg string) ([]byte, error) {
	if err := k.usable(); err != nil {
		return nil, err
	}
	if err := k.checkUsage("ENCRYPT_DECRYPT", "Encrypt"); err != nil {
		return nil, err
	}
	if alg == "" {
		alg = "SYMMETRIC_DEFAULT"
	}
	if !contains(algorithmsFor(k.spec, k.usage).encryption, alg) {
		return nil, &InvalidKeyUsageException{Message: ptr("Algorithm " + alg + " is incompatible with key spec " + k.spec + ".")}
	}
	if k.spec == KeySpecSYMMETRICDEFAULT {
		return sealSym(k, plaintext, encCtx), nil
	}
	priv, err := x509.ParsePKCS8PrivateKey(k.material[0])
	if err != nil {
		return nil, &KMSInternalException{Message: ptr(err.Error())}
	}
	ct, err := rsa.EncryptOAEP(oaepHash(alg), rand.Reader, &priv.(*rsa.PrivateKey).PublicKey, plaintext, nil)
	if err != nil {
		return nil, errValidation("Plaintext is too long for %s with %s.", k.spec, alg)
	}
	return ct, nil
}

// decrypt finds the key of blob (or keyID for RSA ciphertexts) and decrypts.
// Errors as Decrypt: IncorrectKeyException when keyID names another key than
// the one that encrypted blob, InvalidCiphertextException for a blob that
// is not one or whose encryption context differs.
func (s *Service) decrypt(ctx context.Context, blob []byte, keyID string, encCtx map[string]string, alg string) (*key, []byte, error) {
	var want *key
	if keyID != "" {
		k, st, err := s.resolve(ctx, keyID)
		if err != nil {
			return nil, nil, err
		}
		want = k
		if k.spec != KeySpecSYMMETRICDEFAULT {
			defer st.mu.Unlock()
			return k, nil, nil
		}
		st.mu.Unlock()
	}
	b, ok := parseSymBlob(blob)
	if !ok {
		return nil, nil, &InvalidCiphertextException{}
	}
	target := b.arn
	if want != nil {
		if want.id != b.arn[strings.LastIndex(b.arn, "/")+1:] {
			return nil, nil, &IncorrectKeyException{Message: ptr("The key ID in the request does not identify a CMK that can perform this operation.")}
		}
		// The named key decrypts: a multi-Region replica opens its
		// primary's ciphertexts with the same material.
		target = keyID
	}
	k, st, err := s.resolve(ctx, target)
	if err != nil {
		return nil, nil, &InvalidCiphertextException{}
	}
	defer st.mu.Unlock()
	if err := k.usable(); err != nil {
		return nil, nil, err
	}
	if alg != "" && alg != "SYMMETRIC_DEFAULT" {
		return nil, nil, &IncorrectKeyException{Message: ptr("The key ID in the request does not identify a CMK that can perform this operation.")}
	}
	pt, err := openSym(k, b, encCtx)
	if err == nil {
		s.used(ctx, k, "Decrypt")
	}
	return k, pt, err
}

// decryptRSA decrypts an RSA-OAEP ciphertext; k's store must be locked.
func decryptRSA(k *key, blob []byte, alg string) ([]byte, error) {
	if err := k.usable(); err != nil {
		return nil, err
	}
	if err := k.checkUsage("ENCRYPT_DECRYPT", "Decrypt"); err != nil {
		return nil, err
	}
	if !contains(algorithmsFor(k.spec, k.usage).encryption, alg) {
		return nil, &IncorrectKeyException{Message: ptr("The key ID in the request does not identify a CMK that can perform this operation.")}
	}
	priv, err := x509.ParsePKCS8PrivateKey(k.material[0])
	if err != nil {
		return nil, &KMSInternalException{Message: ptr(err.Error())}
	}
	pt, err := rsa.DecryptOAEP(oaepHash(alg), rand.Reader, priv.(*rsa.PrivateKey), blob, nil)
	if err != nil {
		return nil, &InvalidCiphertextException{}
	}
	return pt, nil
}

// Encrypt implements Provider.
func (s *Service) Encrypt(ctx context.Context, in *EncryptRequest) (*EncryptResponse, error) {
	out := &EncryptResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		ct, err := encryptLocked(k, in.Plaintext, in.EncryptionContext, valueOf(in.EncryptionAlgorithm))
		if err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		out.CiphertextBlob, out.KeyId = ct, ptr(k.arn())
		out.EncryptionAlgorithm = ptr(orDefault(valueOf(in.EncryptionAlgorithm), "SYMMETRIC_DEFAULT"))
		s.used(ctx, k, "Encrypt")
		return nil
	})
	return out, err
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// decryptAny decrypts blob: symmetric blobs name their key; RSA ciphertexts
// need keyID and alg.
func (s *Service) decryptAny(ctx context.Context, blob []byte, keyID string, encCtx map[string]string, alg string) (*key, []byte, error) {
	k, pt, err := s.decrypt(ctx, blob, keyID, encCtx, alg)
	if err != nil || pt != nil || k == nil || k.spec == KeySpecSYMMETRICDEFAULT {
		return k, pt, err
	}
	// An asymmetric KeyId: decrypt finished with the store unlocked.
	err = s.withKey(ctx, &keyID, func(k2 *key, _ *store) error {
		k = k2
		pt, err = decryptRSA(k2, blob, alg)
		if err == nil {
			s.used(ctx, k2, "Decrypt")
		}
		return err
	})
	return k, pt, err
}

// Decrypt implements Provider.
func (s *Service) Decrypt(ctx context.Context, in *DecryptRequest) (*DecryptResponse, error) {
	alg := valueOf(in.EncryptionAlgorithm)
	k, pt, err := s.decryptAny(ctx, in.CiphertextBlob, valueOf(in.KeyId), in.EncryptionContext, alg)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	return &DecryptResponse{KeyId: ptr(k.arn()), Plaintext: pt, EncryptionAlgorithm: ptr(orDefault(alg, "SYMMETRIC_DEFAULT"))}, nil
}

// ReEncrypt implements Provider: decrypt with the source key, encrypt with
// the destination key, plaintext never leaving the service.
func (s *Service) ReEncrypt(ctx context.Context, in *ReEncryptRequest) (*ReEncryptResponse, error) {
	src, pt, err := s.decryptAny(ctx, in.CiphertextBlob, valueOf(in.SourceKeyId), in.SourceEncryptionContext, valueOf(in.SourceEncryptionAlgorithm))
	if err != nil {
		return nil, err
	}
	out := &ReEncryptResponse{SourceKeyId: ptr(src.arn()),
		SourceEncryptionAlgorithm:      ptr(orDefault(valueOf(in.SourceEncryptionAlgorithm), "SYMMETRIC_DEFAULT")),
		DestinationEncryptionAlgorithm: ptr(orDefault(valueOf(in.DestinationEncryptionAlgorithm), "SYMMETRIC_DEFAULT"))}
	err = s.withKey(ctx, in.DestinationKeyId, func(k *key, _ *store) error {
		ct, err := encryptLocked(k, pt, in.DestinationEncryptionContext, valueOf(in.DestinationEncryptionAlgorithm))
		if err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		out.CiphertextBlob, out.KeyId = ct, ptr(k.arn())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// dataKeySize checks KeySpec/NumberOfBytes of GenerateDataKey: exactly one
// of them (API Reference, GenerateDataKey).
func dataKeySize(spec *string, n *int32) (int, error) {
	switch {
	case spec != nil && n != nil:
		return 0, errValidation("Please specify either number of bytes or key spec.")
	case spec != nil:
		if *spec == "AES_128" {
			return 16, nil
		}
		return 32, nil
	case n != nil:
		if *n < 1 || *n > 1024 {
			return 0, errValidation("1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024", *n)
		}
		return int(*n), nil
	}
	return 0, errValidation("Please specify either number of bytes or key spec.")
}

func (s *Service) generateDataKey(ctx context.Context, id *string, spec *string, n *int32, encCtx map[string]string, dry *bool) ([]byte, []byte, string, error) {
	size, err := dataKeySize(spec, n)
	if err != nil {
		return nil, nil, "", err
	}
	var pt, ct []byte
	var arn string
	err = s.withKey(ctx, id, func(k *key, _ *store) error {
		if k.spec != KeySpecSYMMETRICDEFAULT {
			return &InvalidKeyUsageException{Message: ptr(k.arn() + " key usage is " + k.usage + " which is not valid for GenerateDataKey.")}
		}
		pt = randomBytes(size)
		ct, err = encryptLocked(k, pt, encCtx, "")
		if err != nil {
			return err
		}
		arn = k.arn()
		if err := dryRun(dry); err != nil {
			return err
		}
		s.used(ctx, k, "GenerateDataKey")
		return nil
	})
	return pt, ct, arn, err
}

// GenerateDataKey implements Provider.
func (s *Service) GenerateDataKey(ctx context.Context, in *GenerateDataKeyRequest) (*GenerateDataKeyResponse, error) {
	pt, ct, arn, err := s.generateDataKey(ctx, in.KeyId, in.KeySpec, in.NumberOfBytes, in.EncryptionContext, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyResponse{CiphertextBlob: ct, Plaintext: pt, KeyId: ptr(arn)}, nil
}

// GenerateDataKeyWithoutPlaintext implements Provider.
func (s *Service) GenerateDataKeyWithoutPlaintext(ctx context.Context, in *GenerateDataKeyWithoutPlaintextRequest) (*GenerateDataKeyWithoutPlaintextResponse, error) {
	_, ct, arn, err := s.generateDataKey(ctx, in.KeyId, in.KeySpec, in.NumberOfBytes, in.EncryptionContext, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyWithoutPlaintextResponse{CiphertextBlob: ct, KeyId: ptr(arn)}, nil
}

func (s *Service) generateDataKeyPair(ctx context.Context, id *string, spec string, encCtx map[string]string, dry *bool) (priv, pub, ct []byte, arn string, err error) {
	priv, err = generateMaterial(spec)
	if err != nil {
		return
	}
	parsed, _ := x509.ParsePKCS8PrivateKey(priv)
	pub, err = x509.MarshalPKIXPublicKey(parsed.(crypto.Signer).Public())
	if err != nil {
		return
	}
	err = s.withKey(ctx, id, func(k *key, _ *store) error {
		if k.spec != KeySpecSYMMETRICDEFAULT {
			return &InvalidKeyUsageException{Message: ptr(k.arn() + " key usage is " + k.usage + " which is not valid for GenerateDataKeyPair.")}
		}
		c, err := encryptLocked(k, priv, encCtx, "")
		if err != nil {
			return err
		}
		ct, arn = c, k.arn()
		if err := dryRun(dry); err != nil {
			return err
		}
		s.used(ctx, k, "GenerateDataKeyPair")
		return nil
	})
	return
}

// GenerateDataKeyPair implements Provider.
func (s *Service) GenerateDataKeyPair(ctx context.Context, in *GenerateDataKeyPairRequest) (*GenerateDataKeyPairResponse, error) {
	priv, pub, ct, arn, err := s.generateDataKeyPair(ctx, in.KeyId, valueOf(in.KeyPairSpec), in.EncryptionContext, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyPairResponse{PrivateKeyCiphertextBlob: ct, PrivateKeyPlaintext: priv, PublicKey: pub, KeyId: ptr(arn), KeyPairSpec: in.KeyPairSpec}, nil
}

// GenerateDataKeyPairWithoutPlaintext implements Provider.
func (s *Service) GenerateDataKeyPairWithoutPlaintext(ctx context.Context, in *GenerateDataKeyPairWithoutPlaintextRequest) (*GenerateDataKeyPairWithoutPlaintextResponse, error) {
	_, pub, ct, arn, err := s.generateDataKeyPair(ctx, in.KeyId, valueOf(in.KeyPairSpec), in.EncryptionContext, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyPairWithoutPlaintextResponse{PrivateKeyCiphertextBlob: ct, PublicKey: pub, KeyId: ptr(arn), KeyPairSpec: in.KeyPairSpec}, nil
}

// GenerateRandom implements Provider: NumberOfBytes 1–1024 (API Reference).
func (s *Service) GenerateRandom(ctx context.Context, in *GenerateRandomRequest) (*GenerateRandomResponse, error) {
	n := valueOf(in.NumberOfBytes)
	if in.NumberOfBytes == nil || n < 1 || n > 1024 {
		return nil, errValidation("1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024", n)
	}
	return &GenerateRandomResponse{Plaintext: randomBytes(int(n))}, nil
}
