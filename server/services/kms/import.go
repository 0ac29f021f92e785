package kms

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"time"
)

// importParams are the wrapping key and import token GetParametersForImport
// issued for a key; valid 24 hours (API Reference, GetParametersForImport).
// They live in memory only: a snapshot does not carry them.
type importParams struct {
	wrapping *rsa.PrivateKey
	token    []byte
	alg      string
	validTo  time.Time
}

// GetParametersForImport implements Provider: an RSA wrapping key (DER
// SubjectPublicKeyInfo) and an import token for a key with Origin EXTERNAL.
// Wrapping algorithms RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256 are supported;
// RSA_AES_KEY_WRAP_* and SM2PKE are UnsupportedOperationException (the Go
// standard library has no AES key wrap).
func (s *Service) GetParametersForImport(ctx context.Context, in *GetParametersForImportRequest) (*GetParametersForImportResponse, error) {
	alg := valueOf(in.WrappingAlgorithm)
	if oaepHash(alg) == nil {
		return nil, &UnsupportedOperationException{Message: ptr("WrappingAlgorithm " + alg + " is not supported by this emulator; use RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256.")}
	}
	bits := rsaBits(valueOf(in.WrappingKeySpec))
	if bits == 0 {
		return nil, &UnsupportedOperationException{Message: ptr("WrappingKeySpec " + valueOf(in.WrappingKeySpec) + " is not supported by this emulator.")}
	}
	wrapping, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, &KMSInternalException{Message: ptr(err.Error())}
	}
	pub, _ := x509.MarshalPKIXPublicKey(&wrapping.PublicKey)
	out := &GetParametersForImportResponse{}
	err = s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.origin != "EXTERNAL" {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " origin is " + k.origin + " which is not valid for this operation.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		p := &importParams{wrapping: wrapping, token: randomBytes(64), alg: alg, validTo: s.env.Now().Add(24 * time.Hour)}
		k.pendingImport = p
		*out = GetParametersForImportResponse{KeyId: ptr(k.arn()), ImportToken: p.token, PublicKey: pub, ParametersValidTo: ptr(p.validTo)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// validMaterial checks imported material fits the key spec: 32 bytes for
// SYMMETRIC_DEFAULT, a PKCS #8 private key of the spec for RSA and ECC, an
// HMAC key of at least the spec's size.
func validMaterial(spec string, m []byte) bool {
	switch {
	case spec == KeySpecSYMMETRICDEFAULT:
		return len(m) == 32
	case hmacSize(spec) > 0:
		return len(m) >= hmacSize(spec) && len(m) <= 64
	}
	priv, err := x509.ParsePKCS8PrivateKey(m)
	if err != nil {
		return false
	}
	switch p := priv.(type) {
	case *rsa.PrivateKey:
		return p.N.BitLen() == rsaBits(spec)
	case *ecdsa.PrivateKey:
		return p.Curve == curveFor(spec)
	}
	return false
}

// ImportKeyMaterial implements Provider. Errors (API Reference):
// InvalidImportTokenException for a token not issued for this key,
// ExpiredImportTokenException after 24 hours, InvalidCiphertextException
// when EncryptedKeyMaterial does not unwrap, IncorrectKeyMaterialException
// for material that does not fit the key or differs from the material
// imported before.
func (s *Service) ImportKeyMaterial(ctx context.Context, in *ImportKeyMaterialRequest) (*ImportKeyMaterialResponse, error) {
	out := &ImportKeyMaterialResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.origin != "EXTERNAL" {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " origin is " + k.origin + " which is not valid for this operation.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		p := k.pendingImport
		if p == nil || !bytes.Equal(p.token, in.ImportToken) {
			return &InvalidImportTokenException{Message: ptr("Import token is not valid for " + k.arn())}
		}
		if s.env.Now().After(p.validTo) {
			return &ExpiredImportTokenException{Message: ptr("Import token expired")}
		}
		m, err := rsa.DecryptOAEP(oaepHash(p.alg), rand.Reader, p.wrapping, in.EncryptedKeyMaterial, nil)
		if err != nil {
			return &InvalidCiphertextException{}
		}
		if !validMaterial(k.spec, m) || len(k.material) > 0 && !bytes.Equal(k.material[0], m) {
			return &IncorrectKeyMaterialException{Message: ptr("Key material does not match the key spec or the key material imported before.")}
		}
		model := orDefault(valueOf(in.ExpirationModel), "KEY_MATERIAL_EXPIRES")
		if model == "KEY_MATERIAL_EXPIRES" && in.ValidTo == nil {
			return errValidation("A ValidTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES")
		}
		k.material, k.expirationModel = [][]byte{m}, model
		k.validTo = time.Time{}
		if model == "KEY_MATERIAL_EXPIRES" {
			k.validTo = *in.ValidTo
		}
		if k.state == statePendingImport {
			k.state = stateEnabled
		}
		*out = ImportKeyMaterialResponse{KeyId: ptr(k.arn()), KeyMaterialId: ptr(materialID(m))}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteImportedKeyMaterial implements Provider: the key returns to
// PendingImport until material is imported again.
func (s *Service) DeleteImportedKeyMaterial(ctx context.Context, in *DeleteImportedKeyMaterialRequest) (*DeleteImportedKeyMaterialResponse, error) {
	out := &DeleteImportedKeyMaterialResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.origin != "EXTERNAL" {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " origin is " + k.origin + " which is not valid for this operation.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		if len(k.material) > 0 {
			out.KeyMaterialId = ptr(materialID(k.material[0]))
		}
		k.material, k.validTo, k.state = nil, time.Time{}, statePendingImport
		out.KeyId = ptr(k.arn())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
