package kms

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
)

// DeriveSharedSecret implements Provider: ECDH between a KEY_AGREEMENT ECC
// key and the peer's DER SubjectPublicKeyInfo (API Reference,
// DeriveSharedSecret). A peer key on another curve or not a public key is
// ValidationException.
func (s *Service) DeriveSharedSecret(ctx context.Context, in *DeriveSharedSecretRequest) (*DeriveSharedSecretResponse, error) {
	out := &DeriveSharedSecretResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.usable(); err != nil {
			return err
		}
		if err := k.checkUsage("KEY_AGREEMENT", "DeriveSharedSecret"); err != nil {
			return err
		}
		if valueOf(in.KeyAgreementAlgorithm) != "ECDH" {
			return errValidation("KeyAgreementAlgorithm must be ECDH.")
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		signer, _, err := publicKey(k)
		if err != nil {
			return err
		}
		peer, err := x509.ParsePKIXPublicKey(in.PublicKey)
		peerEC, ok := peer.(*ecdsa.PublicKey)
		if err != nil || !ok {
			return errValidation("PublicKey is not a valid DER-encoded SubjectPublicKeyInfo of an ECC key.")
		}
		privECDH, err := signer.(*ecdsa.PrivateKey).ECDH()
		if err != nil {
			return &KMSInternalException{Message: ptr(err.Error())}
		}
		peerECDH, err := peerEC.ECDH()
		if err != nil || peerECDH.Curve() != privECDH.Curve() {
			return errValidation("PublicKey is not on the key's curve %s.", k.spec)
		}
		secret, err := privECDH.ECDH(peerECDH)
		if err != nil {
			return errValidation("%s", err.Error())
		}
		*out = DeriveSharedSecretResponse{KeyId: ptr(k.arn()), SharedSecret: secret, KeyAgreementAlgorithm: ptr("ECDH"), KeyOrigin: ptr(k.origin)}
		s.used(ctx, k, "DeriveSharedSecret")
		return nil
	})
	return out, err
}
