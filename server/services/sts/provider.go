// Package sts is the AWS Security Token Service provider: it answers who the
// caller is and issues temporary credentials (ASIA access keys with session
// tokens) that the gateway and IAM recognise on later requests.
package sts

import (
	"context"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/iam"
)

// Directory is what STS asks IAM: roles to assume and the owners of
// long-term access keys. *iam.Service implements it.
type Directory interface {
	RoleByARN(roleArn string) (iam.RoleInfo, bool)
	AccessKeyUser(accessKey string) (iam.Principal, bool)
	NoteRoleUsed(roleArn, region string)
	// OutboundIssuer is the account's JWT issuer when outbound web
	// identity federation is enabled (GetWebIdentityToken).
	OutboundIssuer(account string) (string, bool)
	// TrustDenied is "" when the role's trust policy lets caller assume it
	// (checked only with ENFORCE_IAM), else the AccessDenied message.
	TrustDenied(roleArn string, caller iam.Principal, externalID string) string
}

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env      awsapi.Env
	dir      Directory // nil: no IAM (roles unknown, keys are root)
	mu       sync.Mutex
	sessions map[string]*session // by access key id
	keys     signingKeys         // GetWebIdentityToken's keys, made on first use
}

// session is one set of temporary credentials and the principal it acts as.
type session struct {
	iam.Principal
	AccessKeyID string    `json:"access_key_id"`
	Secret      string    `json:"secret_access_key"`
	Token       string    `json:"session_token"`
	Kind        string    `json:"kind"` // AssumeRole, GetSessionToken, GetFederationToken, ...
	Issued      time.Time `json:"issued"`
}

// New returns the STS provider; dir (may be nil) resolves roles and IAM
// user keys.
func New(env awsapi.Env, dir Directory) *Service {
	return &Service{env: env, dir: dir, sessions: map[string]*session{}}
}

// Session returns the principal owning a temporary access key (iam.Sessions);
// Active is false once the credentials have expired.
func (s *Service) Session(accessKey string) (iam.Principal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	se, ok := s.sessions[accessKey]
	if !ok {
		return iam.Principal{}, false
	}
	p := se.Principal
	p.Active = s.now().Before(se.Expiration)
	return p, true
}

// caller is the principal that signed the request: an STS session, an IAM
// user, or the account's root user.
func (s *Service) caller(ctx context.Context) (iam.Principal, bool) {
	req := awsapi.RequestFrom(ctx)
	if p, ok := s.Session(req.AccessKey); ok {
		return p, true
	}
	if s.dir != nil {
		if p, ok := s.dir.AccessKeyUser(req.AccessKey); ok {
			return p, false
		}
	}
	return iam.Principal{Account: req.Account, ARN: "arn:aws:iam::" + req.Account + ":root", UserID: req.Account, Root: true}, false
}

// GetCallerIdentity returns the caller: the root user for keys the emulator
// did not issue (arn:aws:iam::<account>:root, UserId the account id), the
// IAM user for its access keys, and for temporary credentials the session
// (arn:aws:sts::<account>:assumed-role/<role>/<session> with UserId
// <RoleId>:<session>; federated-user/<name> with UserId <account>:<name>).
// Source: STS API Reference, GetCallerIdentity examples; IAM User Guide,
// "IAM identifiers" (unique ids).
func (s *Service) GetCallerIdentity(ctx context.Context, _ *GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	p, _ := s.caller(ctx)
	return &GetCallerIdentityResponse{Account: ptr(p.Account), Arn: ptr(p.ARN), UserId: ptr(p.UserID)}, nil
}

func (s *Service) now() time.Time {
	if s.env.Now == nil {
		return time.Now().UTC()
	}
	return s.env.Now().UTC()
}

func ptr[T any](v T) *T { return &v }
