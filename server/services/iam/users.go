package iam

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// user is an IAM user with its keys and login profile.
type user struct {
	entity
	Groups []string       `json:"groups,omitempty"` // group names
	Keys   []*accessKey   `json:"access_keys,omitempty"`
	Login  *loginProfile  `json:"login_profile,omitempty"`
	MFA    []string       `json:"mfa,omitempty"` // serial numbers
	Certs  []*signingCert `json:"signing_certificates,omitempty"`
	SSH    []*sshKey      `json:"ssh_keys,omitempty"`
	Creds  []*serviceCred `json:"service_credentials,omitempty"`
}

type accessKey struct {
	ID       string    `json:"id"`
	Secret   string    `json:"secret"`
	Status   string    `json:"status"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"`
	Service  string    `json:"last_service,omitempty"`
	Region   string    `json:"last_region,omitempty"`
}

type loginProfile struct {
	Created       time.Time `json:"created"`
	ResetRequired bool      `json:"reset_required"`
}

func pathOr(p *string) string {
	if p == nil || *p == "" {
		return "/"
	}
	return *p
}

func (u *user) api() User {
	return User{Path: ptr(u.Path), UserName: ptr(u.Name), UserId: ptr(u.ID), Arn: ptr(u.ARN),
		CreateDate: ptr(u.Created), Tags: apiTags(u.Tags), PermissionsBoundary: boundaryAPI(u.Boundary)}
}

func requestAccount(ctx context.Context) string { return awsapi.RequestFrom(ctx).Account }

// findUser returns the named user, or the caller's user when name is empty
// (GetUser, ListAccessKeys... without UserName act on the signing user).
func (s *Service) findUser(ctx context.Context, a *account, name *string) (*user, error) {
	n := val(name)
	if n == "" {
		if p, ok := s.principalLocked(awsapi.RequestFrom(ctx).AccessKey); ok && p.UserName != "" {
			n = p.UserName
		} else {
			// Root credentials: IAM answers about the root user only for
			// GetUser; other operations need a UserName.
			return nil, noSuchEntity("The user with name %s cannot be found.", "root")
		}
	}
	u, ok := a.Users[strings.ToLower(n)]
	if !ok {
		return nil, noSuchEntity("The user with name %s cannot be found.", n)
	}
	return u, nil
}

// callerIsUserLocked reports whether the request is signed by an IAM user
// (its keys or a session of it); operations whose UserName defaults to the
// caller act on the root user otherwise.
func (s *Service) callerIsUserLocked(ctx context.Context) bool {
	p, ok := s.principalLocked(awsapi.RequestFrom(ctx).AccessKey)
	return ok && p.UserName != "" && p.RoleName == ""
}

// CreateUser creates a user. Errors: EntityAlreadyExists.
func (s *Service) CreateUser(ctx context.Context, in *CreateUserRequest) (*CreateUserResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	name := val(in.UserName)
	if _, ok := a.Users[strings.ToLower(name)]; ok {
		return nil, alreadyExists("User with name %s already exists.", name)
	}
	if err := checkTags(nil, in.Tags); err != nil {
		return nil, err
	}
	path := pathOr(in.Path)
	u := &user{entity: entity{Name: name, Path: path, ID: s.uniqueID("AIDA"), ARN: arn(acct, "user", path, name),
		Created: s.now(), Tags: fromAPITags(in.Tags), Boundary: val(in.PermissionsBoundary)}}
	a.Users[strings.ToLower(name)] = u
	return &CreateUserResponse{User: ptr(u.api())}, nil
}

// GetUser returns the named user or, without UserName, the caller.
func (s *Service) GetUser(ctx context.Context, in *GetUserRequest) (*GetUserResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.UserName == nil {
		if p, ok := s.principalLocked(awsapi.RequestFrom(ctx).AccessKey); !ok || p.UserName == "" {
			// The root user (IAM API Reference, GetUser: "If you do not
			// specify a user name, IAM determines the user name implicitly").
			return &GetUserResponse{User: &User{UserId: ptr(acct), Arn: ptr("arn:aws:iam::" + acct + ":root"), CreateDate: ptr(s.now())}}, nil
		}
	}
	u, err := s.findUser(ctx, s.acct(acct), in.UserName)
	if err != nil {
		return nil, err
	}
	return &GetUserResponse{User: ptr(u.api())}, nil
}

// ListUsers lists users whose path starts with PathPrefix, by name.
func (s *Service) ListUsers(ctx context.Context, in *ListUsersRequest) (*ListUsersResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []User
	for _, u := range sortedValues(s.acct(requestAccount(ctx)).Users) {
		if strings.HasPrefix(u.Path, pathOr(in.PathPrefix)) {
			x := u.api()
			x.Tags = nil // ListUsers omits tags (IAM API Reference, ListUsers)
			out = append(out, x)
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListUsersResponse{Users: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateUser renames or moves a user.
func (s *Service) UpdateUser(ctx context.Context, in *UpdateUserRequest) (*awsapi.Empty, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	if in.NewUserName != nil && !strings.EqualFold(*in.NewUserName, u.Name) {
		if _, ok := a.Users[strings.ToLower(*in.NewUserName)]; ok {
			return nil, alreadyExists("User with name %s already exists.", *in.NewUserName)
		}
		for _, g := range a.Groups {
			if i := slices.Index(g.Members, u.Name); i >= 0 {
				g.Members[i] = *in.NewUserName
			}
		}
		delete(a.Users, strings.ToLower(u.Name))
		u.Name = *in.NewUserName
		a.Users[strings.ToLower(u.Name)] = u
	} else if in.NewUserName != nil {
		u.Name = *in.NewUserName
	}
	if in.NewPath != nil {
		u.Path = *in.NewPath
	}
	u.ARN = arn(acct, "user", u.Path, u.Name)
	return &awsapi.Empty{}, nil
}

// DeleteUser deletes a user that has no keys, policies, groups, login
// profile or MFA devices. Errors: NoSuchEntity, DeleteConflict.
func (s *Service) DeleteUser(ctx context.Context, in *DeleteUserRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	if len(u.Keys) > 0 || len(u.Inline) > 0 || len(u.Attached) > 0 || len(u.Groups) > 0 || u.Login != nil || len(u.MFA) > 0 ||
		len(u.Certs) > 0 || len(u.SSH) > 0 || len(u.Creds) > 0 {
		return nil, deleteConflict("Cannot delete entity, must delete policies first.")
	}
	delete(a.Users, strings.ToLower(u.Name))
	return &awsapi.Empty{}, nil
}

// CreateAccessKey creates an Active key pair for the user (or the caller).
// Errors: LimitExceeded beyond two keys (IAM quotas: "Access keys assigned
// to an IAM user: 2").
func (s *Service) CreateAccessKey(ctx context.Context, in *CreateAccessKeyRequest) (*CreateAccessKeyResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(acct), in.UserName)
	if err != nil {
		return nil, err
	}
	if len(u.Keys) >= 2 {
		return nil, limitExceeded("Cannot exceed quota for AccessKeysPerUser: 2")
	}
	k := &accessKey{ID: AccessKeyID(s.env, "AKIA", acct), Secret: Token(s.env, 40, alnum+"abcdefghijklmnopqrstuvwxyz"), Status: "Active", Created: s.now()}
	u.Keys = append(u.Keys, k)
	return &CreateAccessKeyResponse{AccessKey: &AccessKey{UserName: ptr(u.Name), AccessKeyId: ptr(k.ID), Status: ptr(k.Status),
		SecretAccessKey: ptr(k.Secret), CreateDate: ptr(k.Created)}}, nil
}

func (s *Service) userKey(ctx context.Context, userName, keyID *string) (*user, int, error) {
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), userName)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(u.Keys, func(k *accessKey) bool { return k.ID == val(keyID) })
	if i < 0 {
		return nil, 0, noSuchEntity("The Access Key with id %s cannot be found.", val(keyID))
	}
	return u, i, nil
}

// ListAccessKeys lists the user's key metadata (never secrets).
func (s *Service) ListAccessKeys(ctx context.Context, in *ListAccessKeysRequest) (*ListAccessKeysResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.UserName == nil && !s.callerIsUserLocked(ctx) {
		// The root user's keys: the emulator's root has none to list.
		return &ListAccessKeysResponse{AccessKeyMetadata: []AccessKeyMetadata{}, IsTruncated: ptr(false)}, nil
	}
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), in.UserName)
	if err != nil {
		return nil, err
	}
	var out []AccessKeyMetadata
	for _, k := range u.Keys {
		out = append(out, AccessKeyMetadata{UserName: ptr(u.Name), AccessKeyId: ptr(k.ID), Status: ptr(k.Status), CreateDate: ptr(k.Created)})
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAccessKeysResponse{AccessKeyMetadata: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateAccessKey sets a key Active or Inactive.
func (s *Service) UpdateAccessKey(ctx context.Context, in *UpdateAccessKeyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.userKey(ctx, in.UserName, in.AccessKeyId)
	if err != nil {
		return nil, err
	}
	u.Keys[i].Status = val(in.Status)
	return &awsapi.Empty{}, nil
}

// DeleteAccessKey deletes a key.
func (s *Service) DeleteAccessKey(ctx context.Context, in *DeleteAccessKeyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.userKey(ctx, in.UserName, in.AccessKeyId)
	if err != nil {
		return nil, err
	}
	u.Keys = slices.Delete(u.Keys, i, i+1)
	return &awsapi.Empty{}, nil
}

// GetAccessKeyLastUsed reports when a key was last used (recorded on every
// request the gateway resolves through this store).
func (s *Service) GetAccessKeyLastUsed(ctx context.Context, in *GetAccessKeyLastUsedRequest) (*GetAccessKeyLastUsedResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.acct(requestAccount(ctx)).Users {
		for _, k := range u.Keys {
			if k.ID == val(in.AccessKeyId) {
				// Never-used keys: ServiceName and Region "N/A" (API reference, AccessKeyLastUsed).
				lu := &AccessKeyLastUsed{ServiceName: ptr("N/A"), Region: ptr("N/A")}
				if !k.LastUsed.IsZero() {
					lu = &AccessKeyLastUsed{LastUsedDate: ptr(k.LastUsed), ServiceName: ptr(k.Service), Region: ptr(k.Region)}
				}
				return &GetAccessKeyLastUsedResponse{UserName: ptr(u.Name), AccessKeyLastUsed: lu}, nil
			}
		}
	}
	return nil, noSuchEntity("The Access Key with id %s cannot be found.", val(in.AccessKeyId))
}

// CreateLoginProfile gives a user a console password.
func (s *Service) CreateLoginProfile(ctx context.Context, in *CreateLoginProfileRequest) (*CreateLoginProfileResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	if u.Login != nil {
		return nil, alreadyExists("Login Profile for user %s already exists.", u.Name)
	}
	if err := a.checkPassword(val(in.Password)); err != nil {
		return nil, err
	}
	u.Login = &loginProfile{Created: s.now(), ResetRequired: val(in.PasswordResetRequired)}
	return &CreateLoginProfileResponse{LoginProfile: u.Login.api(u.Name)}, nil
}

func (l *loginProfile) api(name string) *LoginProfile {
	return &LoginProfile{UserName: ptr(name), CreateDate: ptr(l.Created), PasswordResetRequired: ptr(l.ResetRequired)}
}

func (s *Service) loginOf(ctx context.Context, name *string) (*user, error) {
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), name)
	if err != nil {
		return nil, err
	}
	if u.Login == nil {
		return nil, noSuchEntity("Login Profile for User %s cannot be found.", u.Name)
	}
	return u, nil
}

// GetLoginProfile returns the user's login profile.
func (s *Service) GetLoginProfile(ctx context.Context, in *GetLoginProfileRequest) (*GetLoginProfileResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.loginOf(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	return &GetLoginProfileResponse{LoginProfile: u.Login.api(u.Name)}, nil
}

// UpdateLoginProfile changes the password or the reset flag.
func (s *Service) UpdateLoginProfile(ctx context.Context, in *UpdateLoginProfileRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.loginOf(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	if in.Password != nil {
		if err := s.acct(requestAccount(ctx)).checkPassword(*in.Password); err != nil {
			return nil, err
		}
	}
	if in.PasswordResetRequired != nil {
		u.Login.ResetRequired = *in.PasswordResetRequired
	}
	return &awsapi.Empty{}, nil
}

// DeleteLoginProfile removes the user's password.
func (s *Service) DeleteLoginProfile(ctx context.Context, in *DeleteLoginProfileRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.loginOf(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	u.Login = nil
	return &awsapi.Empty{}, nil
}

// ChangePassword changes the calling user's password.
func (s *Service) ChangePassword(ctx context.Context, in *ChangePasswordRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, nil)
	if err != nil {
		return nil, &InvalidUserTypeException{Message: ptr("Only IAM users can change their own password.")}
	}
	if err := a.checkPassword(val(in.NewPassword)); err != nil {
		return nil, err
	}
	if u.Login != nil {
		u.Login.ResetRequired = false
	}
	return &awsapi.Empty{}, nil
}

func sortedValues[T any](m map[string]*T) []*T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*T, 0, len(m))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}
