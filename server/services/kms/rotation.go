package kms

import (
	"context"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// rotatable checks a key may rotate: only enabled symmetric keys with
// AWS-generated material (API Reference, EnableKeyRotation).
func rotatable(k *key) error {
	if err := k.usable(); err != nil {
		return err
	}
	if k.spec != KeySpecSYMMETRICDEFAULT || k.origin != "AWS_KMS" {
		return &UnsupportedOperationException{Message: ptr(k.arn() + " key usage or key spec does not support automatic key rotation.")}
	}
	return nil
}

// EnableKeyRotation implements Provider: RotationPeriodInDays 90–2560,
// default 365.
func (s *Service) EnableKeyRotation(ctx context.Context, in *EnableKeyRotationRequest) (*awsapi.Empty, error) {
	days := int32(365)
	if in.RotationPeriodInDays != nil {
		days = *in.RotationPeriodInDays
	}
	if days < 90 || days > 2560 {
		return nil, errValidation("1 validation error detected: Value '%d' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560", days)
	}
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := rotatable(k); err != nil {
			return err
		}
		k.rotation, k.rotationDays = true, days
		return nil
	})
}

// DisableKeyRotation implements Provider.
func (s *Service) DisableKeyRotation(ctx context.Context, in *DisableKeyRotationRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := rotatable(k); err != nil {
			return err
		}
		k.rotation = false
		return nil
	})
}

// GetKeyRotationStatus implements Provider.
func (s *Service) GetKeyRotationStatus(ctx context.Context, in *GetKeyRotationStatusRequest) (*GetKeyRotationStatusResponse, error) {
	out := &GetKeyRotationStatusResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		if k.spec != KeySpecSYMMETRICDEFAULT {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " key usage or key spec does not support automatic key rotation.")}
		}
		out.KeyId, out.KeyRotationEnabled = ptr(k.arn()), ptr(k.rotation)
		if k.rotation {
			last := k.created
			for _, r := range k.rotations {
				if r.kind == "AUTOMATIC" {
					last = r.date
				}
			}
			out.RotationPeriodInDays = ptr(k.rotationDays)
			out.NextRotationDate = ptr(last.Add(time.Duration(k.rotationDays) * 24 * time.Hour))
		}
		if !k.onDemandStart.IsZero() {
			out.OnDemandRotationStartDate = ptr(k.onDemandStart)
		}
		return nil
	})
	return out, err
}

// RotateKeyOnDemand implements Provider: new key material encrypts from now
// on; ciphertexts of older material still decrypt.
// A multi-Region primary shares the new material with its replicas (API
// Reference, RotateKeyOnDemand: replicas are rotated with the primary); a
// replica itself can't be rotated.
func (s *Service) RotateKeyOnDemand(ctx context.Context, in *RotateKeyOnDemandRequest) (*RotateKeyOnDemandResponse, error) {
	out := &RotateKeyOnDemandResponse{}
	var m []byte
	var rot rotation
	var id, account string
	var replicas []string
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := rotatable(k); err != nil {
			return err
		}
		if k.multiRegion && orDefault(k.primaryRegion, k.region) != k.region {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " is a multi-Region replica key; rotate its primary key.")}
		}
		m = randomBytes(32)
		now := s.env.Now()
		rot = rotation{materialID: materialID(m), date: now, kind: "ON_DEMAND"}
		k.material = append(k.material, m)
		k.rotations = append(k.rotations, rot)
		k.onDemandStart = now
		id, account, replicas = k.id, k.account, append([]string(nil), k.replicaRegions...)
		out.KeyId = ptr(k.arn())
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range replicas { // one store lock at a time
		st := s.store(account, r)
		st.mu.Lock()
		if k := st.keys[id]; k != nil {
			k.material = append(k.material, m)
			k.rotations = append(k.rotations, rot)
		}
		st.mu.Unlock()
	}
	return out, nil
}

// ListKeyRotations implements Provider: completed rotations, oldest first.
func (s *Service) ListKeyRotations(ctx context.Context, in *ListKeyRotationsRequest) (*ListKeyRotationsResponse, error) {
	var entries []RotationsListEntry
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.spec != KeySpecSYMMETRICDEFAULT {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " key usage or key spec does not support key rotation.")}
		}
		entries = []RotationsListEntry{}
		for _, r := range k.rotations {
			entries = append(entries, RotationsListEntry{KeyId: ptr(k.arn()), KeyMaterialId: ptr(r.materialID),
				RotationDate: ptr(r.date), RotationType: ptr(r.kind)})
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
	return &ListKeyRotationsResponse{Rotations: p, NextMarker: next, Truncated: trunc}, nil
}
