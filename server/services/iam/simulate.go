package iam

import (
	"context"
	"strings"
)

// The policy simulator (IAM API Reference, SimulatePrincipalPolicy and
// SimulateCustomPolicy): evaluates identity policies (plus any in
// PolicyInputList) for every action and resource, with the caller's
// ContextEntries as condition keys. Resource-based policies are parsed but
// not evaluated.

func inputPolicies(docs []string, prefix string) ([]sourcePolicy, error) {
	var out []sourcePolicy
	for i, d := range docs {
		doc, err := parseDocument(d, identityPolicy)
		if err != nil {
			return nil, err
		}
		out = append(out, sourcePolicy{ID: prefix + "." + itoa(i+1), Type: "none", Doc: doc})
	}
	return out, nil
}

func contextValues(entries []ContextEntry) map[string][]string {
	v := map[string][]string{}
	for _, e := range entries {
		v[strings.ToLower(val(e.ContextKeyName))] = e.ContextKeyValues
	}
	return v
}

func (s *Service) simulate(identity, boundary []sourcePolicy, actions, resources []string, entries []ContextEntry, marker *string, maxItems *int32) (*SimulatePolicyResponse, error) {
	if len(actions) == 0 {
		return nil, invalidInput("ActionNames must not be empty.")
	}
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	values := contextValues(entries)
	var results []EvaluationResult
	for _, action := range actions {
		for _, res := range resources {
			ev := evaluate(identity, boundary, nil, evalContext{Action: action, Resource: res, Values: values})
			matched := []Statement{}
			for _, m := range ev.Matched {
				matched = append(matched, Statement{SourcePolicyId: ptr(m.Policy.ID), SourcePolicyType: ptr(m.Policy.Type)})
			}
			missing := append([]string{}, ev.Missing...)
			results = append(results, EvaluationResult{EvalActionName: ptr(action), EvalResourceName: ptr(res),
				EvalDecision: ptr(ev.Decision), MatchedStatements: matched, MissingContextValues: missing,
				ResourceSpecificResults: []ResourceSpecificResult{{EvalResourceName: ptr(res), EvalResourceDecision: ptr(ev.Decision),
					MatchedStatements: matched, MissingContextValues: missing}}})
		}
	}
	items, trunc, next, err := page(results, marker, maxItems)
	if err != nil {
		return nil, err
	}
	return &SimulatePolicyResponse{EvaluationResults: items, IsTruncated: trunc, Marker: next}, nil
}

// SimulateCustomPolicy evaluates the given policies alone. Errors:
// MalformedPolicyDocument, InvalidInput.
func (s *Service) SimulateCustomPolicy(_ context.Context, in *SimulateCustomPolicyRequest) (*SimulatePolicyResponse, error) {
	identity, err := inputPolicies(in.PolicyInputList, "PolicyInputList")
	if err != nil {
		return nil, err
	}
	var boundary []sourcePolicy
	if len(in.PermissionsBoundaryPolicyInputList) > 0 {
		if boundary, err = inputPolicies(in.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList"); err != nil {
			return nil, err
		}
	}
	if in.ResourcePolicy != nil {
		if err := validateDocument(*in.ResourcePolicy, trustPolicy); err != nil {
			return nil, err
		}
	}
	return s.simulate(identity, boundary, in.ActionNames, in.ResourceArns, in.ContextEntries, in.Marker, in.MaxItems)
}

// SimulatePrincipalPolicy evaluates the policies of a user (with its
// groups'), group or role named by PolicySourceArn, plus PolicyInputList.
// Errors: NoSuchEntity, MalformedPolicyDocument, InvalidInput.
func (s *Service) SimulatePrincipalPolicy(ctx context.Context, in *SimulatePrincipalPolicyRequest) (*SimulatePolicyResponse, error) {
	extra, err := inputPolicies(in.PolicyInputList, "PolicyInputList")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	identity, boundary, err := s.sourcePolicies(ctx, val(in.PolicySourceArn))
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if len(in.PermissionsBoundaryPolicyInputList) > 0 {
		if boundary, err = inputPolicies(in.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList"); err != nil {
			return nil, err
		}
	}
	return s.simulate(append(identity, extra...), boundary, in.ActionNames, in.ResourceArns, in.ContextEntries, in.Marker, in.MaxItems)
}

// sourcePolicies returns the policies of the entity an ARN names (caller holds s.mu).
func (s *Service) sourcePolicies(ctx context.Context, source string) (identity, boundary []sourcePolicy, err error) {
	parts := strings.SplitN(source, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" {
		return nil, nil, invalidInput("Invalid ARN: %s", source)
	}
	acct := parts[4]
	if acct == "" {
		acct = requestAccount(ctx)
	}
	a := s.acct(acct)
	kind, rest, _ := strings.Cut(parts[5], "/")
	name := rest[strings.LastIndex(rest, "/")+1:]
	switch kind {
	case "user":
		if _, ok := a.Users[strings.ToLower(name)]; !ok {
			return nil, nil, noSuchEntity("The user with name %s cannot be found.", name)
		}
		identity, boundary, _ = s.policiesOf(Principal{Account: acct, UserName: name})
	case "role":
		if _, ok := a.Roles[strings.ToLower(name)]; !ok {
			return nil, nil, noSuchEntity("The role with name %s cannot be found.", name)
		}
		identity, boundary, _ = s.policiesOf(Principal{Account: acct, RoleName: name})
	case "group":
		g, ok := a.Groups[strings.ToLower(name)]
		if !ok {
			return nil, nil, noSuchEntity("The group with name %s cannot be found.", name)
		}
		for _, n := range sortedKeys(g.Inline) {
			if d, err := parseDocument(g.Inline[n], identityPolicy); err == nil {
				identity = append(identity, sourcePolicy{ID: n, Type: "group", Doc: d})
			}
		}
		for _, pa := range g.Attached {
			if mp, err := s.policy(a, pa); err == nil {
				if d, err := parseDocument(mp.defaultDoc(), identityPolicy); err == nil {
					identity = append(identity, sourcePolicy{ID: mp.ARN, Type: managedType(mp), Doc: d})
				}
			}
		}
	default:
		return nil, nil, invalidInput("Invalid ARN: %s", source)
	}
	return identity, boundary, nil
}

func contextKeys(docs []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, d := range docs {
		doc, err := parseDocument(d, sessionPolicy)
		if err != nil {
			if doc, err = parseDocument(d, trustPolicy); err != nil {
				return nil, err
			}
		}
		for _, st := range doc.Statements {
			for _, keys := range st.Condition {
				for k := range keys {
					if !seen[strings.ToLower(k)] {
						seen[strings.ToLower(k)] = true
						out = append(out, k)
					}
				}
			}
		}
	}
	sortStrings(out)
	return out, nil
}

// GetContextKeysForCustomPolicy lists the condition keys the policies use.
func (s *Service) GetContextKeysForCustomPolicy(_ context.Context, in *GetContextKeysForCustomPolicyRequest) (*GetContextKeysForPolicyResponse, error) {
	keys, err := contextKeys(in.PolicyInputList)
	if err != nil {
		return nil, err
	}
	return &GetContextKeysForPolicyResponse{ContextKeyNames: keys}, nil
}

// GetContextKeysForPrincipalPolicy lists the condition keys of an entity's
// policies and PolicyInputList.
func (s *Service) GetContextKeysForPrincipalPolicy(ctx context.Context, in *GetContextKeysForPrincipalPolicyRequest) (*GetContextKeysForPolicyResponse, error) {
	s.mu.Lock()
	identity, _, err := s.sourcePolicies(ctx, val(in.PolicySourceArn))
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	keys, err := contextKeys(in.PolicyInputList)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, k := range keys {
		seen[strings.ToLower(k)] = true
	}
	for _, p := range identity {
		for _, st := range p.Doc.Statements {
			for _, ks := range st.Condition {
				for k := range ks {
					if !seen[strings.ToLower(k)] {
						seen[strings.ToLower(k)] = true
						keys = append(keys, k)
					}
				}
			}
		}
	}
	sortStrings(keys)
	return &GetContextKeysForPolicyResponse{ContextKeyNames: keys}, nil
}

// GetAccountAuthorizationDetails returns every user, group, role and
// customer managed policy with their policies (Filter: User, Role, Group,
// LocalManagedPolicy, AWSManagedPolicy).
func (s *Service) GetAccountAuthorizationDetails(ctx context.Context, in *GetAccountAuthorizationDetailsRequest) (*GetAccountAuthorizationDetailsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	want := func(f string) bool {
		if len(in.Filter) == 0 {
			return f != "AWSManagedPolicy"
		}
		for _, x := range in.Filter {
			if x == f {
				return true
			}
		}
		return false
	}
	inline := func(m map[string]string) []PolicyDetail {
		out := []PolicyDetail{}
		for _, n := range sortedKeys(m) {
			out = append(out, PolicyDetail{PolicyName: ptr(n), PolicyDocument: ptr(encodeDocument(m[n]))})
		}
		return out
	}
	attached := func(arns []string) []AttachedPolicy {
		out := []AttachedPolicy{}
		for _, pa := range arns {
			if p, err := s.policy(a, pa); err == nil {
				out = append(out, AttachedPolicy{PolicyName: ptr(p.Name), PolicyArn: ptr(p.ARN)})
			}
		}
		return out
	}
	out := &GetAccountAuthorizationDetailsResponse{IsTruncated: ptr(false), UserDetailList: []UserDetail{}, GroupDetailList: []GroupDetail{},
		RoleDetailList: []RoleDetail{}, Policies: []ManagedPolicyDetail{}}
	if want("User") {
		for _, u := range sortedValues(a.Users) {
			out.UserDetailList = append(out.UserDetailList, UserDetail{Path: ptr(u.Path), UserName: ptr(u.Name), UserId: ptr(u.ID), Arn: ptr(u.ARN),
				CreateDate: ptr(u.Created), UserPolicyList: inline(u.Inline), GroupList: append([]string{}, u.Groups...),
				AttachedManagedPolicies: attached(u.Attached), PermissionsBoundary: boundaryAPI(u.Boundary), Tags: apiTags(u.Tags)})
		}
	}
	if want("Group") {
		for _, g := range sortedValues(a.Groups) {
			out.GroupDetailList = append(out.GroupDetailList, GroupDetail{Path: ptr(g.Path), GroupName: ptr(g.Name), GroupId: ptr(g.ID), Arn: ptr(g.ARN),
				CreateDate: ptr(g.Created), GroupPolicyList: inline(g.Inline), AttachedManagedPolicies: attached(g.Attached)})
		}
	}
	if want("Role") {
		for _, r := range sortedValues(a.Roles) {
			var profiles []InstanceProfile
			for _, p := range sortedValues(a.InstanceProfiles) {
				for _, n := range p.Roles {
					if strings.EqualFold(n, r.Name) {
						profiles = append(profiles, a.profileAPI(p))
					}
				}
			}
			x := r.api()
			out.RoleDetailList = append(out.RoleDetailList, RoleDetail{Path: x.Path, RoleName: x.RoleName, RoleId: x.RoleId, Arn: x.Arn,
				CreateDate: x.CreateDate, AssumeRolePolicyDocument: x.AssumeRolePolicyDocument, InstanceProfileList: profiles,
				RolePolicyList: inline(r.Inline), AttachedManagedPolicies: attached(r.Attached), PermissionsBoundary: x.PermissionsBoundary,
				Tags: x.Tags, RoleLastUsed: x.RoleLastUsed})
		}
	}
	var pols []*managedPolicy
	if want("LocalManagedPolicy") {
		pols = append(pols, sortedValues(a.Policies)...)
	}
	if want("AWSManagedPolicy") {
		pols = append(pols, awsManagedList()...)
	}
	for _, p := range pols {
		x := a.policyAPI(p)
		var versions []PolicyVersion
		for _, v := range p.Versions {
			versions = append(versions, versionAPI(p, v, true))
		}
		out.Policies = append(out.Policies, ManagedPolicyDetail{PolicyName: x.PolicyName, PolicyId: x.PolicyId, Arn: x.Arn, Path: x.Path,
			DefaultVersionId: x.DefaultVersionId, AttachmentCount: x.AttachmentCount, PermissionsBoundaryUsageCount: x.PermissionsBoundaryUsageCount,
			IsAttachable: x.IsAttachable, Description: x.Description, CreateDate: x.CreateDate, UpdateDate: x.UpdateDate, PolicyVersionList: versions})
	}
	return out, nil
}

// ListPoliciesGrantingServiceAccess lists, per service namespace, the
// policies of a user (and its groups), group or role that allow some
// action of that service.
func (s *Service) ListPoliciesGrantingServiceAccess(ctx context.Context, in *ListPoliciesGrantingServiceAccessRequest) (*ListPoliciesGrantingServiceAccessResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	identity, _, err := s.sourcePolicies(ctx, val(in.Arn))
	if err != nil {
		return nil, err
	}
	entityType, _, _ := strings.Cut(strings.SplitN(val(in.Arn), ":", 6)[5], "/")
	entityName := val(in.Arn)[strings.LastIndex(val(in.Arn), "/")+1:]
	out := &ListPoliciesGrantingServiceAccessResponse{IsTruncated: ptr(false), PoliciesGrantingServiceAccess: []ListPoliciesGrantingServiceAccessEntry{}}
	for _, ns := range in.ServiceNamespaces {
		entry := ListPoliciesGrantingServiceAccessEntry{ServiceNamespace: ptr(ns), Policies: []PolicyGrantingServiceAccess{}}
		for _, p := range identity {
			if !grantsNamespace(p.Doc, ns) {
				continue
			}
			g := PolicyGrantingServiceAccess{PolicyName: ptr(p.ID), PolicyType: ptr("INLINE"), EntityType: ptr(entityType), EntityName: ptr(entityName)}
			if strings.HasPrefix(p.ID, "arn:") {
				g = PolicyGrantingServiceAccess{PolicyName: ptr(p.ID[strings.LastIndex(p.ID, "/")+1:]), PolicyType: ptr("MANAGED"), PolicyArn: ptr(p.ID)}
			} else if p.Type == "group" {
				g.EntityType = ptr("group")
			}
			entry.Policies = append(entry.Policies, g)
		}
		out.PoliciesGrantingServiceAccess = append(out.PoliciesGrantingServiceAccess, entry)
	}
	return out, nil
}

// grantsNamespace reports whether an Allow statement covers an action of ns.
func grantsNamespace(d *document, ns string) bool {
	for _, st := range d.Statements {
		if st.Effect != "Allow" {
			continue
		}
		if st.NotAction != nil {
			return true
		}
		for _, a := range st.Action {
			prefix, _, _ := strings.Cut(strings.ToLower(a), ":")
			if a == "*" || glob(prefix, strings.ToLower(ns)) {
				return true
			}
		}
	}
	return false
}
