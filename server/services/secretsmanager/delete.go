package secretsmanager

import (
	"context"
	"time"
)

// DeleteSecret implements Provider: RecoveryWindowInDays 7–30 (default 30)
// schedules deletion; ForceDeleteWithoutRecovery deletes at once; the two
// together are InvalidParameterException (API Reference, DeleteSecret).
func (s *Service) DeleteSecret(ctx context.Context, in *DeleteSecretRequest) (*DeleteSecretResponse, error) {
	force := valueOf(in.ForceDeleteWithoutRecovery)
	if force && in.RecoveryWindowInDays != nil {
		return nil, &InvalidParameterException{Message: ptr("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")}
	}
	days := int64(30)
	if in.RecoveryWindowInDays != nil {
		days = *in.RecoveryWindowInDays
	}
	if days < 7 || days > 30 {
		return nil, &InvalidParameterException{Message: ptr("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")}
	}
	out := &DeleteSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, st *store) error {
		now := s.env.Now()
		if force {
			delete(st.secrets, sec.name)
			*out = DeleteSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name), DeletionDate: ptr(now)}
			return nil
		}
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		sec.deleted, sec.deletionDate = now, now.Add(time.Duration(days)*24*time.Hour)
		*out = DeleteSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name), DeletionDate: ptr(sec.deletionDate)}
		return nil
	})
	return out, err
}

// RestoreSecret implements Provider: cancels a scheduled deletion.
func (s *Service) RestoreSecret(ctx context.Context, in *RestoreSecretRequest) (*RestoreSecretResponse, error) {
	out := &RestoreSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		sec.deleted, sec.deletionDate = time.Time{}, time.Time{}
		*out = RestoreSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		return nil
	})
	return out, err
}
