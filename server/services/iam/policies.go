package iam

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

type managedPolicy struct {
	Name        string           `json:"name"`
	Path        string           `json:"path"`
	ID          string           `json:"id"`
	ARN         string           `json:"arn"`
	Description string           `json:"description,omitempty"`
	Created     time.Time        `json:"created"`
	Updated     time.Time        `json:"updated"`
	Default     string           `json:"default_version"`
	Versions    []*policyVersion `json:"versions"`
	NextVersion int              `json:"next_version"`
	Tags        []tag            `json:"tags,omitempty"`
	AWSManaged  bool             `json:"-"`
}

type policyVersion struct {
	ID      string    `json:"id"`
	Doc     string    `json:"document"`
	Created time.Time `json:"created"`
}

// maxPolicyVersions is IAM's limit on versions per managed policy (IAM API
// Reference, CreatePolicyVersion).
const maxPolicyVersions = 5

func (p *managedPolicy) defaultDoc() string {
	for _, v := range p.Versions {
		if v.ID == p.Default {
			return v.Doc
		}
	}
	return ""
}

// policy finds a managed policy by ARN: the account's own or an AWS
// managed one.
func (s *Service) policy(a *account, policyArn string) (*managedPolicy, error) {
	if p, ok := a.Policies[policyArn]; ok {
		return p, nil
	}
	if p, ok := awsManaged(policyArn); ok {
		return p, nil
	}
	return nil, noSuchEntity("Policy %s does not exist or is not attachable.", policyArn)
}

func (a *account) counts(policyArn string) (attached, boundary int32) {
	for _, e := range a.entities() {
		if slices.Contains(e.Attached, policyArn) {
			attached++
		}
		if e.Boundary == policyArn {
			boundary++
		}
	}
	return
}

// entities returns every user, group and role.
func (a *account) entities() []*entity {
	var out []*entity
	for _, u := range a.Users {
		out = append(out, &u.entity)
	}
	for _, g := range a.Groups {
		out = append(out, &g.entity)
	}
	for _, r := range a.Roles {
		out = append(out, &r.entity)
	}
	return out
}

func (a *account) policyAPI(p *managedPolicy) Policy {
	attached, boundary := a.counts(p.ARN)
	out := Policy{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN), Path: ptr(p.Path), DefaultVersionId: ptr(p.Default),
		AttachmentCount: ptr(attached), PermissionsBoundaryUsageCount: ptr(boundary), IsAttachable: ptr(true),
		CreateDate: ptr(p.Created), UpdateDate: ptr(p.Updated), Tags: apiTags(p.Tags)}
	if p.Description != "" {
		out.Description = ptr(p.Description)
	}
	return out
}

// CreatePolicy creates a customer managed policy with version v1.
// Errors: EntityAlreadyExists, MalformedPolicyDocument.
func (s *Service) CreatePolicy(ctx context.Context, in *CreatePolicyRequest) (*CreatePolicyResponse, error) {
	acct := requestAccount(ctx)
	if err := validateDocument(val(in.PolicyDocument), identityPolicy); err != nil {
		return nil, err
	}
	if policySize(val(in.PolicyDocument)) > managedPolicyQuota {
		return nil, limitExceeded("Cannot exceed quota for PolicySize: %d", managedPolicyQuota)
	}
	if err := checkTags(nil, in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	path := pathOr(in.Path)
	name := val(in.PolicyName)
	pArn := arn(acct, "policy", path, name)
	for _, p := range a.Policies {
		if strings.EqualFold(p.Name, name) {
			return nil, alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", name)
		}
	}
	now := s.now()
	p := &managedPolicy{Name: name, Path: path, ID: s.uniqueID("ANPA"), ARN: pArn, Description: val(in.Description),
		Created: now, Updated: now, Default: "v1", NextVersion: 2, Tags: fromAPITags(in.Tags),
		Versions: []*policyVersion{{ID: "v1", Doc: val(in.PolicyDocument), Created: now}}}
	a.Policies[pArn] = p
	out := a.policyAPI(p)
	return &CreatePolicyResponse{Policy: &out}, nil
}

// GetPolicy returns a managed policy (without its document).
func (s *Service) GetPolicy(ctx context.Context, in *GetPolicyRequest) (*GetPolicyResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := s.policy(a, val(in.PolicyArn))
	if err != nil {
		return nil, noSuchEntity("Policy %s was not found.", val(in.PolicyArn))
	}
	out := a.policyAPI(p)
	return &GetPolicyResponse{Policy: &out}, nil
}

// DeletePolicy deletes a customer managed policy that is attached nowhere
// and has only its default version. Errors: NoSuchEntity, DeleteConflict.
func (s *Service) DeletePolicy(ctx context.Context, in *DeletePolicyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, ok := a.Policies[val(in.PolicyArn)]
	if !ok {
		return nil, noSuchEntity("Policy %s was not found.", val(in.PolicyArn))
	}
	if n, b := a.counts(p.ARN); n > 0 || b > 0 {
		return nil, deleteConflict("Cannot delete a policy attached to entities.")
	}
	if len(p.Versions) > 1 {
		return nil, deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	}
	delete(a.Policies, p.ARN)
	return &awsapi.Empty{}, nil
}

// ListPolicies lists managed policies: Scope All (default), AWS or Local,
// OnlyAttached, PathPrefix.
func (s *Service) ListPolicies(ctx context.Context, in *ListPoliciesRequest) (*ListPoliciesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	scope := val(in.Scope)
	var all []*managedPolicy
	if scope != "Local" {
		all = append(all, awsManagedList()...)
	}
	if scope != "AWS" {
		all = append(all, sortedValues(a.Policies)...)
	}
	var out []Policy
	for _, p := range all {
		x := a.policyAPI(p)
		if val(in.OnlyAttached) && *x.AttachmentCount == 0 {
			continue
		}
		if val(in.PolicyUsageFilter) == "PermissionsBoundary" && *x.PermissionsBoundaryUsageCount == 0 ||
			val(in.PolicyUsageFilter) == "PermissionsPolicy" && *x.AttachmentCount == 0 && val(in.OnlyAttached) {
			continue
		}
		if !strings.HasPrefix(p.Path, pathOr(in.PathPrefix)) {
			continue
		}
		x.Tags, x.Description = nil, nil // ListPolicies omits them (IAM API Reference, ListPolicies)
		out = append(out, x)
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListPoliciesResponse{Policies: items, IsTruncated: trunc, Marker: marker}, nil
}

func (s *Service) ownPolicy(ctx context.Context, policyArn *string) (*managedPolicy, error) {
	a := s.acct(requestAccount(ctx))
	if p, ok := a.Policies[val(policyArn)]; ok {
		return p, nil
	}
	if p, ok := awsManaged(val(policyArn)); ok {
		return p, nil
	}
	return nil, noSuchEntity("Policy %s was not found.", val(policyArn))
}

func versionAPI(p *managedPolicy, v *policyVersion, withDoc bool) PolicyVersion {
	out := PolicyVersion{VersionId: ptr(v.ID), IsDefaultVersion: ptr(v.ID == p.Default), CreateDate: ptr(v.Created)}
	if withDoc {
		out.Document = ptr(encodeDocument(v.Doc))
	}
	return out
}

// CreatePolicyVersion adds a version (v2, v3, ...). Errors: LimitExceeded
// beyond five versions, MalformedPolicyDocument.
func (s *Service) CreatePolicyVersion(ctx context.Context, in *CreatePolicyVersionRequest) (*CreatePolicyVersionResponse, error) {
	if err := validateDocument(val(in.PolicyDocument), identityPolicy); err != nil {
		return nil, err
	}
	if policySize(val(in.PolicyDocument)) > managedPolicyQuota {
		return nil, limitExceeded("Cannot exceed quota for PolicySize: %d", managedPolicyQuota)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.ownPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	if p.AWSManaged {
		return nil, invalidInput("Cannot modify AWS managed policy %s.", p.ARN)
	}
	if len(p.Versions) >= maxPolicyVersions {
		return nil, limitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
	}
	v := &policyVersion{ID: "v" + itoa(p.NextVersion), Doc: val(in.PolicyDocument), Created: s.now()}
	p.NextVersion++
	p.Versions = append(p.Versions, v)
	if val(in.SetAsDefault) {
		p.Default = v.ID
	}
	p.Updated = v.Created
	out := versionAPI(p, v, false)
	return &CreatePolicyVersionResponse{PolicyVersion: &out}, nil
}

func (p *managedPolicy) version(id *string) (*policyVersion, error) {
	for _, v := range p.Versions {
		if v.ID == val(id) {
			return v, nil
		}
	}
	return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", p.ARN, val(id))
}

// GetPolicyVersion returns a version with its (URL-encoded) document.
func (s *Service) GetPolicyVersion(ctx context.Context, in *GetPolicyVersionRequest) (*GetPolicyVersionResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.ownPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	v, err := p.version(in.VersionId)
	if err != nil {
		return nil, err
	}
	out := versionAPI(p, v, true)
	return &GetPolicyVersionResponse{PolicyVersion: &out}, nil
}

// ListPolicyVersions lists versions, newest first (as AWS lists them).
func (s *Service) ListPolicyVersions(ctx context.Context, in *ListPolicyVersionsRequest) (*ListPolicyVersionsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.ownPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	var out []PolicyVersion
	for i := len(p.Versions) - 1; i >= 0; i-- {
		out = append(out, versionAPI(p, p.Versions[i], false))
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListPolicyVersionsResponse{Versions: items, IsTruncated: trunc, Marker: marker}, nil
}

// DeletePolicyVersion deletes a non-default version. Errors: DeleteConflict.
func (s *Service) DeletePolicyVersion(ctx context.Context, in *DeletePolicyVersionRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.ownPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	v, err := p.version(in.VersionId)
	if err != nil {
		return nil, err
	}
	if v.ID == p.Default {
		return nil, deleteConflict("Cannot delete the default version of a policy.")
	}
	p.Versions = slices.DeleteFunc(p.Versions, func(x *policyVersion) bool { return x == v })
	return &awsapi.Empty{}, nil
}

// SetDefaultPolicyVersion makes a version the default.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, in *SetDefaultPolicyVersionRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.ownPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	v, err := p.version(in.VersionId)
	if err != nil {
		return nil, err
	}
	p.Default = v.ID
	p.Updated = s.now()
	return &awsapi.Empty{}, nil
}

// --- attachments and inline policies, shared by users, groups and roles

// kinds of principal entity, with the words IAM's messages use.
const (
	kindUser  = "user"
	kindGroup = "group"
	kindRole  = "role"
)

func (s *Service) entityOf(ctx context.Context, kind string, name *string) (*entity, error) {
	a := s.acct(requestAccount(ctx))
	switch kind {
	case kindUser:
		u, err := s.findUser(ctx, a, name)
		if err != nil {
			return nil, err
		}
		return &u.entity, nil
	case kindGroup:
		g, err := a.group(name)
		if err != nil {
			return nil, err
		}
		return &g.entity, nil
	}
	r, err := a.role(name)
	if err != nil {
		return nil, err
	}
	return &r.entity, nil
}

// maxAttached is the default quota of managed policies per user, group or
// role (IAM quotas, "Managed policies attached to an IAM role/user": 10).
const maxAttached = 10

func (s *Service) attach(ctx context.Context, kind string, name, policyArn *string) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	p, err := s.policy(s.acct(requestAccount(ctx)), val(policyArn))
	if err != nil {
		return nil, err
	}
	if !slices.Contains(e.Attached, p.ARN) {
		if len(e.Attached) >= maxAttached {
			return nil, limitExceeded("Cannot exceed quota for PoliciesPer%s: %d", strings.ToUpper(kind[:1])+kind[1:], maxAttached)
		}
		e.Attached = append(e.Attached, p.ARN)
	}
	return &awsapi.Empty{}, nil
}

func (s *Service) detach(ctx context.Context, kind string, name, policyArn *string) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	i := slices.Index(e.Attached, val(policyArn))
	if i < 0 {
		return nil, noSuchEntity("Policy %s was not found.", val(policyArn))
	}
	e.Attached = slices.Delete(e.Attached, i, i+1)
	return &awsapi.Empty{}, nil
}

func (s *Service) listAttached(ctx context.Context, kind string, name, prefix, marker *string, maxItems *int32) ([]AttachedPolicy, *bool, *string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, nil, nil, err
	}
	a := s.acct(requestAccount(ctx))
	var out []AttachedPolicy
	for _, pa := range e.Attached {
		p, err := s.policy(a, pa)
		if err != nil || !strings.HasPrefix(p.Path, pathOr(prefix)) {
			continue
		}
		out = append(out, AttachedPolicy{PolicyName: ptr(p.Name), PolicyArn: ptr(p.ARN)})
	}
	return page(out, marker, maxItems)
}

func (s *Service) putInline(ctx context.Context, kind string, name, policyName, doc *string) (*awsapi.Empty, error) {
	if err := validateDocument(val(doc), identityPolicy); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	if q := inlineQuota[kind]; policySize(val(doc)) > q {
		return nil, limitExceeded("Maximum policy size of %d bytes exceeded for %s %s", q, kind, e.Name)
	}
	if e.Inline == nil {
		e.Inline = map[string]string{}
	}
	e.Inline[val(policyName)] = val(doc)
	return &awsapi.Empty{}, nil
}

func (s *Service) getInline(ctx context.Context, kind string, name, policyName *string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return "", "", err
	}
	doc, ok := e.Inline[val(policyName)]
	if !ok {
		return "", "", noSuchEntity("The %s policy with name %s cannot be found.", kind, val(policyName))
	}
	return e.Name, encodeDocument(doc), nil
}

func (s *Service) deleteInline(ctx context.Context, kind string, name, policyName *string) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	if _, ok := e.Inline[val(policyName)]; !ok {
		return nil, noSuchEntity("The %s policy with name %s cannot be found.", kind, val(policyName))
	}
	delete(e.Inline, val(policyName))
	return &awsapi.Empty{}, nil
}

func (s *Service) listInline(ctx context.Context, kind string, name, marker *string, maxItems *int32) ([]string, *bool, *string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, nil, nil, err
	}
	names := make([]string, 0, len(e.Inline))
	for n := range e.Inline {
		names = append(names, n)
	}
	slices.Sort(names)
	return page(names, marker, maxItems)
}

func (s *Service) setBoundary(ctx context.Context, kind string, name, policyArn *string) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.entityOf(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	if policyArn != nil {
		if _, err := s.policy(s.acct(requestAccount(ctx)), *policyArn); err != nil {
			return nil, invalidInput("ARN %s is not valid.", *policyArn)
		}
	} else if e.Boundary == "" {
		return nil, noSuchEntity("The %s with name %s does not have a permissions boundary.", kind, e.Name)
	}
	e.Boundary = val(policyArn)
	return &awsapi.Empty{}, nil
}

func boundaryAPI(policyArn string) *AttachedPermissionsBoundary {
	if policyArn == "" {
		return nil
	}
	return &AttachedPermissionsBoundary{PermissionsBoundaryType: ptr("Policy"), PermissionsBoundaryArn: ptr(policyArn)}
}

// ListEntitiesForPolicy lists the users, groups and roles a policy is
// attached to (EntityFilter User, Role, Group, LocalManagedPolicy...).
func (s *Service) ListEntitiesForPolicy(ctx context.Context, in *ListEntitiesForPolicyRequest) (*ListEntitiesForPolicyResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := s.policy(a, val(in.PolicyArn))
	if err != nil {
		return nil, err
	}
	filter := val(in.EntityFilter)
	uses := func(e *entity) bool {
		if val(in.PolicyUsageFilter) == "PermissionsBoundary" {
			return e.Boundary == p.ARN
		}
		return slices.Contains(e.Attached, p.ARN) && strings.HasPrefix(e.Path, pathOr(in.PathPrefix))
	}
	out := &ListEntitiesForPolicyResponse{IsTruncated: ptr(false)}
	if filter == "" || filter == "User" {
		for _, u := range sortedValues(a.Users) {
			if uses(&u.entity) {
				out.PolicyUsers = append(out.PolicyUsers, PolicyUser{UserName: ptr(u.Name), UserId: ptr(u.ID)})
			}
		}
	}
	if filter == "" || filter == "Group" {
		for _, g := range sortedValues(a.Groups) {
			if uses(&g.entity) {
				out.PolicyGroups = append(out.PolicyGroups, PolicyGroup{GroupName: ptr(g.Name), GroupId: ptr(g.ID)})
			}
		}
	}
	if filter == "" || filter == "Role" {
		for _, r := range sortedValues(a.Roles) {
			if uses(&r.entity) {
				out.PolicyRoles = append(out.PolicyRoles, PolicyRole{RoleName: ptr(r.Name), RoleId: ptr(r.ID)})
			}
		}
	}
	return out, nil
}
