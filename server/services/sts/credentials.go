package sts

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Session lengths when DurationSeconds is not given: one hour for
// AssumeRole, twelve for GetSessionToken (STS API reference).
const (
	assumeRoleDefault   = time.Hour
	sessionTokenDefault = 12 * time.Hour
)

// AssumeRole returns temporary credentials for RoleArn. Nothing is checked
// against IAM (the emulator has no auth): the role's account and name come
// from the ARN, and the session is arn:aws:sts::<account>:assumed-role/<role>/<RoleSessionName>.
// Errors: ValidationError for an ARN that names no role.
func (s *Service) AssumeRole(ctx context.Context, in *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	arn := deref(in.RoleArn)
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[5], "role/") {
		return nil, awsapi.NewError(400, "ValidationError", "%s is invalid", arn)
	}
	account := parts[4]
	if account == "" {
		account = awsapi.RequestFrom(ctx).Account
	}
	role := parts[5][strings.LastIndex(parts[5], "/")+1:]
	session := deref(in.RoleSessionName)
	d := assumeRoleDefault
	if in.DurationSeconds != nil {
		d = time.Duration(*in.DurationSeconds) * time.Second
	}
	return &AssumeRoleResponse{
		Credentials: s.credentials(d),
		AssumedRoleUser: &AssumedRoleUser{
			AssumedRoleId: ptr("AROA" + s.token(17) + ":" + session),
			Arn:           ptr("arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session),
		},
		PackedPolicySize: ptr(int32(6)),
		SourceIdentity:   in.SourceIdentity,
	}, nil
}

// GetSessionToken returns temporary credentials for the caller.
func (s *Service) GetSessionToken(_ context.Context, in *GetSessionTokenRequest) (*GetSessionTokenResponse, error) {
	d := sessionTokenDefault
	if in.DurationSeconds != nil {
		d = time.Duration(*in.DurationSeconds) * time.Second
	}
	return &GetSessionTokenResponse{Credentials: s.credentials(d)}, nil
}

// credentials makes a fresh temporary key pair (ASIA access key id, 40
// character secret, session token) valid for d.
func (s *Service) credentials(d time.Duration) *Credentials {
	secret := s.token(40)
	session := base64.StdEncoding.EncodeToString([]byte(s.env.NewID() + s.env.NewID() + s.env.NewID()))
	return &Credentials{
		AccessKeyId:     ptr("ASIA" + s.token(16)),
		SecretAccessKey: ptr(secret),
		SessionToken:    ptr("FQoGZXIvYXdzE" + session),
		Expiration:      ptr(s.env.Now().Add(d).UTC().Truncate(time.Second)),
	}
}

// token returns n upper-case alphanumerics from the id source.
func (s *Service) token(n int) string {
	var b strings.Builder
	for b.Len() < n {
		for _, r := range strings.ToUpper(strings.ReplaceAll(s.env.NewID(), "-", "")) {
			if b.Len() == n {
				break
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func ptr[T any](v T) *T { return &v }
