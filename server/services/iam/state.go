package iam

import (
	"context"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// IAM state in a snapshot: one document per account, in the scope region
// "global" (IAM is global), holding every user (with keys, login profile,
// group names), group, role, customer managed policy with its versions,
// instance profile, OIDC and SAML provider, MFA device, the alias and the
// password policy: the account struct's JSON form.

const globalRegion = "global"

// SaveState writes one document per account with entities.
func (s *Service) SaveState(_ context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.accounts))
	for id := range s.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a := s.accounts[id]
		if a.empty() {
			continue
		}
		if err := w.Document(state.Scope{Account: id, Region: globalRegion}, a); err != nil {
			return err
		}
	}
	return nil
}

func (a *account) empty() bool {
	return len(a.Users)+len(a.Groups)+len(a.Roles)+len(a.Policies)+len(a.InstanceProfiles)+len(a.OIDC)+len(a.SAML)+len(a.Aliases)+len(a.VirtualMFA)+len(a.ServerCerts) == 0 &&
		a.PasswordPolicy == nil && a.OutboundIssuer == ""
}

// LoadState restores accounts; with merge, loaded entities replace
// same-named ones and the rest are kept.
func (s *Service) LoadState(_ context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[string]*account{}
	for _, sc := range r.Scopes() {
		a := newAccount()
		if err := r.Document(sc, a); err != nil {
			return err
		}
		a.fill()
		loaded[sc.Account] = a
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.accounts = loaded
		return nil
	}
	for id, a := range loaded {
		cur := s.acct(id)
		mergeMap(cur.Users, a.Users)
		mergeMap(cur.Groups, a.Groups)
		mergeMap(cur.Roles, a.Roles)
		mergeMap(cur.Policies, a.Policies)
		mergeMap(cur.InstanceProfiles, a.InstanceProfiles)
		mergeMap(cur.OIDC, a.OIDC)
		mergeMap(cur.SAML, a.SAML)
		mergeMap(cur.VirtualMFA, a.VirtualMFA)
		mergeMap(cur.ServerCerts, a.ServerCerts)
		if len(a.Aliases) > 0 {
			cur.Aliases = a.Aliases
		}
		if a.PasswordPolicy != nil {
			cur.PasswordPolicy = a.PasswordPolicy
		}
		if a.OutboundIssuer != "" {
			cur.OutboundIssuer, cur.OutboundEnabled = a.OutboundIssuer, a.OutboundEnabled
		}
	}
	return nil
}

// fill replaces maps a document left null.
func (a *account) fill() {
	n := newAccount()
	if a.Users == nil {
		a.Users = n.Users
	}
	if a.Groups == nil {
		a.Groups = n.Groups
	}
	if a.Roles == nil {
		a.Roles = n.Roles
	}
	if a.Policies == nil {
		a.Policies = n.Policies
	}
	if a.InstanceProfiles == nil {
		a.InstanceProfiles = n.InstanceProfiles
	}
	if a.OIDC == nil {
		a.OIDC = n.OIDC
	}
	if a.SAML == nil {
		a.SAML = n.SAML
	}
	if a.VirtualMFA == nil {
		a.VirtualMFA = n.VirtualMFA
	}
	if a.ServerCerts == nil {
		a.ServerCerts = n.ServerCerts
	}
}

func mergeMap[T any](dst, src map[string]*T) {
	for k, v := range src {
		dst[k] = v
	}
}

// ResetState removes every account's entities.
func (s *Service) ResetState(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts = map[string]*account{}
	return nil
}
