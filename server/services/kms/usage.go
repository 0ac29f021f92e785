package kms

import (
	"context"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// lastUsage is a key's most recent cryptographic operation.
type lastUsage struct {
	operation string
	at        time.Time
	requestID string
}

// used records a successful cryptographic operation on k (store locked).
func (s *Service) used(ctx context.Context, k *key, op string) {
	k.lastUsed = lastUsage{operation: op, at: s.env.Now(), requestID: awsapi.RequestFrom(ctx).ID}
}

// GetKeyLastUsage implements Provider: the last cryptographic operation
// (Operation, Timestamp, KmsRequestId) since the key was created, which is
// also when tracking started; none yet gives no KeyLastUsage.
func (s *Service) GetKeyLastUsage(ctx context.Context, in *GetKeyLastUsageRequest) (*GetKeyLastUsageResponse, error) {
	out := &GetKeyLastUsageResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		*out = GetKeyLastUsageResponse{KeyId: ptr(k.arn()), TrackingStartDate: ptr(k.created), KeyCreationDate: ptr(k.created)}
		if u := k.lastUsed; u.operation != "" {
			out.KeyLastUsage = &KeyLastUsageData{Operation: ptr(u.operation), Timestamp: ptr(u.at)}
			if u.requestID != "" {
				out.KeyLastUsage.KmsRequestId = ptr(u.requestID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
