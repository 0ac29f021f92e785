package sts

import (
	"context"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/iam"
)

// Session lengths (STS API Reference, each operation's DurationSeconds):
// AssumeRole* default one hour, at most the role's MaxSessionDuration (one
// hour when chaining roles); GetSessionToken and GetFederationToken default
// twelve hours, at most 36 hours, and one hour for the root user.
const (
	assumeRoleDefault   = time.Hour
	sessionTokenDefault = 12 * time.Hour
	rootMaximum         = time.Hour
	roleChainMaximum    = time.Hour
	unknownRoleMaximum  = 12 * time.Hour
)

func validationError(format string, args ...any) error {
	return awsapi.NewError(400, "ValidationError", format, args...)
}

// roleTarget is the role an AssumeRole* call names.
type roleTarget struct {
	account, name, arn, id string
	max                    time.Duration
}

// role resolves RoleArn: the IAM role when it exists (its id and maximum
// session), otherwise, as LocalStack community does, a role taken from the
// ARN with a stable id derived from it.
func (s *Service) role(ctx context.Context, roleArn string) (roleTarget, error) {
	parts := strings.SplitN(roleArn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return roleTarget{}, validationError("%s is invalid", roleArn)
	}
	t := roleTarget{account: parts[4], arn: roleArn, name: parts[5][strings.LastIndex(parts[5], "/")+1:], max: unknownRoleMaximum}
	if t.account == "" {
		t.account = awsapi.RequestFrom(ctx).Account
	}
	if s.dir != nil {
		if r, ok := s.dir.RoleByARN(roleArn); ok {
			t.id, t.max, t.name = r.ID, r.MaxSession, r.Name
			s.dir.NoteRoleUsed(roleArn, awsapi.RequestFrom(ctx).Region)
			return t, nil
		}
	}
	sum := sha1.Sum([]byte(roleArn))
	t.id = "AROA" + base32.StdEncoding.EncodeToString(sum[:])[:17]
	return t, nil
}

// duration applies the default and the maximum of a session.
func duration(in *int32, def, max time.Duration, tooLong string) (time.Duration, error) {
	if in == nil {
		return min(def, max), nil
	}
	d := time.Duration(*in) * time.Second
	if d < 15*time.Minute {
		return 0, validationError("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", *in)
	}
	if d > max {
		return 0, validationError("%s", tooLong)
	}
	return d, nil
}

// sessionPolicy checks the Policy parameter. Errors: MalformedPolicyDocument,
// PackedPolicyTooLarge (over 2048 characters, STS quotas).
func sessionPolicy(policy *string, arns []PolicyDescriptorType, tags []Tag) (*int32, error) {
	if policy == nil && len(arns) == 0 && len(tags) == 0 {
		return nil, nil
	}
	size := 0
	if policy != nil {
		if msg := iam.SessionPolicyProblem(*policy); msg != "" {
			return nil, &MalformedPolicyDocumentException{Message: ptr(msg)}
		}
		size += len(*policy)
	}
	for _, a := range arns {
		size += len(deref(a.Arn))
	}
	for _, t := range tags {
		size += len(deref(t.Key)) + len(deref(t.Value))
	}
	// PackedPolicySize is a percentage of the packed limit.
	pct := int32(size * 100 / 2048)
	if pct > 100 {
		return nil, &PackedPolicyTooLargeException{Message: ptr("Packed size of consolidated session policies and session tags exceeds 100%.")}
	}
	return ptr(pct), nil
}

func policyArns(in []PolicyDescriptorType) []string {
	var out []string
	for _, a := range in {
		out = append(out, deref(a.Arn))
	}
	return out
}

// assume issues credentials for a role session.
func (s *Service) assume(ctx context.Context, kind string, roleArn, sessionName string, seconds *int32, policy *string, arns []PolicyDescriptorType, tags []Tag) (*Credentials, *AssumedRoleUser, *int32, error) {
	t, err := s.role(ctx, roleArn)
	if err != nil {
		return nil, nil, nil, err
	}
	max, tooLong := t.max, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
	if c, isSession := s.caller(ctx); isSession && c.RoleName != "" && kind == "AssumeRole" {
		max, tooLong = roleChainMaximum, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
	}
	d, err := duration(seconds, assumeRoleDefault, max, tooLong)
	if err != nil {
		return nil, nil, nil, err
	}
	packed, err := sessionPolicy(policy, arns, tags)
	if err != nil {
		return nil, nil, nil, err
	}
	user := &AssumedRoleUser{AssumedRoleId: ptr(t.id + ":" + sessionName), Arn: ptr("arn:aws:sts::" + t.account + ":assumed-role/" + t.name + "/" + sessionName)}
	creds := s.issue(kind, d, iam.Principal{Account: t.account, ARN: *user.Arn, UserID: *user.AssumedRoleId, RoleName: t.name,
		SessionPolicy: deref(policy), SessionPolicyArns: policyArns(arns)})
	return creds, user, packed, nil
}

// issue stores and returns fresh temporary credentials for p valid for d:
// an ASIA key id encoding the account, a 40-character secret and a token.
func (s *Service) issue(kind string, d time.Duration, p iam.Principal) *Credentials {
	now := s.now()
	p.Expiration = now.Add(d).Truncate(time.Second)
	p.Active = false
	se := &session{Principal: p, Kind: kind, Issued: now,
		AccessKeyID: iam.AccessKeyID(s.env, "ASIA", p.Account),
		Secret:      iam.Token(s.env, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
		Token:       "IQoJb3JpZ2luX2VjE" + base64.StdEncoding.EncodeToString([]byte(s.id()+s.id()+s.id()+s.id())),
	}
	s.mu.Lock()
	s.sessions[se.AccessKeyID] = se
	s.dropExpiredLocked(now)
	s.mu.Unlock()
	return &Credentials{AccessKeyId: ptr(se.AccessKeyID), SecretAccessKey: ptr(se.Secret), SessionToken: ptr(se.Token), Expiration: ptr(p.Expiration)}
}

// dropExpiredLocked forgets sessions expired for a day, so the store stays
// bounded while recently expired keys still answer ExpiredToken-style denials.
func (s *Service) dropExpiredLocked(now time.Time) {
	for k, se := range s.sessions {
		if now.Sub(se.Expiration) > 24*time.Hour {
			delete(s.sessions, k)
		}
	}
}

func (s *Service) id() string {
	if s.env.NewID == nil {
		return time.Now().String()
	}
	return s.env.NewID()
}

// AssumeRole returns temporary credentials for RoleArn. The trust policy is
// checked only with ENFORCE_IAM for emulator-issued callers (LocalStack
// community never checks it); when the role exists in IAM its RoleId and
// MaxSessionDuration apply. Errors: ValidationError
// (ARN, DurationSeconds), MalformedPolicyDocument, PackedPolicyTooLarge.
func (s *Service) AssumeRole(ctx context.Context, in *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	if s.dir != nil {
		if c, _ := s.caller(ctx); !c.Root {
			if msg := s.dir.TrustDenied(deref(in.RoleArn), c, deref(in.ExternalId)); msg != "" {
				return nil, awsapi.NewError(403, "AccessDenied", "%s", msg)
			}
		}
	}
	creds, user, packed, err := s.assume(ctx, "AssumeRole", deref(in.RoleArn), deref(in.RoleSessionName), in.DurationSeconds, in.Policy, in.PolicyArns, in.Tags)
	if err != nil {
		return nil, err
	}
	return &AssumeRoleResponse{Credentials: creds, AssumedRoleUser: user, PackedPolicySize: packed, SourceIdentity: in.SourceIdentity}, nil
}

// GetSessionToken returns temporary credentials acting as the caller.
// Errors: AccessDenied when called with session credentials (STS API
// Reference, GetSessionToken: "you cannot call GetSessionToken with session credentials").
func (s *Service) GetSessionToken(ctx context.Context, in *GetSessionTokenRequest) (*GetSessionTokenResponse, error) {
	p, isSession := s.caller(ctx)
	if isSession {
		return nil, awsapi.NewError(403, "AccessDenied", "Cannot call GetSessionToken with session credentials")
	}
	max := 36 * time.Hour
	if p.Root {
		max = rootMaximum
	}
	d, err := durationCapped(in.DurationSeconds, sessionTokenDefault, max)
	if err != nil {
		return nil, err
	}
	return &GetSessionTokenResponse{Credentials: s.issue("GetSessionToken", d, p)}, nil
}

// durationCapped is GetSessionToken's and GetFederationToken's rule: the
// root user's sessions are cut to one hour rather than refused.
func durationCapped(in *int32, def, max time.Duration) (time.Duration, error) {
	d, err := duration(in, def, 36*time.Hour, "The requested DurationSeconds exceeds the 36 hour session limit.")
	if err != nil {
		return 0, err
	}
	return min(d, max), nil
}

// GetFederationToken returns credentials for a federated user
// (arn:aws:sts::<account>:federated-user/<Name>, FederatedUserId
// <account>:<Name>) whose permissions are the caller's narrowed by the
// session policies. Errors: AccessDenied with session credentials,
// MalformedPolicyDocument, PackedPolicyTooLarge.
func (s *Service) GetFederationToken(ctx context.Context, in *GetFederationTokenRequest) (*GetFederationTokenResponse, error) {
	p, isSession := s.caller(ctx)
	if isSession {
		return nil, awsapi.NewError(403, "AccessDenied", "Cannot call GetFederationToken with session credentials")
	}
	max := 36 * time.Hour
	if p.Root {
		max = rootMaximum
	}
	d, err := durationCapped(in.DurationSeconds, sessionTokenDefault, max)
	if err != nil {
		return nil, err
	}
	packed, err := sessionPolicy(in.Policy, in.PolicyArns, in.Tags)
	if err != nil {
		return nil, err
	}
	name := deref(in.Name)
	fed := &FederatedUser{FederatedUserId: ptr(p.Account + ":" + name), Arn: ptr("arn:aws:sts::" + p.Account + ":federated-user/" + name)}
	np := iam.Principal{Account: p.Account, ARN: *fed.Arn, UserID: *fed.FederatedUserId, UserName: p.UserName, Root: p.Root && in.Policy == nil && len(in.PolicyArns) == 0,
		SessionPolicy: deref(in.Policy), SessionPolicyArns: policyArns(in.PolicyArns)}
	if np.SessionPolicy == "" && len(np.SessionPolicyArns) == 0 {
		// No session policy: AWS grants a federated user nothing
		// (GetFederationToken: "you must pass a session policy").
		np.SessionPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`
	}
	return &GetFederationTokenResponse{Credentials: s.issue("GetFederationToken", d, np), FederatedUser: fed, PackedPolicySize: packed}, nil
}

// GetAccessKeyInfo returns the account owning an access key: emulator
// issued keys by record, other AKIA/ASIA keys by the account AWS encodes
// in them, anything else the caller's account.
func (s *Service) GetAccessKeyInfo(ctx context.Context, in *GetAccessKeyInfoRequest) (*GetAccessKeyInfoResponse, error) {
	key := deref(in.AccessKeyId)
	if p, ok := s.Session(key); ok {
		return &GetAccessKeyInfoResponse{Account: ptr(p.Account)}, nil
	}
	if s.dir != nil {
		if p, ok := s.dir.AccessKeyUser(key); ok {
			return &GetAccessKeyInfoResponse{Account: ptr(p.Account)}, nil
		}
	}
	if acct, ok := iam.AccountOfKey(key); ok && len(key) == 20 && strings.Contains("AKIA ASIA LKIA LSIA", key[:4]) {
		return &GetAccessKeyInfoResponse{Account: ptr(acct)}, nil
	}
	return &GetAccessKeyInfoResponse{Account: ptr(awsapi.RequestFrom(ctx).Account)}, nil
}

// DecodeAuthorizationMessage decodes an encoded authorization message: the
// emulator's are base64 of the JSON document. Errors:
// InvalidAuthorizationMessageException for anything else.
func (s *Service) DecodeAuthorizationMessage(_ context.Context, in *DecodeAuthorizationMessageRequest) (*DecodeAuthorizationMessageResponse, error) {
	raw, err := base64.StdEncoding.DecodeString(deref(in.EncodedMessage))
	if err != nil || len(raw) == 0 || raw[0] != '{' {
		return nil, &InvalidAuthorizationMessageException{Message: ptr("Message is not valid")}
	}
	return &DecodeAuthorizationMessageResponse{DecodedMessage: ptr(string(raw))}, nil
}

// AssumeRoot returns short-term root credentials for a member account
// (TargetPrincipal, an account id) scoped by an AWS managed task policy
// (STS API Reference, AssumeRoot: DurationSeconds at most 900, the default).
// Organizations is not modelled, so any 12-digit account is accepted.
// Errors: ValidationError.
func (s *Service) AssumeRoot(_ context.Context, in *AssumeRootRequest) (*AssumeRootResponse, error) {
	target := deref(in.TargetPrincipal)
	if len(target) != 12 || strings.Trim(target, "0123456789") != "" {
		return nil, validationError("TargetPrincipal %s is not a valid account id", target)
	}
	task := ""
	if in.TaskPolicyArn != nil {
		task = deref(in.TaskPolicyArn.Arn)
	}
	if !strings.HasPrefix(task, "arn:aws:iam::aws:policy/root-task/") {
		return nil, validationError("TaskPolicyArn must be an AWS managed root task policy (arn:aws:iam::aws:policy/root-task/...)")
	}
	d, err := duration(in.DurationSeconds, 15*time.Minute, 15*time.Minute, "The requested DurationSeconds exceeds the 900 second limit of AssumeRoot.")
	if err != nil {
		return nil, err
	}
	creds := s.issue("AssumeRoot", d, iam.Principal{Account: target, ARN: "arn:aws:iam::" + target + ":root", UserID: target, Root: true})
	return &AssumeRootResponse{Credentials: creds}, nil
}
