package kms

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
)

// publicKey returns the key's public half and its DER SubjectPublicKeyInfo.
func publicKey(k *key) (crypto.Signer, []byte, error) {
	priv, err := x509.ParsePKCS8PrivateKey(k.material[0])
	if err != nil {
		return nil, nil, &KMSInternalException{Message: ptr(err.Error())}
	}
	signer := priv.(crypto.Signer)
	der, err := x509.MarshalPKIXPublicKey(signer.Public())
	return signer, der, err
}

// GetPublicKey implements Provider: the DER SubjectPublicKeyInfo of an
// asymmetric key; symmetric and HMAC keys give UnsupportedOperationException.
func (s *Service) GetPublicKey(ctx context.Context, in *GetPublicKeyRequest) (*GetPublicKeyResponse, error) {
	out := &GetPublicKeyResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.usable(); err != nil {
			return err
		}
		if rsaBits(k.spec) == 0 && curveFor(k.spec) == nil {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " key usage is " + k.usage + " which is not valid for GetPublicKey.")}
		}
		_, der, err := publicKey(k)
		if err != nil {
			return err
		}
		algs := algorithmsFor(k.spec, k.usage)
		*out = GetPublicKeyResponse{KeyId: ptr(k.arn()), PublicKey: der, CustomerMasterKeySpec: ptr(k.spec), KeySpec: ptr(k.spec),
			KeyUsage: ptr(k.usage), EncryptionAlgorithms: algs.encryption, SigningAlgorithms: algs.signing, KeyAgreementAlgorithms: algs.agreement}
		return nil
	})
	return out, err
}

// digestFor hashes msg for alg, or checks a DIGEST message's length.
func digestFor(alg, messageType string, msg []byte) (crypto.Hash, []byte, error) {
	h, _ := signingHash(alg)
	if messageType == "DIGEST" {
		if len(msg) != h.Size() {
			return 0, nil, errValidation("Digest is invalid length for algorithm %s.", alg)
		}
		return h, msg, nil
	}
	d := h.New()
	d.Write(msg)
	return h, d.Sum(nil), nil
}

func checkSigning(k *key, alg, op string) error {
	if err := k.usable(); err != nil {
		return err
	}
	if err := k.checkUsage("SIGN_VERIFY", op); err != nil {
		return err
	}
	if !contains(algorithmsFor(k.spec, k.usage).signing, alg) {
		return &InvalidKeyUsageException{Message: ptr("Algorithm " + alg + " is incompatible with key spec " + k.spec + ".")}
	}
	return nil
}

// Sign implements Provider: RSASSA-PSS (salt length = hash length),
// RSASSA-PKCS1-v1_5 and ECDSA (DER-encoded) signatures, as AWS produces.
func (s *Service) Sign(ctx context.Context, in *SignRequest) (*SignResponse, error) {
	alg := valueOf(in.SigningAlgorithm)
	out := &SignResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := checkSigning(k, alg, "Sign"); err != nil {
			return err
		}
		h, digest, err := digestFor(alg, valueOf(in.MessageType), in.Message)
		if err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		signer, _, err := publicKey(k)
		if err != nil {
			return err
		}
		var sig []byte
		switch priv := signer.(type) {
		case *rsa.PrivateKey:
			if alg[:len("RSASSA_PSS")] == "RSASSA_PSS" {
				sig, err = rsa.SignPSS(rand.Reader, priv, h, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
			} else {
				sig, err = rsa.SignPKCS1v15(rand.Reader, priv, h, digest)
			}
		case *ecdsa.PrivateKey:
			sig, err = ecdsa.SignASN1(rand.Reader, priv, digest)
		}
		if err != nil {
			return &KMSInternalException{Message: ptr(err.Error())}
		}
		*out = SignResponse{KeyId: ptr(k.arn()), Signature: sig, SigningAlgorithm: ptr(alg)}
		s.used(ctx, k, "Sign")
		return nil
	})
	return out, err
}

// Verify implements Provider: an invalid signature is
// KMSInvalidSignatureException (API Reference, Verify).
func (s *Service) Verify(ctx context.Context, in *VerifyRequest) (*VerifyResponse, error) {
	alg := valueOf(in.SigningAlgorithm)
	out := &VerifyResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := checkSigning(k, alg, "Verify"); err != nil {
			return err
		}
		h, digest, err := digestFor(alg, valueOf(in.MessageType), in.Message)
		if err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		signer, _, err := publicKey(k)
		if err != nil {
			return err
		}
		ok := false
		switch pub := signer.Public().(type) {
		case *rsa.PublicKey:
			if alg[:len("RSASSA_PSS")] == "RSASSA_PSS" {
				ok = rsa.VerifyPSS(pub, h, digest, in.Signature, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) == nil
			} else {
				ok = rsa.VerifyPKCS1v15(pub, h, digest, in.Signature) == nil
			}
		case *ecdsa.PublicKey:
			ok = ecdsa.VerifyASN1(pub, digest, in.Signature)
		}
		if !ok {
			return &KMSInvalidSignatureException{}
		}
		*out = VerifyResponse{KeyId: ptr(k.arn()), SignatureValid: ptr(true), SigningAlgorithm: ptr(alg)}
		s.used(ctx, k, "Verify")
		return nil
	})
	return out, err
}

func checkMac(k *key, alg, op string) error {
	if err := k.usable(); err != nil {
		return err
	}
	if err := k.checkUsage("GENERATE_VERIFY_MAC", op); err != nil {
		return err
	}
	if !contains(algorithmsFor(k.spec, k.usage).mac, alg) {
		return &InvalidKeyUsageException{Message: ptr("Algorithm " + alg + " is incompatible with key spec " + k.spec + ".")}
	}
	return nil
}

// GenerateMac implements Provider (HMAC keys, RFC 2104).
func (s *Service) GenerateMac(ctx context.Context, in *GenerateMacRequest) (*GenerateMacResponse, error) {
	alg := valueOf(in.MacAlgorithm)
	out := &GenerateMacResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := checkMac(k, alg, "GenerateMac"); err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		*out = GenerateMacResponse{Mac: computeMac(alg, k.material[0], in.Message), MacAlgorithm: ptr(alg), KeyId: ptr(k.arn())}
		s.used(ctx, k, "GenerateMac")
		return nil
	})
	return out, err
}

// VerifyMac implements Provider: a wrong MAC is KMSInvalidMacException.
func (s *Service) VerifyMac(ctx context.Context, in *VerifyMacRequest) (*VerifyMacResponse, error) {
	alg := valueOf(in.MacAlgorithm)
	out := &VerifyMacResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := checkMac(k, alg, "VerifyMac"); err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		if !hmacEqual(computeMac(alg, k.material[0], in.Message), in.Mac) {
			return &KMSInvalidMacException{}
		}
		*out = VerifyMacResponse{KeyId: ptr(k.arn()), MacValid: ptr(true), MacAlgorithm: ptr(alg)}
		s.used(ctx, k, "VerifyMac")
		return nil
	})
	return out, err
}
