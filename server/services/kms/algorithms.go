package kms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"hash"
)

// algorithms a key spec and usage allow (AWS KMS Developer Guide, "Key spec
// reference").
type algorithms struct {
	encryption, signing, mac, agreement []string
}

func algorithmsFor(spec, usage string) algorithms {
	switch spec {
	case KeySpecSYMMETRICDEFAULT:
		return algorithms{encryption: []string{"SYMMETRIC_DEFAULT"}}
	case KeySpecRSA2048, KeySpecRSA3072, KeySpecRSA4096:
		if usage == "SIGN_VERIFY" {
			return algorithms{signing: []string{"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
				"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"}}
		}
		return algorithms{encryption: []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"}}
	case KeySpecECCNISTP256, KeySpecECCNISTP384, KeySpecECCNISTP521:
		if usage == "KEY_AGREEMENT" {
			return algorithms{agreement: []string{"ECDH"}}
		}
		return algorithms{signing: []string{map[string]string{KeySpecECCNISTP256: "ECDSA_SHA_256",
			KeySpecECCNISTP384: "ECDSA_SHA_384", KeySpecECCNISTP521: "ECDSA_SHA_512"}[spec]}}
	case KeySpecHMAC224, KeySpecHMAC256, KeySpecHMAC384, KeySpecHMAC512:
		return algorithms{mac: []string{"HMAC_SHA_" + spec[len("HMAC_"):]}}
	}
	return algorithms{}
}

// usagesFor lists the key usages a spec allows; the first is the default.
func usagesFor(spec string) []string {
	switch spec {
	case KeySpecSYMMETRICDEFAULT:
		return []string{"ENCRYPT_DECRYPT"}
	case KeySpecRSA2048, KeySpecRSA3072, KeySpecRSA4096:
		return []string{"ENCRYPT_DECRYPT", "SIGN_VERIFY"}
	case KeySpecECCNISTP256, KeySpecECCNISTP384, KeySpecECCNISTP521:
		return []string{"SIGN_VERIFY", "KEY_AGREEMENT"}
	case KeySpecHMAC224, KeySpecHMAC256, KeySpecHMAC384, KeySpecHMAC512:
		return []string{"GENERATE_VERIFY_MAC"}
	}
	return nil
}

func sha256Sum(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

func curveFor(spec string) elliptic.Curve {
	switch spec {
	case KeySpecECCNISTP256:
		return elliptic.P256()
	case KeySpecECCNISTP384:
		return elliptic.P384()
	case KeySpecECCNISTP521:
		return elliptic.P521()
	}
	return nil
}

func rsaBits(spec string) int {
	switch spec {
	case KeySpecRSA2048:
		return 2048
	case KeySpecRSA3072:
		return 3072
	case KeySpecRSA4096:
		return 4096
	}
	return 0
}

// hmacSize is the HMAC key length in bytes: the bits in the spec's name.
func hmacSize(spec string) int {
	switch spec {
	case KeySpecHMAC224:
		return 28
	case KeySpecHMAC256:
		return 32
	case KeySpecHMAC384:
		return 48
	case KeySpecHMAC512:
		return 64
	}
	return 0
}

// generateMaterial makes new key material for spec: an AES-256 key, a PKCS
// #8 DER private key or an HMAC secret.
func generateMaterial(spec string) ([]byte, error) {
	switch {
	case spec == KeySpecSYMMETRICDEFAULT:
		return randomBytes(32), nil
	case rsaBits(spec) > 0:
		pk, err := rsa.GenerateKey(rand.Reader, rsaBits(spec))
		if err != nil {
			return nil, err
		}
		return x509.MarshalPKCS8PrivateKey(pk)
	case curveFor(spec) != nil:
		pk, err := ecdsa.GenerateKey(curveFor(spec), rand.Reader)
		if err != nil {
			return nil, err
		}
		return x509.MarshalPKCS8PrivateKey(pk)
	case hmacSize(spec) > 0:
		return randomBytes(hmacSize(spec)), nil
	}
	return nil, &UnsupportedOperationException{Message: ptr("KeySpec " + spec + " is not supported by this emulator (the Go standard library has no " + spec + ")")}
}

// signingHash maps a signing algorithm to its digest.
func signingHash(alg string) (crypto.Hash, bool) {
	switch alg {
	case "RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256", "ECDSA_SHA_256":
		return crypto.SHA256, true
	case "RSASSA_PSS_SHA_384", "RSASSA_PKCS1_V1_5_SHA_384", "ECDSA_SHA_384":
		return crypto.SHA384, true
	case "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_512":
		return crypto.SHA512, true
	}
	return 0, false
}

func macHash(alg string) func() hash.Hash {
	switch alg {
	case "HMAC_SHA_224":
		return sha256.New224
	case "HMAC_SHA_256":
		return sha256.New
	case "HMAC_SHA_384":
		return sha512.New384
	case "HMAC_SHA_512":
		return sha512.New
	}
	return nil
}

func oaepHash(alg string) hash.Hash {
	switch alg {
	case "RSAES_OAEP_SHA_1":
		return sha1.New()
	case "RSAES_OAEP_SHA_256":
		return sha256.New()
	}
	return nil
}

func computeMac(alg string, secret, msg []byte) []byte {
	m := hmac.New(macHash(alg), secret)
	m.Write(msg)
	return m.Sum(nil)
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func hmacEqual(a, b []byte) bool { return hmac.Equal(a, b) }
