package iam

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

func mustParse(t *testing.T, doc string) []sourcePolicy {
	t.Helper()
	d, err := parseDocument(doc, identityPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return []sourcePolicy{{ID: "p", Type: "none", Doc: d}}
}

// Condition operators (IAM User Guide, "IAM JSON policy elements: Condition
// operators"), set operators and IfExists ("Multivalued context keys").
func TestConditionOperators(t *testing.T) {
	cases := []struct {
		cond   string
		values map[string][]string
		want   string
	}{
		{`{"StringEquals":{"aws:username":"bob"}}`, map[string][]string{"aws:username": {"bob"}}, decisionAllowed},
		{`{"StringEquals":{"aws:username":"bob"}}`, map[string][]string{"aws:username": {"Bob"}}, decisionImplicitDeny},
		{`{"StringEqualsIgnoreCase":{"aws:username":"bob"}}`, map[string][]string{"aws:username": {"BOB"}}, decisionAllowed},
		{`{"StringNotEquals":{"aws:username":["a","b"]}}`, map[string][]string{"aws:username": {"c"}}, decisionAllowed},
		{`{"StringNotEquals":{"aws:username":["a","b"]}}`, map[string][]string{"aws:username": {"b"}}, decisionImplicitDeny},
		{`{"StringLike":{"s3:prefix":"home/*"}}`, map[string][]string{"s3:prefix": {"home/bob/x"}}, decisionAllowed},
		{`{"StringNotLike":{"s3:prefix":"home/*"}}`, map[string][]string{"s3:prefix": {"home/x"}}, decisionImplicitDeny},
		{`{"StringEquals":{"aws:username":"bob"}}`, nil, decisionImplicitDeny},
		{`{"StringEqualsIfExists":{"aws:username":"bob"}}`, nil, decisionAllowed},
		{`{"NumericGreaterThanEquals":{"n":"10"}}`, map[string][]string{"n": {"10"}}, decisionAllowed},
		{`{"NumericLessThan":{"n":10}}`, map[string][]string{"n": {"10.5"}}, decisionImplicitDeny},
		{`{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, map[string][]string{"aws:currenttime": {"2026-06-01T00:00:00Z"}}, decisionAllowed},
		{`{"DateGreaterThan":{"aws:EpochTime":"1700000000"}}`, map[string][]string{"aws:epochtime": {"1600000000"}}, decisionImplicitDeny},
		{`{"Bool":{"aws:SecureTransport":false}}`, map[string][]string{"aws:securetransport": {"false"}}, decisionAllowed},
		{`{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.1"]}}`, map[string][]string{"aws:sourceip": {"192.168.1.1"}}, decisionAllowed},
		{`{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, map[string][]string{"aws:sourceip": {"10.2.3.4"}}, decisionImplicitDeny},
		{`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, map[string][]string{"aws:sourcearn": {"arn:aws:sns:us-east-1:123456789012:t"}}, decisionAllowed},
		{`{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:t"}}`, map[string][]string{"aws:sourcearn": {"arn:aws:sns:us-east-1:123456789012:u"}}, decisionImplicitDeny},
		{`{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:t*"}}`, map[string][]string{"aws:sourcearn": {"arn:aws:sns:us-east-1:1:x"}}, decisionAllowed},
		{`{"Null":{"aws:TokenIssueTime":"true"}}`, nil, decisionAllowed},
		{`{"Null":{"aws:TokenIssueTime":"false"}}`, nil, decisionImplicitDeny},
		{`{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, map[string][]string{"aws:tagkeys": {"a", "b"}}, decisionAllowed},
		{`{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, map[string][]string{"aws:tagkeys": {"a", "c"}}, decisionImplicitDeny},
		{`{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}`, nil, decisionAllowed},
		{`{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, map[string][]string{"aws:tagkeys": {"z", "a"}}, decisionAllowed},
		{`{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, nil, decisionImplicitDeny},
		{`{"StringEquals":{"aws:username":"bob"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, map[string][]string{"aws:username": {"bob"}}, decisionImplicitDeny},
	}
	for _, c := range cases {
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + c.cond + `}]}`
		got := evaluate(mustParse(t, doc), nil, nil, evalContext{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Values: c.values})
		if got.Decision != c.want {
			t.Errorf("%s with %v: %s, want %s", c.cond, c.values, got.Decision, c.want)
		}
	}
}

// Policy variables and wildcards in resources; NotResource; explicit deny
// wins; boundaries and session policies intersect (IAM User Guide, "Policy
// evaluation logic").
func TestEvaluationLogic(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"},
	  {"Effect":"Allow","Action":"sqs:Send?essage","NotResource":"arn:aws:sqs:*:*:secret"},
	  {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}`)
	vals := map[string][]string{"aws:username": {"bob"}}
	for _, c := range []struct{ action, res, want string }{
		{"s3:GetObject", "arn:aws:s3:::home/bob/x", decisionAllowed},
		{"S3:getobject", "arn:aws:s3:::home/bob/x", decisionAllowed}, // actions compare case-insensitively
		{"s3:GetObject", "arn:aws:s3:::home/alice/x", decisionImplicitDeny},
		{"s3:GetObject", "arn:aws:s3:::HOME/bob/x", decisionImplicitDeny}, // resources are case-sensitive
		{"s3:DeleteObject", "arn:aws:s3:::home/bob/x", decisionExplicitDeny},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:1:jobs", decisionAllowed},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:1:secret", decisionImplicitDeny},
	} {
		if got := evaluate(p, nil, nil, evalContext{Action: c.action, Resource: c.res, Values: vals}); got.Decision != c.want {
			t.Errorf("%s %s: %s, want %s", c.action, c.res, got.Decision, c.want)
		}
	}
	boundary := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if got := evaluate(p, boundary, nil, evalContext{Action: "s3:PutObject", Resource: "arn:aws:s3:::home/bob/x", Values: vals}); got.Decision != decisionImplicitDeny {
		t.Errorf("boundary: %s", got.Decision)
	}
	if got := evaluate(p, boundary, nil, evalContext{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/bob/x", Values: vals}); got.Decision != decisionAllowed {
		t.Errorf("boundary allow: %s", got.Decision)
	}
}

func TestPolicyGrammar(t *testing.T) {
	for doc, want := range map[string]string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`:                                                                        "",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}],"Extra":1}`:                                                            msgSyntax,
		`{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`:                                                                      msgVersion,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`:                                                                      msgSyntax,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}]}`:                                                                    msgOneColon,
		`{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`: msgUniqueSid,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}}]}`:                               msgSyntax,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}`:                                                msgSyntax,
	} {
		err := validateDocument(doc, identityPolicy)
		got := ""
		if err != nil {
			got = err.(*MalformedPolicyDocumentException).ErrorMessage()
		}
		if got != want {
			t.Errorf("%s: %q, want %q", doc, got, want)
		}
	}
	// Trust policies need a Principal and have no Resource.
	if err := validateDocument(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"},"Resource":"*"}]}`, trustPolicy); err == nil ||
		err.(*MalformedPolicyDocumentException).ErrorMessage() != msgResourceProh {
		t.Errorf("trust with resource: %v", err)
	}
}

func TestEncodeDocumentAndKeys(t *testing.T) {
	// RFC 3986 percent-encoding, as IAM returns documents.
	if got := encodeDocument(`{"a": "b/c"}`); got != "%7B%22a%22%3A%20%22b%2Fc%22%7D" {
		t.Fatal(got)
	}
	for _, acct := range []string{"000000000000", "123456789012", "999999999999", "000000000001"} {
		k := AccessKeyID(awsapi.Env{}, "AKIA", acct)
		if got, ok := AccountOfKey(k); !ok || got != acct || len(k) != 20 {
			t.Errorf("%s: %s %s %v", acct, k, got, ok)
		}
	}
}

func selfSigned(t *testing.T) string {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "example.com"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestCertificatesKeysAndReport(t *testing.T) {
	n := 0
	s := New(awsapi.Env{Now: func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) }, NewID: func() string {
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n*7919, n*104729)
	}})
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012"})
	body := selfSigned(t)
	up, err := s.UploadServerCertificate(ctx, &UploadServerCertificateRequest{ServerCertificateName: ptr("web"), CertificateBody: &body, PrivateKey: ptr("k")})
	// Expiration comes from the certificate; ARN arn:aws:iam::<account>:server-certificate/<path><name>.
	if err != nil || !up.ServerCertificateMetadata.Expiration.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		*up.ServerCertificateMetadata.Arn != "arn:aws:iam::123456789012:server-certificate/web" {
		t.Fatal(up, err)
	}
	if _, err := s.UploadServerCertificate(ctx, &UploadServerCertificateRequest{ServerCertificateName: ptr("bad"), CertificateBody: ptr("nope")}); err == nil {
		t.Fatal("malformed certificate accepted")
	}
	if _, err := s.CreateUser(ctx, &CreateUserRequest{UserName: ptr("dev")}); err != nil {
		t.Fatal(err)
	}
	key := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDLzR2KhXzcfHC5 dev@host"
	k, err := s.UploadSSHPublicKey(ctx, &UploadSSHPublicKeyRequest{UserName: ptr("dev"), SSHPublicKeyBody: &key})
	if err != nil || !strings.HasPrefix(*k.SSHPublicKey.SSHPublicKeyId, "APKA") || strings.Count(*k.SSHPublicKey.Fingerprint, ":") != 15 {
		t.Fatal(k, err)
	}
	if _, err := s.UploadSSHPublicKey(ctx, &UploadSSHPublicKeyRequest{UserName: ptr("dev"), SSHPublicKeyBody: &key}); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if _, err := s.GetCredentialReport(ctx, &awsapi.Empty{}); err == nil {
		t.Fatal("report before generation")
	}
	g, _ := s.GenerateCredentialReport(ctx, &awsapi.Empty{})
	g2, _ := s.GenerateCredentialReport(ctx, &awsapi.Empty{})
	if *g.State != "STARTED" || *g2.State != "COMPLETE" {
		t.Fatal(*g.State, *g2.State)
	}
	rep, err := s.GetCredentialReport(ctx, &awsapi.Empty{})
	if err != nil || !strings.HasPrefix(string(rep.Content), "user,arn,user_creation_time") || !strings.Contains(string(rep.Content), "\ndev,arn:aws:iam::123456789012:user/dev,") {
		t.Fatal(string(rep.Content), err)
	}
	c, err := s.CreateServiceSpecificCredential(ctx, &CreateServiceSpecificCredentialRequest{UserName: ptr("dev"), ServiceName: ptr("codecommit.amazonaws.com")})
	if err != nil || *c.ServiceSpecificCredential.ServiceUserName != "dev-at-123456789012" {
		t.Fatal(c, err)
	}
	if _, err := s.DeleteUser(ctx, &DeleteUserRequest{UserName: ptr("dev")}); err == nil {
		t.Fatal("user with credentials deleted")
	}
}

func TestServiceLastAccessedAndOutboundFederation(t *testing.T) {
	s := New(awsapi.Env{})
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012"})
	if _, err := s.CreateRole(ctx, &CreateRoleRequest{RoleName: ptr("r"),
		AssumeRolePolicyDocument: ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRolePolicy(ctx, &PutRolePolicyRequest{RoleName: ptr("r"), PolicyName: ptr("p"),
		PolicyDocument: ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","sqs:*"],"Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	job, err := s.GenerateServiceLastAccessedDetails(ctx, &GenerateServiceLastAccessedDetailsRequest{Arn: ptr("arn:aws:iam::123456789012:role/r")})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.GetServiceLastAccessedDetails(ctx, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
	// IAM API Reference, GetServiceLastAccessedDetails: JobStatus COMPLETED, one entry per allowed service.
	if err != nil || *rep.JobStatus != "COMPLETED" || len(rep.ServicesLastAccessed) != 2 || *rep.ServicesLastAccessed[0].ServiceNamespace != "s3" {
		t.Fatal(rep, err)
	}
	if _, err := s.GetOutboundWebIdentityFederationInfo(ctx, &awsapi.Empty{}); err == nil {
		t.Fatal("info before enabling")
	}
	if _, err := s.EnableOutboundWebIdentityFederation(ctx, &awsapi.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnableOutboundWebIdentityFederation(ctx, &awsapi.Empty{}); err == nil {
		t.Fatal("enabled twice")
	}
	if _, err := s.DisableOutboundWebIdentityFederation(ctx, &awsapi.Empty{}); err != nil {
		t.Fatal(err)
	}
	info, err := s.GetOutboundWebIdentityFederationInfo(ctx, &awsapi.Empty{})
	if err != nil || *info.JwtVendingEnabled {
		t.Fatal(info, err)
	}
}

// Size quotas (IAM User Guide, "IAM and AWS STS quotas"): whitespace does
// not count; beyond the quota, LimitExceeded.
func TestPolicySizeQuotas(t *testing.T) {
	s := New(awsapi.Env{})
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012"})
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[` +
		strings.Repeat(`"arn:aws:s3:::bucket-name-that-is-long/*",`, 160) + `"*"]}]}`
	if _, err := s.CreatePolicy(ctx, &CreatePolicyRequest{PolicyName: ptr("big"), PolicyDocument: &big}); err == nil ||
		err.(awsapi.APIError).ErrorCode() != "LimitExceeded" {
		t.Fatalf("big managed policy: %v", err)
	}
	spaced := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}` + strings.Repeat(" ", 7000)
	if _, err := s.CreatePolicy(ctx, &CreatePolicyRequest{PolicyName: ptr("spaced"), PolicyDocument: &spaced}); err != nil {
		t.Fatalf("whitespace counted: %v", err)
	}
	if _, err := s.CreateUser(ctx, &CreateUserRequest{UserName: ptr("u")}); err != nil {
		t.Fatal(err)
	}
	_, err := s.PutUserPolicy(ctx, &PutUserPolicyRequest{UserName: ptr("u"), PolicyName: ptr("p"), PolicyDocument: &big})
	if err == nil || err.(awsapi.APIError).ErrorMessage() != "Maximum policy size of 2048 bytes exceeded for user u" {
		t.Fatalf("inline: %v", err)
	}
}

func TestActionNames(t *testing.T) {
	// Service Authorization Reference: CloudWatch signs as "monitoring" but
	// its actions are cloudwatch:*; S3 and SQS operations map to their actions.
	if actionPrefix("monitoring") != "cloudwatch" || actionName("s3", "ListObjectsV2") != "ListBucket" ||
		actionName("sqs", "SendMessageBatch") != "SendMessage" || actionName("dynamodb", "PutItem") != "PutItem" {
		t.Fatal("action mapping")
	}
	req := &awsapi.Request{Region: "eu-west-1", Account: "123456789012"}
	if got := resourcesOf("sqs", "SendMessage", map[string]any{"QueueUrl": "http://localhost:4566/210987654321/q"}, req); got[0] != "arn:aws:sqs:eu-west-1:210987654321:q" {
		t.Fatal(got)
	}
	if got := resourcesOf("dynamodb", "BatchWriteItem", map[string]any{"RequestItems": map[string]any{"b": nil, "a": nil}}, req); len(got) != 2 ||
		got[0] != "arn:aws:dynamodb:eu-west-1:123456789012:table/a" {
		t.Fatal(got)
	}
}
