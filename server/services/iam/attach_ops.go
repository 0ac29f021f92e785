package iam

import (
	"context"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// The per-entity policy operations: thin wrappers over policies.go.

// AttachUserPolicy attaches a managed policy. Errors: NoSuchEntity, LimitExceeded.
func (s *Service) AttachUserPolicy(ctx context.Context, in *AttachUserPolicyRequest) (*awsapi.Empty, error) {
	return s.attach(ctx, kindUser, in.UserName, in.PolicyArn)
}

// AttachGroupPolicy attaches a managed policy.
func (s *Service) AttachGroupPolicy(ctx context.Context, in *AttachGroupPolicyRequest) (*awsapi.Empty, error) {
	return s.attach(ctx, kindGroup, in.GroupName, in.PolicyArn)
}

// AttachRolePolicy attaches a managed policy.
func (s *Service) AttachRolePolicy(ctx context.Context, in *AttachRolePolicyRequest) (*awsapi.Empty, error) {
	return s.attach(ctx, kindRole, in.RoleName, in.PolicyArn)
}

// DetachUserPolicy detaches a managed policy. Errors: NoSuchEntity.
func (s *Service) DetachUserPolicy(ctx context.Context, in *DetachUserPolicyRequest) (*awsapi.Empty, error) {
	return s.detach(ctx, kindUser, in.UserName, in.PolicyArn)
}

// DetachGroupPolicy detaches a managed policy.
func (s *Service) DetachGroupPolicy(ctx context.Context, in *DetachGroupPolicyRequest) (*awsapi.Empty, error) {
	return s.detach(ctx, kindGroup, in.GroupName, in.PolicyArn)
}

// DetachRolePolicy detaches a managed policy.
func (s *Service) DetachRolePolicy(ctx context.Context, in *DetachRolePolicyRequest) (*awsapi.Empty, error) {
	return s.detach(ctx, kindRole, in.RoleName, in.PolicyArn)
}

// ListAttachedUserPolicies lists attached managed policies.
func (s *Service) ListAttachedUserPolicies(ctx context.Context, in *ListAttachedUserPoliciesRequest) (*ListAttachedUserPoliciesResponse, error) {
	items, trunc, marker, err := s.listAttached(ctx, kindUser, in.UserName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedUserPoliciesResponse{AttachedPolicies: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListAttachedGroupPolicies lists attached managed policies.
func (s *Service) ListAttachedGroupPolicies(ctx context.Context, in *ListAttachedGroupPoliciesRequest) (*ListAttachedGroupPoliciesResponse, error) {
	items, trunc, marker, err := s.listAttached(ctx, kindGroup, in.GroupName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedGroupPoliciesResponse{AttachedPolicies: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListAttachedRolePolicies lists attached managed policies.
func (s *Service) ListAttachedRolePolicies(ctx context.Context, in *ListAttachedRolePoliciesRequest) (*ListAttachedRolePoliciesResponse, error) {
	items, trunc, marker, err := s.listAttached(ctx, kindRole, in.RoleName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedRolePoliciesResponse{AttachedPolicies: items, IsTruncated: trunc, Marker: marker}, nil
}

// PutUserPolicy creates or replaces an inline policy. Errors: MalformedPolicyDocument.
func (s *Service) PutUserPolicy(ctx context.Context, in *PutUserPolicyRequest) (*awsapi.Empty, error) {
	return s.putInline(ctx, kindUser, in.UserName, in.PolicyName, in.PolicyDocument)
}

// PutGroupPolicy creates or replaces an inline policy.
func (s *Service) PutGroupPolicy(ctx context.Context, in *PutGroupPolicyRequest) (*awsapi.Empty, error) {
	return s.putInline(ctx, kindGroup, in.GroupName, in.PolicyName, in.PolicyDocument)
}

// PutRolePolicy creates or replaces an inline policy.
func (s *Service) PutRolePolicy(ctx context.Context, in *PutRolePolicyRequest) (*awsapi.Empty, error) {
	return s.putInline(ctx, kindRole, in.RoleName, in.PolicyName, in.PolicyDocument)
}

// GetUserPolicy returns an inline policy, its document URL-encoded.
func (s *Service) GetUserPolicy(ctx context.Context, in *GetUserPolicyRequest) (*GetUserPolicyResponse, error) {
	name, doc, err := s.getInline(ctx, kindUser, in.UserName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetUserPolicyResponse{UserName: ptr(name), PolicyName: in.PolicyName, PolicyDocument: ptr(doc)}, nil
}

// GetGroupPolicy returns an inline policy.
func (s *Service) GetGroupPolicy(ctx context.Context, in *GetGroupPolicyRequest) (*GetGroupPolicyResponse, error) {
	name, doc, err := s.getInline(ctx, kindGroup, in.GroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetGroupPolicyResponse{GroupName: ptr(name), PolicyName: in.PolicyName, PolicyDocument: ptr(doc)}, nil
}

// GetRolePolicy returns an inline policy.
func (s *Service) GetRolePolicy(ctx context.Context, in *GetRolePolicyRequest) (*GetRolePolicyResponse, error) {
	name, doc, err := s.getInline(ctx, kindRole, in.RoleName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetRolePolicyResponse{RoleName: ptr(name), PolicyName: in.PolicyName, PolicyDocument: ptr(doc)}, nil
}

// DeleteUserPolicy deletes an inline policy.
func (s *Service) DeleteUserPolicy(ctx context.Context, in *DeleteUserPolicyRequest) (*awsapi.Empty, error) {
	return s.deleteInline(ctx, kindUser, in.UserName, in.PolicyName)
}

// DeleteGroupPolicy deletes an inline policy.
func (s *Service) DeleteGroupPolicy(ctx context.Context, in *DeleteGroupPolicyRequest) (*awsapi.Empty, error) {
	return s.deleteInline(ctx, kindGroup, in.GroupName, in.PolicyName)
}

// DeleteRolePolicy deletes an inline policy.
func (s *Service) DeleteRolePolicy(ctx context.Context, in *DeleteRolePolicyRequest) (*awsapi.Empty, error) {
	return s.deleteInline(ctx, kindRole, in.RoleName, in.PolicyName)
}

// ListUserPolicies lists inline policy names.
func (s *Service) ListUserPolicies(ctx context.Context, in *ListUserPoliciesRequest) (*ListUserPoliciesResponse, error) {
	items, trunc, marker, err := s.listInline(ctx, kindUser, in.UserName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListUserPoliciesResponse{PolicyNames: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListGroupPolicies lists inline policy names.
func (s *Service) ListGroupPolicies(ctx context.Context, in *ListGroupPoliciesRequest) (*ListGroupPoliciesResponse, error) {
	items, trunc, marker, err := s.listInline(ctx, kindGroup, in.GroupName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListGroupPoliciesResponse{PolicyNames: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListRolePolicies lists inline policy names.
func (s *Service) ListRolePolicies(ctx context.Context, in *ListRolePoliciesRequest) (*ListRolePoliciesResponse, error) {
	items, trunc, marker, err := s.listInline(ctx, kindRole, in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListRolePoliciesResponse{PolicyNames: items, IsTruncated: trunc, Marker: marker}, nil
}

// PutUserPermissionsBoundary sets a user's permissions boundary.
func (s *Service) PutUserPermissionsBoundary(ctx context.Context, in *PutUserPermissionsBoundaryRequest) (*awsapi.Empty, error) {
	return s.setBoundary(ctx, kindUser, in.UserName, in.PermissionsBoundary)
}

// PutRolePermissionsBoundary sets a role's permissions boundary.
func (s *Service) PutRolePermissionsBoundary(ctx context.Context, in *PutRolePermissionsBoundaryRequest) (*awsapi.Empty, error) {
	return s.setBoundary(ctx, kindRole, in.RoleName, in.PermissionsBoundary)
}

// DeleteUserPermissionsBoundary removes a user's permissions boundary.
func (s *Service) DeleteUserPermissionsBoundary(ctx context.Context, in *DeleteUserPermissionsBoundaryRequest) (*awsapi.Empty, error) {
	return s.setBoundary(ctx, kindUser, in.UserName, nil)
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary.
func (s *Service) DeleteRolePermissionsBoundary(ctx context.Context, in *DeleteRolePermissionsBoundaryRequest) (*awsapi.Empty, error) {
	return s.setBoundary(ctx, kindRole, in.RoleName, nil)
}
