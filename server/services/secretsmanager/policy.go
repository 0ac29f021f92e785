package secretsmanager

import (
	"context"
	"encoding/json"
)

// checkPolicy: a JSON object with a Statement (MalformedPolicyDocumentException).
func checkPolicy(p string) error {
	var doc map[string]any
	if json.Unmarshal([]byte(p), &doc) != nil || doc["Statement"] == nil {
		return &MalformedPolicyDocumentException{Message: ptr("This resource policy contains a syntax error.")}
	}
	return nil
}

// PutResourcePolicy implements Provider.
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyRequest) (*PutResourcePolicyResponse, error) {
	if err := checkPolicy(valueOf(in.ResourcePolicy)); err != nil {
		return nil, err
	}
	out := &PutResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		sec.policy = valueOf(in.ResourcePolicy)
		*out = PutResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		return nil
	})
	return out, err
}

// GetResourcePolicy implements Provider (no ResourcePolicy when none is set).
func (s *Service) GetResourcePolicy(ctx context.Context, in *GetResourcePolicyRequest) (*GetResourcePolicyResponse, error) {
	out := &GetResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		*out = GetResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		if sec.policy != "" {
			out.ResourcePolicy = ptr(sec.policy)
		}
		return nil
	})
	return out, err
}

// DeleteResourcePolicy implements Provider.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyRequest) (*DeleteResourcePolicyResponse, error) {
	out := &DeleteResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		sec.policy = ""
		*out = DeleteResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		return nil
	})
	return out, err
}

// ValidateResourcePolicy implements Provider: syntax only.
func (s *Service) ValidateResourcePolicy(ctx context.Context, in *ValidateResourcePolicyRequest) (*ValidateResourcePolicyResponse, error) {
	if in.SecretId != nil {
		if err := s.withSecret(ctx, in.SecretId, func(*secret, *store) error { return nil }); err != nil {
			return nil, err
		}
	}
	if err := checkPolicy(valueOf(in.ResourcePolicy)); err != nil {
		return &ValidateResourcePolicyResponse{PolicyValidationPassed: ptr(false), ValidationErrors: []ValidationErrorsEntry{
			{CheckName: ptr("JSON_SYNTAX_CHECK"), ErrorMessage_: ptr(err.(*MalformedPolicyDocumentException).ErrorMessage())}}}, nil
	}
	return &ValidateResourcePolicyResponse{PolicyValidationPassed: ptr(true), ValidationErrors: []ValidationErrorsEntry{}}, nil
}
