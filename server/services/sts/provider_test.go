package sts

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/iam"
)

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testEnv() awsapi.Env {
	n := 0
	return awsapi.Env{Now: func() time.Time { return testNow }, NewID: func() string {
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n*7919, n*104729)
	}}
}

func reqCtx(account, key string) context.Context {
	return awsapi.WithRequest(context.Background(), &awsapi.Request{Account: account, AccessKey: key, Region: "eu-west-1"})
}

func TestGetCallerIdentityRoot(t *testing.T) {
	out, err := New(testEnv(), nil).GetCallerIdentity(reqCtx("123456789012", "test"), &GetCallerIdentityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// IAM User Guide, policy variables principal table: the root user's
	// aws:userid is the account ID, its ARN arn:aws:iam::<account>:root.
	if *out.Account != "123456789012" || *out.UserId != "123456789012" || *out.Arn != "arn:aws:iam::123456789012:root" {
		t.Fatalf("got %s %s %s", *out.Account, *out.UserId, *out.Arn)
	}
}

func TestAssumeRoleUnknownRole(t *testing.T) {
	s := New(testEnv(), nil)
	out, err := s.AssumeRole(reqCtx("000000000000", "test"), &AssumeRoleRequest{
		RoleArn: ptr("arn:aws:iam::123456789012:role/path/deployer"), RoleSessionName: ptr("ci"), DurationSeconds: ptr(int32(900)),
	})
	if err != nil {
		t.Fatal(err)
	}
	// STS API Reference, AssumeRole example: AssumedRoleUser.Arn is
	// arn:aws:sts::<account>:assumed-role/<role name>/<session name>, the
	// AssumedRoleId "<AROA role id>:<session>"; temporary access key ids
	// start with ASIA (IAM User Guide, "Unique identifiers").
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::123456789012:assumed-role/deployer/ci" ||
		!strings.HasSuffix(*out.AssumedRoleUser.AssumedRoleId, ":ci") || !strings.HasPrefix(*out.AssumedRoleUser.AssumedRoleId, "AROA") ||
		!strings.HasPrefix(*out.Credentials.AccessKeyId, "ASIA") || len(*out.Credentials.AccessKeyId) != 20 ||
		len(*out.Credentials.SecretAccessKey) != 40 || !out.Credentials.Expiration.Equal(testNow.Add(900*time.Second)) {
		t.Fatalf("%+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	// The ASIA key encodes the role's account (LocalStack decodes it the same way).
	if acct, ok := iam.AccountOfKey(*out.Credentials.AccessKeyId); !ok || acct != "123456789012" {
		t.Fatalf("key account %s %v", acct, ok)
	}
	// The session is recognised: GetCallerIdentity with its key.
	id, _ := s.GetCallerIdentity(reqCtx("123456789012", *out.Credentials.AccessKeyId), &GetCallerIdentityRequest{})
	if *id.Arn != *out.AssumedRoleUser.Arn || *id.UserId != *out.AssumedRoleUser.AssumedRoleId {
		t.Fatalf("caller %s %s", *id.Arn, *id.UserId)
	}
	// Same ARN, same role id (stable across calls).
	again, _ := s.AssumeRole(reqCtx("000000000000", "test"), &AssumeRoleRequest{RoleArn: ptr("arn:aws:iam::123456789012:role/path/deployer"), RoleSessionName: ptr("x")})
	if strings.Split(*again.AssumedRoleUser.AssumedRoleId, ":")[0] != strings.Split(*out.AssumedRoleUser.AssumedRoleId, ":")[0] {
		t.Fatal("role id changed")
	}
	if _, err := s.AssumeRole(context.Background(), &AssumeRoleRequest{RoleArn: ptr("arn:aws:iam::123456789012:user/bob"), RoleSessionName: ptr("x")}); err == nil {
		t.Fatal("a user ARN was assumed")
	}
}

func TestAssumeRoleWithIAMRole(t *testing.T) {
	i := iam.New(testEnv())
	s := New(testEnv(), i)
	i.SetSessions(s)
	ctx := reqCtx("111122223333", "111122223333")
	r, err := i.CreateRole(ctx, &iam.CreateRoleRequest{RoleName: ptr("app"), AssumeRolePolicyDocument: ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.AssumeRole(ctx, &AssumeRoleRequest{RoleArn: r.Role.Arn, RoleSessionName: ptr("s1")})
	if err != nil {
		t.Fatal(err)
	}
	// UserId of an assumed role is <RoleId>:<session> (STS API Reference, GetCallerIdentity).
	if *out.AssumedRoleUser.AssumedRoleId != *r.Role.RoleId+":s1" {
		t.Fatalf("id %s, role %s", *out.AssumedRoleUser.AssumedRoleId, *r.Role.RoleId)
	}
	// Default one hour (AssumeRole DurationSeconds default 3600).
	if !out.Credentials.Expiration.Equal(testNow.Add(time.Hour)) {
		t.Fatal(out.Credentials.Expiration)
	}
	// Beyond the role's MaxSessionDuration (3600 by default): ValidationError.
	_, err = s.AssumeRole(ctx, &AssumeRoleRequest{RoleArn: r.Role.Arn, RoleSessionName: ptr("s1"), DurationSeconds: ptr(int32(7200))})
	if e, ok := err.(awsapi.APIError); !ok || e.ErrorCode() != "ValidationError" || !strings.Contains(e.ErrorMessage(), "MaxSessionDuration") {
		t.Fatalf("err %v", err)
	}
	// The gateway's view: the key's account is the role's.
	if acct, ok := i.AccessKeyAccount(*out.Credentials.AccessKeyId); !ok || acct != "111122223333" {
		t.Fatal(acct, ok)
	}
	// Role chaining caps sessions at one hour.
	_, err = s.AssumeRole(reqCtx("111122223333", *out.Credentials.AccessKeyId), &AssumeRoleRequest{RoleArn: r.Role.Arn, RoleSessionName: ptr("s2"), DurationSeconds: ptr(int32(3601))})
	if err == nil || !strings.Contains(err.Error(), "role chaining") {
		t.Fatalf("chaining: %v", err)
	}
	// A malformed session policy: MalformedPolicyDocument.
	_, err = s.AssumeRole(ctx, &AssumeRoleRequest{RoleArn: r.Role.Arn, RoleSessionName: ptr("s1"), Policy: ptr(`{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)})
	if e, ok := err.(awsapi.APIError); !ok || e.ErrorCode() != "MalformedPolicyDocument" {
		t.Fatalf("err %v", err)
	}
}

func TestSessionAndFederationTokens(t *testing.T) {
	i := iam.New(testEnv())
	s := New(testEnv(), i)
	i.SetSessions(s)
	ctx := reqCtx("000000000000", "test")
	st, err := s.GetSessionToken(ctx, &GetSessionTokenRequest{})
	// Root sessions last at most one hour (STS API Reference, GetSessionToken DurationSeconds).
	if err != nil || !st.Credentials.Expiration.Equal(testNow.Add(time.Hour)) {
		t.Fatal(st, err)
	}
	if _, err := s.GetSessionToken(reqCtx("000000000000", *st.Credentials.AccessKeyId), &GetSessionTokenRequest{}); err == nil {
		t.Fatal("GetSessionToken accepted session credentials")
	}
	if _, err := i.CreateUser(ctx, &iam.CreateUserRequest{UserName: ptr("alice")}); err != nil {
		t.Fatal(err)
	}
	k, err := i.CreateAccessKey(ctx, &iam.CreateAccessKeyRequest{UserName: ptr("alice")})
	if err != nil {
		t.Fatal(err)
	}
	uctx := reqCtx("000000000000", *k.AccessKey.AccessKeyId)
	id, _ := s.GetCallerIdentity(uctx, &GetCallerIdentityRequest{})
	if *id.Arn != "arn:aws:iam::000000000000:user/alice" || !strings.HasPrefix(*id.UserId, "AIDA") {
		t.Fatal(*id.Arn, *id.UserId)
	}
	// IAM users: twelve hours by default.
	st, err = s.GetSessionToken(uctx, &GetSessionTokenRequest{})
	if err != nil || !st.Credentials.Expiration.Equal(testNow.Add(12*time.Hour)) {
		t.Fatal(st, err)
	}
	// The session acts as the user (STS API Reference, GetSessionToken).
	id, _ = s.GetCallerIdentity(reqCtx("000000000000", *st.Credentials.AccessKeyId), &GetCallerIdentityRequest{})
	if *id.Arn != "arn:aws:iam::000000000000:user/alice" {
		t.Fatal(*id.Arn)
	}
	fed, err := s.GetFederationToken(uctx, &GetFederationTokenRequest{Name: ptr("bob"), Policy: ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	// STS API Reference, GetFederationToken: arn:aws:sts::<account>:federated-user/<Name>, id <account>:<Name>.
	if *fed.FederatedUser.Arn != "arn:aws:sts::000000000000:federated-user/bob" || *fed.FederatedUser.FederatedUserId != "000000000000:bob" {
		t.Fatal(*fed.FederatedUser.Arn)
	}
	info, _ := s.GetAccessKeyInfo(ctx, &GetAccessKeyInfoRequest{AccessKeyId: k.AccessKey.AccessKeyId})
	if *info.Account != "000000000000" {
		t.Fatal(*info.Account)
	}
	// An AKIA key the emulator never issued: the account AWS encodes in it.
	foreign := iam.AccessKeyID(testEnv(), "AKIA", "210987654321")
	info, _ = s.GetAccessKeyInfo(ctx, &GetAccessKeyInfoRequest{AccessKeyId: &foreign})
	if *info.Account != "210987654321" {
		t.Fatal(*info.Account)
	}
}

func TestWebIdentityAndSAML(t *testing.T) {
	s := New(testEnv(), nil)
	ctx := reqCtx("000000000000", "test")
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"user-1","aud":"client-1","iss":"https://token.actions.githubusercontent.com"}`))
	out, err := s.AssumeRoleWithWebIdentity(ctx, &AssumeRoleWithWebIdentityRequest{RoleArn: ptr("arn:aws:iam::000000000000:role/gha"),
		RoleSessionName: ptr("run"), WebIdentityToken: ptr("eyJhbGciOiJSUzI1NiJ9." + payload + ".sig")})
	if err != nil {
		t.Fatal(err)
	}
	// STS API Reference, AssumeRoleWithWebIdentity response: subject, audience, provider from the token.
	if *out.SubjectFromWebIdentityToken != "user-1" || *out.Audience != "client-1" || *out.Provider != "token.actions.githubusercontent.com" ||
		*out.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/gha/run" {
		t.Fatalf("%+v", out)
	}
	assertion := `<samlp:Response><saml:Assertion><saml:Issuer>https://idp.example.com</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">jdoe</saml:NameID></saml:Subject>` +
		`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>jdoe@example.com</saml:AttributeValue></saml:Attribute></saml:Assertion></samlp:Response>`
	sa, err := s.AssumeRoleWithSAML(ctx, &AssumeRoleWithSAMLRequest{RoleArn: ptr("arn:aws:iam::000000000000:role/sso"),
		PrincipalArn: ptr("arn:aws:iam::000000000000:saml-provider/corp"), SAMLAssertion: ptr(base64.StdEncoding.EncodeToString([]byte(assertion)))})
	if err != nil {
		t.Fatal(err)
	}
	if *sa.Subject != "jdoe" || *sa.SubjectType != "persistent" || *sa.Issuer != "https://idp.example.com" ||
		*sa.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/sso/jdoe@example.com" {
		t.Fatalf("%+v %+v", sa, sa.AssumedRoleUser)
	}
	if _, err := s.AssumeRoleWithSAML(ctx, &AssumeRoleWithSAMLRequest{RoleArn: ptr("arn:aws:iam::000000000000:role/sso"), PrincipalArn: ptr("x"), SAMLAssertion: ptr("%%%")}); err == nil {
		t.Fatal("bad assertion accepted")
	}
	msg, err := s.DecodeAuthorizationMessage(ctx, &DecodeAuthorizationMessageRequest{EncodedMessage: ptr(base64.StdEncoding.EncodeToString([]byte(`{"allowed":false}`)))})
	if err != nil || *msg.DecodedMessage != `{"allowed":false}` {
		t.Fatal(msg, err)
	}
	if _, err := s.DecodeAuthorizationMessage(ctx, &DecodeAuthorizationMessageRequest{EncodedMessage: ptr("nope")}); err == nil {
		t.Fatal("garbage decoded")
	}
}

func TestAssumeRoot(t *testing.T) {
	s := New(testEnv(), nil)
	ctx := reqCtx("000000000000", "test")
	out, err := s.AssumeRoot(ctx, &AssumeRootRequest{TargetPrincipal: ptr("123456789012"),
		TaskPolicyArn: &PolicyDescriptorType{Arn: ptr("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")}})
	// STS API Reference, AssumeRoot: 900 seconds by default and at most.
	if err != nil || !out.Credentials.Expiration.Equal(testNow.Add(15*time.Minute)) {
		t.Fatal(out, err)
	}
	id, _ := s.GetCallerIdentity(reqCtx("123456789012", *out.Credentials.AccessKeyId), &GetCallerIdentityRequest{})
	if *id.Arn != "arn:aws:iam::123456789012:root" {
		t.Fatal(*id.Arn)
	}
	if _, err := s.AssumeRoot(ctx, &AssumeRootRequest{TargetPrincipal: ptr("123456789012"), DurationSeconds: ptr(int32(901)),
		TaskPolicyArn: &PolicyDescriptorType{Arn: ptr("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")}}); err == nil {
		t.Fatal("901 seconds accepted")
	}
}

func TestGetWebIdentityToken(t *testing.T) {
	i := iam.New(testEnv())
	s := New(testEnv(), i)
	i.SetSessions(s)
	ctx := reqCtx("123456789012", "123456789012")
	if _, err := s.GetWebIdentityToken(ctx, &GetWebIdentityTokenRequest{Audience: []string{"https://api.example.com"}}); err == nil ||
		err.(awsapi.APIError).HTTPStatusCode() != 403 {
		t.Fatalf("before enabling: %v", err)
	}
	en, err := i.EnableOutboundWebIdentityFederation(ctx, &awsapi.Empty{})
	if err != nil || !strings.HasSuffix(*en.IssuerIdentifier, ".tokens.sts.global.api.aws") {
		t.Fatal(en, err)
	}
	for _, alg := range []string{"RS256", "ES384"} {
		out, err := s.GetWebIdentityToken(ctx, &GetWebIdentityTokenRequest{Audience: []string{"https://api.example.com"}, SigningAlgorithm: ptr(alg)})
		if err != nil {
			t.Fatal(err)
		}
		// Default lifetime 300 seconds (STS API Reference, GetWebIdentityToken).
		if !out.Expiration.Equal(testNow.Add(300 * time.Second)) {
			t.Fatal(out.Expiration)
		}
		parts := strings.Split(*out.WebIdentityToken, ".")
		body, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		if err := json.Unmarshal(body, &claims); err != nil || claims["iss"] != *en.IssuerIdentifier ||
			claims["sub"] != "arn:aws:iam::123456789012:root" || claims["aud"] != "https://api.example.com" {
			t.Fatalf("%s claims %v", alg, claims)
		}
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		input := []byte(parts[0] + "." + parts[1])
		if alg == "RS256" {
			h := sha256.Sum256(input)
			if err := rsa.VerifyPKCS1v15(&s.keys.rsa.PublicKey, crypto.SHA256, h[:], sig); err != nil {
				t.Fatal(err)
			}
		} else {
			h := sha512.Sum384(input)
			if !ecdsa.Verify(&s.keys.ec.PublicKey, h[:], new(big.Int).SetBytes(sig[:48]), new(big.Int).SetBytes(sig[48:])) {
				t.Fatal("ES384 signature does not verify")
			}
		}
	}
}
