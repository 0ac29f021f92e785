package iam

import (
	"strings"
	"time"
)

// Principal is who signed a request with an emulator-issued access key:
// an IAM user (AKIA keys from CreateAccessKey) or an STS session (ASIA
// keys from AssumeRole, GetSessionToken, GetFederationToken...).
type Principal struct {
	Account  string `json:"account"`
	ARN      string `json:"arn"`     // the caller's ARN as GetCallerIdentity reports it
	UserID   string `json:"user_id"` // GetCallerIdentity's UserId
	UserName string `json:"user_name,omitempty"`
	RoleName string `json:"role_name,omitempty"` // assumed role
	Root     bool   `json:"root,omitempty"`      // the account's root user: never denied
	// SessionPolicy and SessionPolicyArns narrow a session's permissions
	// (STS API Reference, AssumeRole "Session policies").
	SessionPolicy     string    `json:"session_policy,omitempty"`
	SessionPolicyArns []string  `json:"session_policy_arns,omitempty"`
	Expiration        time.Time `json:"expiration,omitzero"`
	Active            bool      `json:"-"` // key is usable (not Inactive, not expired)
}

// Sessions is STS's store of temporary credentials: the principal that owns
// a temporary access key.
type Sessions interface {
	Session(accessKey string) (Principal, bool)
}

// SetSessions connects STS's credential store, so that STS keys resolve to
// their account and, with ENFORCE_IAM, to their role's policies.
func (s *Service) SetSessions(sessions Sessions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = sessions
}

// AccessKeyUser returns the IAM user owning a long-term access key.
func (s *Service) AccessKeyUser(accessKey string) (Principal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userKeyLocked(accessKey)
}

func (s *Service) userKeyLocked(accessKey string) (Principal, bool) {
	if !strings.HasPrefix(accessKey, "AKIA") {
		return Principal{}, false
	}
	for acct, a := range s.accounts {
		for _, u := range a.Users {
			for _, k := range u.Keys {
				if k.ID == accessKey {
					return Principal{Account: acct, ARN: u.ARN, UserID: u.ID, UserName: u.Name, Active: k.Status == "Active"}, true
				}
			}
		}
	}
	return Principal{}, false
}

// principalLocked resolves an emulator-issued key (caller holds s.mu).
func (s *Service) principalLocked(accessKey string) (Principal, bool) {
	if p, ok := s.userKeyLocked(accessKey); ok {
		return p, true
	}
	if s.sessions != nil && accessKey != "" {
		return s.sessions.Session(accessKey)
	}
	return Principal{}, false
}

// RoleInfo is what AssumeRole needs of a role.
type RoleInfo struct {
	ID         string
	ARN        string
	Name       string
	MaxSession time.Duration
}

// RoleByARN finds a role by its ARN in the ARN's account.
func (s *Service) RoleByARN(roleArn string) (RoleInfo, bool) {
	parts := strings.SplitN(roleArn, ":", 6)
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "role/") {
		return RoleInfo{}, false
	}
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[parts[4]]
	if !ok {
		return RoleInfo{}, false
	}
	r, ok := a.Roles[strings.ToLower(name)]
	if !ok {
		return RoleInfo{}, false
	}
	return RoleInfo{ID: r.ID, ARN: r.ARN, Name: r.Name, MaxSession: time.Duration(r.MaxSession) * time.Second}, true
}

// NoteRoleUsed records RoleLastUsed (GetRole reports it).
func (s *Service) NoteRoleUsed(roleArn, region string) {
	parts := strings.SplitN(roleArn, ":", 6)
	if len(parts) != 6 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[parts[4]]; ok {
		if r, ok := a.Roles[strings.ToLower(parts[5][strings.LastIndex(parts[5], "/")+1:])]; ok {
			r.LastUsed, r.LastUsedFrom = s.now(), region
		}
	}
}
