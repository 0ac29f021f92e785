package kms

import (
	"context"
	"encoding/hex"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// grant is one KMS grant. Grants are recorded and listed; the emulator does
// not enforce permissions, so they do not change what a caller may do.
type grant struct {
	id, token, name   string
	grantee, retiring string
	operations        []string
	constraints       *GrantConstraints
	created           time.Time
	issuingAccount    string
}

// CreateGrant implements Provider. A grant with the same name and the same
// grantee, operations and constraints on a key returns the existing grant id
// (API Reference, CreateGrant: Name).
func (s *Service) CreateGrant(ctx context.Context, in *CreateGrantRequest) (*CreateGrantResponse, error) {
	if len(in.Operations) == 0 {
		return nil, errValidation("1 validation error detected: Value null at 'operations' failed to satisfy constraint: Member must not be null")
	}
	out := &CreateGrantResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		if err := dryRun(in.DryRun); err != nil {
			return err
		}
		name := valueOf(in.Name)
		if name != "" {
			for _, g := range k.grants {
				if g.name == name && g.grantee == valueOf(in.GranteePrincipal) {
					out.GrantId, out.GrantToken = ptr(g.id), ptr(g.token)
					return nil
				}
			}
		}
		id := hex.EncodeToString(randomBytes(32))
		g := &grant{id: id, token: hex.EncodeToString(randomBytes(64)), name: name,
			grantee: valueOf(in.GranteePrincipal), retiring: valueOf(in.RetiringPrincipal),
			operations: append([]string(nil), in.Operations...), constraints: in.Constraints,
			created: s.env.Now(), issuingAccount: "arn:aws:iam::" + k.account + ":root"}
		k.grants = append(k.grants, g)
		out.GrantId, out.GrantToken = ptr(g.id), ptr(g.token)
		return nil
	})
	return out, err
}

func grantEntry(k *key, g *grant) GrantListEntry {
	e := GrantListEntry{KeyId: ptr(k.arn()), GrantId: ptr(g.id), CreationDate: ptr(g.created),
		GranteePrincipal: ptr(g.grantee), IssuingAccount: ptr(g.issuingAccount), Operations: g.operations, Constraints: g.constraints}
	if g.name != "" {
		e.Name = ptr(g.name)
	}
	if g.retiring != "" {
		e.RetiringPrincipal = ptr(g.retiring)
	}
	return e
}

// ListGrants implements Provider: the key's grants, optionally one GrantId or
// GranteePrincipal.
func (s *Service) ListGrants(ctx context.Context, in *ListGrantsRequest) (*ListGrantsResponse, error) {
	entries := []GrantListEntry{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		for _, g := range k.grants {
			if in.GrantId != nil && *in.GrantId != g.id || in.GranteePrincipal != nil && *in.GranteePrincipal != g.grantee {
				continue
			}
			entries = append(entries, grantEntry(k, g))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p, next, trunc, err := page(entries, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListGrantsResponse{Grants: p, NextMarker: next, Truncated: trunc}, nil
}

// ListRetirableGrants implements Provider: grants of every key in the
// account and region whose RetiringPrincipal matches.
func (s *Service) ListRetirableGrants(ctx context.Context, in *ListRetirableGrantsRequest) (*ListGrantsResponse, error) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	entries := []GrantListEntry{}
	for _, k := range st.keys {
		for _, g := range k.grants {
			if g.retiring == valueOf(in.RetiringPrincipal) {
				entries = append(entries, grantEntry(k, g))
			}
		}
	}
	st.mu.Unlock()
	sort.Slice(entries, func(i, j int) bool { return entries[i].CreationDate.Before(*entries[j].CreationDate) })
	p, next, trunc, err := page(entries, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListGrantsResponse{Grants: p, NextMarker: next, Truncated: trunc}, nil
}

// removeGrant deletes the grant matching by id or token from k.
func removeGrant(k *key, id, token string) bool {
	for i, g := range k.grants {
		if id != "" && g.id == id || token != "" && g.token == token {
			k.grants = append(k.grants[:i], k.grants[i+1:]...)
			return true
		}
	}
	return false
}

// RetireGrant implements Provider: by GrantToken, or by KeyId and GrantId.
func (s *Service) RetireGrant(ctx context.Context, in *RetireGrantRequest) (*awsapi.Empty, error) {
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if in.GrantToken != nil {
		r := awsapi.RequestFrom(ctx)
		st := s.store(r.Account, r.Region)
		st.mu.Lock()
		defer st.mu.Unlock()
		for _, k := range st.keys {
			if removeGrant(k, "", *in.GrantToken) {
				return &awsapi.Empty{}, nil
			}
		}
		return nil, &InvalidGrantTokenException{Message: ptr("Grant token is not valid")}
	}
	if in.KeyId == nil || in.GrantId == nil {
		return nil, errValidation("Either GrantToken or both KeyId and GrantId must be specified.")
	}
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if !removeGrant(k, *in.GrantId, "") {
			return &NotFoundException{Message: ptr("Grant ID " + *in.GrantId + " not found")}
		}
		return nil
	})
}

// RevokeGrant implements Provider.
func (s *Service) RevokeGrant(ctx context.Context, in *RevokeGrantRequest) (*awsapi.Empty, error) {
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if !removeGrant(k, valueOf(in.GrantId), "") {
			return &NotFoundException{Message: ptr("Grant ID " + valueOf(in.GrantId) + " not found")}
		}
		return nil
	})
}
