package sts

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"sync"
	"time"
)

// signingKeys are the keys GetWebIdentityToken signs with: RSA 2048 for
// RS256 and P-384 for ES384, generated with the standard library on first
// use (they are not kept in snapshots: tokens are short-lived).
type signingKeys struct {
	once sync.Once
	rsa  *rsa.PrivateKey
	ec   *ecdsa.PrivateKey
	err  error
}

func (k *signingKeys) load() error {
	k.once.Do(func() {
		if k.rsa, k.err = rsa.GenerateKey(rand.Reader, 2048); k.err != nil {
			return
		}
		k.ec, k.err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	})
	return k.err
}

// GetWebIdentityToken returns a JWT asserting the caller's identity to
// external services (STS API Reference, GetWebIdentityToken): iss is the
// account's issuer from IAM's EnableOutboundWebIdentityFederation, sub the
// caller's ARN, aud the Audience list; DurationSeconds 60..3600, default
// 300; SigningAlgorithm RS256 or ES384. Errors:
// OutboundWebIdentityFederationDisabledException (403) until enabled.
func (s *Service) GetWebIdentityToken(ctx context.Context, in *GetWebIdentityTokenRequest) (*GetWebIdentityTokenResponse, error) {
	p, _ := s.caller(ctx)
	issuer, ok := "", false
	if s.dir != nil {
		issuer, ok = s.dir.OutboundIssuer(p.Account)
	}
	if !ok {
		return nil, &OutboundWebIdentityFederationDisabledException{Message: ptr("Outbound web identity federation is disabled for this account.")}
	}
	if len(in.Audience) == 0 {
		return nil, validationError("Audience must contain at least one value")
	}
	d := 300 * time.Second
	if in.DurationSeconds != nil {
		d = time.Duration(*in.DurationSeconds) * time.Second
		if d < time.Minute || d > time.Hour {
			return nil, validationError("DurationSeconds must be between 60 and 3600")
		}
	}
	alg := deref(in.SigningAlgorithm)
	if alg == "" {
		alg = "RS256"
	}
	if alg != "RS256" && alg != "ES384" {
		return nil, validationError("SigningAlgorithm must be RS256 or ES384")
	}
	if err := s.keys.load(); err != nil {
		return nil, err
	}
	now := s.now().Truncate(time.Second)
	exp := now.Add(d)
	claims := map[string]any{"iss": issuer, "sub": p.ARN, "iat": now.Unix(), "nbf": now.Unix(), "exp": exp.Unix(), "jti": s.id()}
	if len(in.Audience) == 1 {
		claims["aud"] = in.Audience[0]
	} else {
		claims["aud"] = in.Audience
	}
	token, err := s.signJWT(alg, claims)
	if err != nil {
		return nil, err
	}
	return &GetWebIdentityTokenResponse{WebIdentityToken: ptr(token), Expiration: ptr(exp)}, nil
}

// signJWT makes a compact JWS (RFC 7515) with the standard library.
func (s *Service) signJWT(alg string, claims map[string]any) (string, error) {
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT", "kid": alg})
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(body)
	var sig []byte
	if alg == "RS256" {
		h := sha256.Sum256([]byte(input))
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.keys.rsa, crypto.SHA256, h[:])
	} else {
		h := sha512.Sum384([]byte(input))
		r, sv, e := ecdsa.Sign(rand.Reader, s.keys.ec, h[:])
		if err = e; err == nil {
			sig = make([]byte, 96) // JWS ES384: r and s, 48 bytes each (RFC 7518 §3.4)
			r.FillBytes(sig[:48])
			sv.FillBytes(sig[48:])
		}
	}
	if err != nil {
		return "", err
	}
	return input + "." + enc.EncodeToString(sig), nil
}
