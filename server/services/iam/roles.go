package iam

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

type role struct {
	entity
	TrustPolicy  string    `json:"trust_policy"`
	Description  string    `json:"description,omitempty"`
	MaxSession   int32     `json:"max_session"`
	ServiceLink  bool      `json:"service_linked,omitempty"`
	LastUsed     time.Time `json:"last_used,omitzero"`
	LastUsedFrom string    `json:"last_used_region,omitempty"`
}

func (r *role) api() Role {
	out := Role{Path: ptr(r.Path), RoleName: ptr(r.Name), RoleId: ptr(r.ID), Arn: ptr(r.ARN), CreateDate: ptr(r.Created),
		AssumeRolePolicyDocument: ptr(encodeDocument(r.TrustPolicy)), MaxSessionDuration: ptr(r.MaxSession),
		Tags: apiTags(r.Tags), PermissionsBoundary: boundaryAPI(r.Boundary), RoleLastUsed: &RoleLastUsed{}}
	if r.Description != "" {
		out.Description = ptr(r.Description)
	}
	if !r.LastUsed.IsZero() {
		out.RoleLastUsed = &RoleLastUsed{LastUsedDate: ptr(r.LastUsed), Region: ptr(r.LastUsedFrom)}
	}
	return out
}

func (a *account) role(name *string) (*role, error) {
	r, ok := a.Roles[strings.ToLower(val(name))]
	if !ok {
		return nil, noSuchEntity("The role with name %s cannot be found.", val(name))
	}
	return r, nil
}

// checkMaxSession enforces 3600..43200 seconds (IAM API Reference, CreateRole MaxSessionDuration).
func checkMaxSession(v *int32) error {
	if v != nil && (*v < 3600 || *v > 43200) {
		return &awsapi.Error{Code: "ValidationError", Status: 400, Sender: true,
			Message: "1 validation error detected: Value '" + itoa(int(*v)) + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"}
	}
	return nil
}

// CreateRole creates a role with its trust policy. Errors:
// EntityAlreadyExists, MalformedPolicyDocument, ValidationError.
func (s *Service) CreateRole(ctx context.Context, in *CreateRoleRequest) (*CreateRoleResponse, error) {
	acct := requestAccount(ctx)
	if err := checkMaxSession(in.MaxSessionDuration); err != nil {
		return nil, err
	}
	if err := validateDocument(val(in.AssumeRolePolicyDocument), trustPolicy); err != nil {
		return nil, err
	}
	if policySize(val(in.AssumeRolePolicyDocument)) > trustPolicyQuota {
		return nil, limitExceeded("Cannot exceed quota for ACLSizePerRole: %d", trustPolicyQuota)
	}
	if err := checkTags(nil, in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	name := val(in.RoleName)
	if _, ok := a.Roles[strings.ToLower(name)]; ok {
		return nil, alreadyExists("Role with name %s already exists.", name)
	}
	path := pathOr(in.Path)
	r := &role{entity: entity{Name: name, Path: path, ID: s.uniqueID("AROA"), ARN: arn(acct, "role", path, name), Created: s.now(),
		Tags: fromAPITags(in.Tags), Boundary: val(in.PermissionsBoundary)},
		TrustPolicy: val(in.AssumeRolePolicyDocument), Description: val(in.Description), MaxSession: 3600}
	if in.MaxSessionDuration != nil {
		r.MaxSession = *in.MaxSessionDuration
	}
	a.Roles[strings.ToLower(name)] = r
	out := r.api()
	out.RoleLastUsed = nil
	return &CreateRoleResponse{Role: &out}, nil
}

// GetRole returns a role.
func (s *Service) GetRole(ctx context.Context, in *GetRoleRequest) (*GetRoleResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.acct(requestAccount(ctx)).role(in.RoleName)
	if err != nil {
		return nil, err
	}
	return &GetRoleResponse{Role: ptr(r.api())}, nil
}

// ListRoles lists roles under PathPrefix (without tags or last use, as AWS).
func (s *Service) ListRoles(ctx context.Context, in *ListRolesRequest) (*ListRolesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Role
	for _, r := range sortedValues(s.acct(requestAccount(ctx)).Roles) {
		if strings.HasPrefix(r.Path, pathOr(in.PathPrefix)) {
			x := r.api()
			x.Tags, x.RoleLastUsed = nil, nil
			out = append(out, x)
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListRolesResponse{Roles: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateRole changes the description or maximum session duration.
func (s *Service) UpdateRole(ctx context.Context, in *UpdateRoleRequest) (*UpdateRoleResponse, error) {
	if err := checkMaxSession(in.MaxSessionDuration); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.acct(requestAccount(ctx)).role(in.RoleName)
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		r.Description = *in.Description
	}
	if in.MaxSessionDuration != nil {
		r.MaxSession = *in.MaxSessionDuration
	}
	return &UpdateRoleResponse{}, nil
}

// UpdateRoleDescription changes the description and returns the role.
func (s *Service) UpdateRoleDescription(ctx context.Context, in *UpdateRoleDescriptionRequest) (*UpdateRoleDescriptionResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.acct(requestAccount(ctx)).role(in.RoleName)
	if err != nil {
		return nil, err
	}
	r.Description = val(in.Description)
	return &UpdateRoleDescriptionResponse{Role: ptr(r.api())}, nil
}

// UpdateAssumeRolePolicy replaces the trust policy.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, in *UpdateAssumeRolePolicyRequest) (*awsapi.Empty, error) {
	if err := validateDocument(val(in.PolicyDocument), trustPolicy); err != nil {
		return nil, err
	}
	if policySize(val(in.PolicyDocument)) > trustPolicyQuota {
		return nil, limitExceeded("Cannot exceed quota for ACLSizePerRole: %d", trustPolicyQuota)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.acct(requestAccount(ctx)).role(in.RoleName)
	if err != nil {
		return nil, err
	}
	r.TrustPolicy = val(in.PolicyDocument)
	return &awsapi.Empty{}, nil
}

// DeleteRole deletes a role without policies or instance profiles.
// Errors: NoSuchEntity, DeleteConflict, UnmodifiableEntity (service-linked).
func (s *Service) DeleteRole(ctx context.Context, in *DeleteRoleRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	r, err := a.role(in.RoleName)
	if err != nil {
		return nil, err
	}
	if r.ServiceLink {
		return nil, &UnmodifiableEntityException{Message: ptr("Cannot perform the operation on the protected role '" + r.Name + "' - this role is only modifiable by AWS")}
	}
	for _, p := range a.InstanceProfiles {
		if slices.Contains(p.Roles, r.Name) {
			return nil, deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
		}
	}
	if len(r.Inline) > 0 || len(r.Attached) > 0 {
		return nil, deleteConflict("Cannot delete entity, must delete policies first.")
	}
	delete(a.Roles, strings.ToLower(r.Name))
	return &awsapi.Empty{}, nil
}

// CreateServiceLinkedRole creates AWSServiceRoleFor<Service> under
// /aws-service-role/<service>/ with the service as trusted principal (IAM
// User Guide, "Using service-linked roles").
func (s *Service) CreateServiceLinkedRole(ctx context.Context, in *CreateServiceLinkedRoleRequest) (*CreateServiceLinkedRoleResponse, error) {
	acct := requestAccount(ctx)
	svc := val(in.AWSServiceName)
	if !strings.HasSuffix(svc, ".amazonaws.com") || len(svc) == len(".amazonaws.com") {
		return nil, invalidInput("Unknown service principal %s", svc)
	}
	name := "AWSServiceRoleFor" + serviceRoleSuffix(svc)
	if in.CustomSuffix != nil {
		name += "_" + *in.CustomSuffix
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	if _, ok := a.Roles[strings.ToLower(name)]; ok {
		return nil, invalidInput("Service role name %s has been taken in this account, please try a different suffix.", name)
	}
	path := "/aws-service-role/" + svc + "/"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + svc + `"},"Action":"sts:AssumeRole"}]}`
	r := &role{entity: entity{Name: name, Path: path, ID: s.uniqueID("AROA"), ARN: arn(acct, "role", path, name), Created: s.now()},
		TrustPolicy: trust, Description: val(in.Description), MaxSession: 3600, ServiceLink: true}
	a.Roles[strings.ToLower(name)] = r
	out := r.api()
	out.RoleLastUsed = nil
	return &CreateServiceLinkedRoleResponse{Role: &out}, nil
}

// serviceLinkedNames are the role names AWS gives some services' roles
// (IAM User Guide, "AWS services that work with IAM", service-linked role
// column); others get the capitalised service name.
var serviceLinkedNames = map[string]string{
	"autoscaling": "AutoScaling", "ecs": "ECS", "rds": "RDS", "elasticbeanstalk": "ElasticBeanstalk",
	"elasticloadbalancing": "ElasticLoadBalancing", "eks": "AmazonEKS", "spot": "EC2Spot", "organizations": "Organizations",
	"support": "Support", "trustedadvisor": "TrustedAdvisor", "cloudtrail": "CloudTrail", "elasticache": "ElastiCache",
	"redshift": "Redshift", "ssm": "AmazonSSM", "config": "Config", "guardduty": "AmazonGuardDuty",
	"opensearchservice": "AmazonOpenSearchService", "es": "AmazonElasticsearchService",
}

func serviceRoleSuffix(principal string) string {
	short := strings.TrimSuffix(principal, ".amazonaws.com")
	if n, ok := serviceLinkedNames[short]; ok {
		return n
	}
	return strings.ToUpper(short[:1]) + strings.ReplaceAll(short[1:], ".", "")
}

// DeleteServiceLinkedRole deletes the role at once and returns a deletion
// task id whose status is SUCCEEDED.
func (s *Service) DeleteServiceLinkedRole(ctx context.Context, in *DeleteServiceLinkedRoleRequest) (*DeleteServiceLinkedRoleResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	r, err := a.role(in.RoleName)
	if err != nil {
		return nil, err
	}
	delete(a.Roles, strings.ToLower(r.Name))
	return &DeleteServiceLinkedRoleResponse{DeletionTaskId: ptr("task" + r.Path + r.Name + "/" + s.newID())}, nil
}

// GetServiceLinkedRoleDeletionStatus reports SUCCEEDED for a task id
// DeleteServiceLinkedRole returned (deletion is immediate here).
func (s *Service) GetServiceLinkedRoleDeletionStatus(_ context.Context, in *GetServiceLinkedRoleDeletionStatusRequest) (*GetServiceLinkedRoleDeletionStatusResponse, error) {
	if !strings.HasPrefix(val(in.DeletionTaskId), "task/aws-service-role/") {
		return nil, noSuchEntity("Deletion task %s cannot be found.", val(in.DeletionTaskId))
	}
	return &GetServiceLinkedRoleDeletionStatusResponse{Status: ptr("SUCCEEDED")}, nil
}

// --- instance profiles

type instanceProfile struct {
	Name    string    `json:"name"`
	Path    string    `json:"path"`
	ID      string    `json:"id"`
	ARN     string    `json:"arn"`
	Created time.Time `json:"created"`
	Roles   []string  `json:"roles,omitempty"`
	Tags    []tag     `json:"tags,omitempty"`
}

func (a *account) profileAPI(p *instanceProfile) InstanceProfile {
	out := InstanceProfile{Path: ptr(p.Path), InstanceProfileName: ptr(p.Name), InstanceProfileId: ptr(p.ID), Arn: ptr(p.ARN),
		CreateDate: ptr(p.Created), Roles: []Role{}, Tags: apiTags(p.Tags)}
	for _, n := range p.Roles {
		if r, ok := a.Roles[strings.ToLower(n)]; ok {
			x := r.api()
			x.Tags, x.RoleLastUsed = nil, nil
			out.Roles = append(out.Roles, x)
		}
	}
	return out
}

func (a *account) profile(name *string) (*instanceProfile, error) {
	p, ok := a.InstanceProfiles[strings.ToLower(val(name))]
	if !ok {
		return nil, noSuchEntity("Instance Profile %s cannot be found.", val(name))
	}
	return p, nil
}

// CreateInstanceProfile creates an empty instance profile.
func (s *Service) CreateInstanceProfile(ctx context.Context, in *CreateInstanceProfileRequest) (*CreateInstanceProfileResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	name := val(in.InstanceProfileName)
	if _, ok := a.InstanceProfiles[strings.ToLower(name)]; ok {
		return nil, alreadyExists("Instance Profile %s already exists.", name)
	}
	path := pathOr(in.Path)
	p := &instanceProfile{Name: name, Path: path, ID: s.uniqueID("AIPA"), ARN: arn(acct, "instance-profile", path, name),
		Created: s.now(), Tags: fromAPITags(in.Tags)}
	a.InstanceProfiles[strings.ToLower(name)] = p
	return &CreateInstanceProfileResponse{InstanceProfile: ptr(a.profileAPI(p))}, nil
}

// GetInstanceProfile returns a profile with its role.
func (s *Service) GetInstanceProfile(ctx context.Context, in *GetInstanceProfileRequest) (*GetInstanceProfileResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.profile(in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	return &GetInstanceProfileResponse{InstanceProfile: ptr(a.profileAPI(p))}, nil
}

// ListInstanceProfiles lists profiles under PathPrefix.
func (s *Service) ListInstanceProfiles(ctx context.Context, in *ListInstanceProfilesRequest) (*ListInstanceProfilesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	var out []InstanceProfile
	for _, p := range sortedValues(a.InstanceProfiles) {
		if strings.HasPrefix(p.Path, pathOr(in.PathPrefix)) {
			out = append(out, a.profileAPI(p))
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListInstanceProfilesResponse{InstanceProfiles: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListInstanceProfilesForRole lists the profiles holding a role.
func (s *Service) ListInstanceProfilesForRole(ctx context.Context, in *ListInstanceProfilesForRoleRequest) (*ListInstanceProfilesForRoleResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	r, err := a.role(in.RoleName)
	if err != nil {
		return nil, err
	}
	var out []InstanceProfile
	for _, p := range sortedValues(a.InstanceProfiles) {
		if slices.Contains(p.Roles, r.Name) {
			out = append(out, a.profileAPI(p))
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListInstanceProfilesForRoleResponse{InstanceProfiles: items, IsTruncated: trunc, Marker: marker}, nil
}

// DeleteInstanceProfile deletes a profile without a role.
func (s *Service) DeleteInstanceProfile(ctx context.Context, in *DeleteInstanceProfileRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.profile(in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	if len(p.Roles) > 0 {
		return nil, deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
	}
	delete(a.InstanceProfiles, strings.ToLower(p.Name))
	return &awsapi.Empty{}, nil
}

// AddRoleToInstanceProfile adds the profile's one role. Errors:
// LimitExceeded when it has one ("Instance profiles can contain only one role").
func (s *Service) AddRoleToInstanceProfile(ctx context.Context, in *AddRoleToInstanceProfileRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.profile(in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	r, err := a.role(in.RoleName)
	if err != nil {
		return nil, err
	}
	if len(p.Roles) > 0 {
		return nil, limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	}
	p.Roles = append(p.Roles, r.Name)
	return &awsapi.Empty{}, nil
}

// RemoveRoleFromInstanceProfile removes the role.
func (s *Service) RemoveRoleFromInstanceProfile(ctx context.Context, in *RemoveRoleFromInstanceProfileRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.profile(in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(p.Roles, func(n string) bool { return strings.EqualFold(n, val(in.RoleName)) })
	if i < 0 {
		return nil, noSuchEntity("The role with name %s cannot be found.", val(in.RoleName))
	}
	p.Roles = slices.Delete(p.Roles, i, i+1)
	return &awsapi.Empty{}, nil
}
