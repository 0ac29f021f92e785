package kms

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

var aliasNamePattern = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)

// checkAliasName: "alias/" then letters, digits, /, _ and -; the
// alias/aws/ prefix is reserved for AWS-managed keys (API Reference,
// CreateAlias).
func checkAliasName(name string) error {
	if !aliasNamePattern.MatchString(name) {
		return errValidation("1 validation error detected: Value '%s' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$", name)
	}
	if strings.HasPrefix(name, "alias/aws/") {
		return &InvalidAliasNameException{Message: ptr("Alias must not begin with alias/aws/: that prefix is reserved for AWS managed keys.")}
	}
	return nil
}

// targetKey resolves an alias target: a key id or key ARN, never an alias.
func (s *Service) targetKey(st *store, ref keyRef) (*key, error) {
	if ref.alias != "" {
		return nil, errValidation("Aliases must refer to keys. Not aliases")
	}
	return s.lookupLocked(st, ref)
}

// CreateAlias implements Provider: AlreadyExistsException for a taken name.
func (s *Service) CreateAlias(ctx context.Context, in *CreateAliasRequest) (*awsapi.Empty, error) {
	name := valueOf(in.AliasName)
	if err := checkAliasName(name); err != nil {
		return nil, err
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	k, err := s.targetKey(st, parseKeyRef(ctx, valueOf(in.TargetKeyId)))
	if err != nil {
		return nil, err
	}
	if err := k.notPending(); err != nil {
		return nil, err
	}
	if st.aliases[name] != nil {
		return nil, &AlreadyExistsException{Message: ptr("An alias with the name " + aliasARN(r.Account, r.Region, name) + " already exists")}
	}
	now := s.env.Now()
	st.aliases[name] = &alias{name: name, target: k.id, created: now, updated: now}
	return &awsapi.Empty{}, nil
}

// UpdateAlias implements Provider: points the alias at another key.
func (s *Service) UpdateAlias(ctx context.Context, in *UpdateAliasRequest) (*awsapi.Empty, error) {
	name := valueOf(in.AliasName)
	if err := checkAliasName(name); err != nil {
		return nil, err
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	a := st.aliases[name]
	if a == nil {
		return nil, &NotFoundException{Message: ptr("Alias " + aliasARN(r.Account, r.Region, name) + " is not found.")}
	}
	k, err := s.targetKey(st, parseKeyRef(ctx, valueOf(in.TargetKeyId)))
	if err != nil {
		return nil, err
	}
	if err := k.notPending(); err != nil {
		return nil, err
	}
	a.target, a.updated = k.id, s.env.Now()
	return &awsapi.Empty{}, nil
}

// DeleteAlias implements Provider.
func (s *Service) DeleteAlias(ctx context.Context, in *DeleteAliasRequest) (*awsapi.Empty, error) {
	name := valueOf(in.AliasName)
	if err := checkAliasName(name); err != nil {
		return nil, err
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.aliases[name] == nil {
		return nil, &NotFoundException{Message: ptr("Alias " + aliasARN(r.Account, r.Region, name) + " is not found.")}
	}
	delete(st.aliases, name)
	return &awsapi.Empty{}, nil
}

// ListAliases implements Provider: by name, optionally only those of KeyId.
func (s *Service) ListAliases(ctx context.Context, in *ListAliasesRequest) (*ListAliasesResponse, error) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	s.purgeLocked(st)
	filter := ""
	if in.KeyId != nil {
		k, err := s.lookupLocked(st, parseKeyRef(ctx, *in.KeyId))
		if err != nil {
			st.mu.Unlock()
			return nil, err
		}
		filter = k.id
	}
	entries := []AliasListEntry{}
	for _, a := range st.aliases {
		if filter != "" && a.target != filter {
			continue
		}
		entries = append(entries, AliasListEntry{AliasName: ptr(a.name), AliasArn: ptr(aliasARN(r.Account, r.Region, a.name)),
			TargetKeyId: ptr(a.target), CreationDate: ptr(a.created), LastUpdatedDate: ptr(a.updated)})
	}
	st.mu.Unlock()
	sort.Slice(entries, func(i, j int) bool { return *entries[i].AliasName < *entries[j].AliasName })
	p, next, trunc, err := page(entries, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListAliasesResponse{Aliases: p, NextMarker: next, Truncated: trunc}, nil
}
