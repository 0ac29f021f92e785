package sts

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

// AssumeRoleWithWebIdentity returns role credentials for an OIDC token.
// The token is not verified (LocalStack community does not either); when
// it is a JWT its sub, aud and iss claims fill SubjectFromWebIdentityToken,
// Audience and Provider (STS API Reference, AssumeRoleWithWebIdentity).
func (s *Service) AssumeRoleWithWebIdentity(ctx context.Context, in *AssumeRoleWithWebIdentityRequest) (*AssumeRoleWithWebIdentityResponse, error) {
	claims, ok := jwtClaims(deref(in.WebIdentityToken))
	if !ok {
		return nil, &InvalidIdentityTokenException{Message: ptr("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")}
	}
	creds, user, packed, err := s.assume(ctx, "AssumeRoleWithWebIdentity", deref(in.RoleArn), deref(in.RoleSessionName), in.DurationSeconds, in.Policy, in.PolicyArns, nil)
	if err != nil {
		return nil, err
	}
	provider := strings.TrimPrefix(claimString(claims["iss"]), "https://")
	if in.ProviderId != nil {
		provider = *in.ProviderId
	}
	return &AssumeRoleWithWebIdentityResponse{Credentials: creds, AssumedRoleUser: user, PackedPolicySize: packed,
		SubjectFromWebIdentityToken: ptr(claimString(claims["sub"])), Audience: ptr(claimString(claims["aud"])), Provider: ptr(provider)}, nil
}

// jwtClaims decodes a JWT's payload without verifying it. A token that is
// not a JWT is accepted with no claims (as LocalStack accepts any token);
// only an empty token is refused.
func jwtClaims(token string) (map[string]any, bool) {
	if token == "" {
		return nil, false
	}
	parts := strings.Split(token, ".")
	claims := map[string]any{}
	if len(parts) == 3 {
		if raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "=")); err == nil {
			_ = json.Unmarshal(raw, &claims)
		}
	}
	return claims, true
}

// claimString reads a string claim, or the first of a list (aud may be either).
func claimString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[0].(string)
			return s
		}
	}
	return ""
}

var (
	samlNameID   = regexp.MustCompile(`(?s)<(?:\w+:)?NameID([^>]*)>([^<]*)</`)
	samlIssuer   = regexp.MustCompile(`(?s)<(?:\w+:)?Issuer[^>]*>([^<]*)</`)
	samlAudience = regexp.MustCompile(`(?s)<(?:\w+:)?Audience>([^<]*)</`)
	samlFormat   = regexp.MustCompile(`Format="[^"]*:nameid-format:([^"]+)"`)
	samlSession  = regexp.MustCompile(`(?s)Name="https://aws\.amazon\.com/SAML/Attributes/RoleSessionName"[^>]*>\s*<(?:\w+:)?AttributeValue[^>]*>([^<]*)</`)
)

// AssumeRoleWithSAML returns role credentials for a SAML assertion (base64
// of the IdP's response). The signature is not verified; NameID, Issuer,
// Audience and the RoleSessionName attribute are read from it. NameQualifier
// is base64(SHA1(Issuer + account + "/" + provider name)) (STS API
// Reference, AssumeRoleWithSAML). Errors: InvalidIdentityToken for an
// assertion that is not base64 XML.
func (s *Service) AssumeRoleWithSAML(ctx context.Context, in *AssumeRoleWithSAMLRequest) (*AssumeRoleWithSAMLResponse, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(deref(in.SAMLAssertion)))
	if err != nil || !strings.Contains(string(raw), "<") {
		return nil, &InvalidIdentityTokenException{Message: ptr("Invalid base64 SAMLResponse")}
	}
	doc := string(raw)
	find := func(re *regexp.Regexp, group int) string {
		if m := re.FindStringSubmatch(doc); m != nil {
			return strings.TrimSpace(m[group])
		}
		return ""
	}
	subject, issuer, session := find(samlNameID, 2), find(samlIssuer, 1), find(samlSession, 1)
	audience := find(samlAudience, 1)
	if audience == "" {
		audience = "https://signin.aws.amazon.com/saml"
	}
	subjectType := "transient"
	if m := samlFormat.FindStringSubmatch(find(samlNameID, 1)); m != nil {
		subjectType = m[1]
	}
	if session == "" {
		session = subject
	}
	if session == "" {
		session = "saml-session"
	}
	creds, user, packed, err := s.assume(ctx, "AssumeRoleWithSAML", deref(in.RoleArn), session, in.DurationSeconds, in.Policy, in.PolicyArns, nil)
	if err != nil {
		return nil, err
	}
	principal := deref(in.PrincipalArn)
	acct, provider := "", principal[strings.LastIndex(principal, "/")+1:]
	if parts := strings.SplitN(principal, ":", 6); len(parts) == 6 {
		acct = parts[4]
	}
	sum := sha1.Sum([]byte(issuer + acct + "/" + provider))
	return &AssumeRoleWithSAMLResponse{Credentials: creds, AssumedRoleUser: user, PackedPolicySize: packed, Subject: ptr(subject),
		SubjectType: ptr(subjectType), Issuer: ptr(issuer), Audience: ptr(audience), NameQualifier: ptr(base64.StdEncoding.EncodeToString(sum[:]))}, nil
}
