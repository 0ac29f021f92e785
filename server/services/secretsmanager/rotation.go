package secretsmanager

import (
	"context"
)

// RotateSecret implements Provider. It records the rotation configuration
// (Lambda ARN, rules) and LastRotatedDate and returns the version id the
// rotation creates (ClientRequestToken, or a new id). A Lambda-driven
// rotation runs once the emulator has Lambda; until then the caller (or
// its rotation code) performs the createSecret/finishSecret steps itself
// with PutSecretValue (AWSPENDING) and UpdateSecretVersionStage. A rotation
// whose AWSPENDING version is not yet AWSCURRENT is InvalidRequestException
// (User Guide, "Troubleshoot rotation").
func (s *Service) RotateSecret(ctx context.Context, in *RotateSecretRequest) (*RotateSecretResponse, error) {
	if rr := in.RotationRules; rr != nil && rr.AutomaticallyAfterDays != nil && (*rr.AutomaticallyAfterDays < 1 || *rr.AutomaticallyAfterDays > 1000) {
		return nil, &InvalidParameterException{Message: ptr("AutomaticallyAfterDays must be between 1 and 1000.")}
	}
	out := &RotateSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		if p := sec.withStage(stagePending); p != nil && !hasStage(p.stages, stageCurrent) && (in.ClientRequestToken == nil || *in.ClientRequestToken != p.id) {
			return &InvalidRequestException{Message: ptr("A previous rotation isn't complete. That rotation will be reattempted.")}
		}
		if in.RotationLambdaARN != nil {
			sec.rotationLambda = *in.RotationLambdaARN
		}
		if in.RotationRules != nil {
			sec.rotationRules = in.RotationRules
		}
		if sec.rotationLambda == "" {
			return &InvalidRequestException{Message: ptr("No Lambda rotation function ARN is associated with this secret.")}
		}
		sec.rotation = true
		id := valueOf(in.ClientRequestToken)
		if id == "" {
			id = s.env.NewID()
		}
		if in.RotateImmediately == nil || *in.RotateImmediately {
			sec.lastRotated = s.env.Now()
		}
		*out = RotateSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name), VersionId: ptr(id)}
		return nil
	})
	return out, err
}

// CancelRotateSecret implements Provider: turns automatic rotation off;
// staging labels are left as they are (API Reference, CancelRotateSecret).
func (s *Service) CancelRotateSecret(ctx context.Context, in *CancelRotateSecretRequest) (*CancelRotateSecretResponse, error) {
	out := &CancelRotateSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		sec.rotation = false
		*out = CancelRotateSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		if p := sec.withStage(stagePending); p != nil {
			out.VersionId = ptr(p.id)
		}
		return nil
	})
	return out, err
}
