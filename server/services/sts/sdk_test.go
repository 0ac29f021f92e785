package sts_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

func client(t *testing.T, url, key, secret, token string) *sts.Client {
	return sts.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, token)})
}

// STS through the real gateway with aws-sdk-go-v2 (expected values: STS API
// Reference for each operation).
func TestSDKFederation(t *testing.T) {
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := client(t, ts.URL, "123456789012", "x", "")
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"repo:org/app:ref:refs/heads/main","aud":"sts.amazonaws.com","iss":"https://token.actions.githubusercontent.com"}`))
	wi, err := c.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/gha"),
		RoleSessionName: aws.String("gha-run"), WebIdentityToken: aws.String("e30." + payload + ".c2ln")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(wi.SubjectFromWebIdentityToken) != "repo:org/app:ref:refs/heads/main" || aws.ToString(wi.Provider) != "token.actions.githubusercontent.com" ||
		aws.ToString(wi.Audience) != "sts.amazonaws.com" {
		t.Fatalf("%+v", wi)
	}
	who, err := client(t, ts.URL, aws.ToString(wi.Credentials.AccessKeyId), aws.ToString(wi.Credentials.SecretAccessKey), aws.ToString(wi.Credentials.SessionToken)).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/gha/gha-run" {
		t.Fatal(who, err)
	}
	fed, err := c.GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("partner"), DurationSeconds: aws.Int32(7200)})
	if err != nil {
		t.Fatal(err)
	}
	// Root callers' federation sessions are cut to one hour (GetFederationToken DurationSeconds).
	if d := aws.ToTime(fed.Credentials.Expiration).Sub(time.Now()); d > time.Hour+time.Minute || d < 50*time.Minute {
		t.Fatalf("duration %v", d)
	}
	if aws.ToString(fed.FederatedUser.Arn) != "arn:aws:sts::123456789012:federated-user/partner" {
		t.Fatal(aws.ToString(fed.FederatedUser.Arn))
	}
	// DurationSeconds below 900: ValidationError from the model's range.
	_, err = c.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(60)})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" {
		t.Fatalf("short session: %v", err)
	}
	// Session credentials cannot call GetSessionToken (AccessDenied).
	st, err := c.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client(t, ts.URL, aws.ToString(st.Credentials.AccessKeyId), aws.ToString(st.Credentials.SecretAccessKey), aws.ToString(st.Credentials.SessionToken)).
		GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Fatalf("nested session: %v", err)
	}
}
