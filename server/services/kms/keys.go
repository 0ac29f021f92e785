package kms

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// CreateKey implements Provider. KeySpec defaults to SYMMETRIC_DEFAULT and
// KeyUsage to the spec's first usage (ENCRYPT_DECRYPT, SIGN_VERIFY for ECC,
// GENERATE_VERIFY_MAC for HMAC); an incompatible pair is ValidationException
// (API Reference, CreateKey). ECC_SECG_P256K1, SM2 and ML-DSA are
// UnsupportedOperationException: the Go standard library lacks them.
func (s *Service) CreateKey(ctx context.Context, in *CreateKeyRequest) (*CreateKeyResponse, error) {
	r := awsapi.RequestFrom(ctx)
	spec := orDefault(valueOf(in.KeySpec), orDefault(valueOf(in.CustomerMasterKeySpec), KeySpecSYMMETRICDEFAULT))
	usages := usagesFor(spec)
	usage := valueOf(in.KeyUsage)
	if usages != nil {
		if usage == "" {
			usage = usages[0]
		}
		if !contains(usages, usage) {
			return nil, errValidation("You cannot create a KMS key with KeyUsage %s and KeySpec %s.", usage, spec)
		}
	}
	origin := orDefault(valueOf(in.Origin), "AWS_KMS")
	if (in.CustomKeyStoreId != nil) != (origin == "AWS_CLOUDHSM" || origin == "EXTERNAL_KEY_STORE") {
		return nil, errValidation("Origin AWS_CLOUDHSM and EXTERNAL_KEY_STORE need a CustomKeyStoreId, and a CustomKeyStoreId needs one of them.")
	}
	var material [][]byte
	if origin != "EXTERNAL" {
		m, err := generateMaterial(spec)
		if err != nil {
			return nil, err
		}
		material = [][]byte{m}
	}
	policy := valueOf(in.Policy)
	if policy == "" {
		policy = defaultPolicy(r.Account)
	} else if !json.Valid([]byte(policy)) {
		return nil, &MalformedPolicyDocumentException{Message: ptr("The policy is not a valid JSON document.")}
	}
	tags, order, err := checkTags(in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	k := &key{id: s.newKeyID(valueOf(in.MultiRegion)), account: r.Account, region: r.Region, created: s.env.Now(),
		primaryRegion: r.Region,
		description:   valueOf(in.Description), usage: usage, spec: spec, origin: origin, manager: "CUSTOMER",
		multiRegion: valueOf(in.MultiRegion), state: stateEnabled, policy: policy, tags: tags, tagOrder: order,
		material: material}
	if origin == "EXTERNAL" {
		k.state = statePendingImport
	}
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	if in.CustomKeyStoreId != nil {
		c, err := s.keyStoreForKey(st, *in.CustomKeyStoreId, origin, spec, valueOf(in.XksKeyId))
		if err != nil {
			st.mu.Unlock()
			return nil, err
		}
		k.keyStore, k.clusterID, k.xksKeyID = c.id, c.clusterID, valueOf(in.XksKeyId)
	}
	st.keys[k.id] = k
	md := k.metadata()
	st.mu.Unlock()
	return &CreateKeyResponse{KeyMetadata: md}, nil
}

// DescribeKey implements Provider.
func (s *Service) DescribeKey(ctx context.Context, in *DescribeKeyRequest) (*DescribeKeyResponse, error) {
	out := &DescribeKeyResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		out.KeyMetadata = k.metadata()
		return nil
	})
	return out, err
}

// page slices items for Limit (1–1000, default 100) and Marker (an offset
// this emulator issued; anything else is InvalidMarkerException).
func page[T any](items []T, limit *int32, marker *string) ([]T, *string, *bool, error) {
	start := 0
	if marker != nil {
		n, err := strconv.Atoi(*marker)
		if err != nil || n < 0 || n > len(items) {
			return nil, nil, nil, &InvalidMarkerException{Message: ptr("Invalid marker")}
		}
		start = n
	}
	size := 100
	if limit != nil {
		size = int(*limit)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], ptr(strconv.Itoa(end)), ptr(true), nil
	}
	return items[start:end], nil, ptr(false), nil
}

// ListKeys implements Provider: every key of the account in the region
// (AWS-managed ones included), in creation order.
func (s *Service) ListKeys(ctx context.Context, in *ListKeysRequest) (*ListKeysResponse, error) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	s.purgeLocked(st)
	keys := make([]*key, 0, len(st.keys))
	for _, k := range st.keys {
		keys = append(keys, k)
	}
	st.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		if !keys[i].created.Equal(keys[j].created) {
			return keys[i].created.Before(keys[j].created)
		}
		return keys[i].id < keys[j].id
	})
	entries := make([]KeyListEntry, len(keys))
	for i, k := range keys {
		entries[i] = KeyListEntry{KeyId: ptr(k.id), KeyArn: ptr(k.arn())}
	}
	p, next, trunc, err := page(entries, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListKeysResponse{Keys: p, NextMarker: next, Truncated: trunc}, nil
}

// EnableKey implements Provider.
func (s *Service) EnableKey(ctx context.Context, in *EnableKeyRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		if k.state == statePendingImport {
			return &KMSInvalidStateException{Message: ptr(k.arn() + " is pending import.")}
		}
		k.state = stateEnabled
		return nil
	})
}

// DisableKey implements Provider: a disabled key refuses cryptographic
// operations with DisabledException until EnableKey.
func (s *Service) DisableKey(ctx context.Context, in *DisableKeyRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		if k.state == statePendingImport {
			return &KMSInvalidStateException{Message: ptr(k.arn() + " is pending import.")}
		}
		k.state = stateDisabled
		return nil
	})
}

// ScheduleKeyDeletion implements Provider: PendingWindowInDays 7–30,
// default 30 (API Reference, ScheduleKeyDeletion); the key is deleted once
// the date passes.
func (s *Service) ScheduleKeyDeletion(ctx context.Context, in *ScheduleKeyDeletionRequest) (*ScheduleKeyDeletionResponse, error) {
	days := int32(30)
	if in.PendingWindowInDays != nil {
		days = *in.PendingWindowInDays
	}
	if days < 7 || days > 30 {
		return nil, errValidation("1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30", days)
	}
	out := &ScheduleKeyDeletionResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.manager == "AWS" {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " is an AWS managed key and cannot be deleted.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		k.state, k.pendingDays = stateScheduled, days
		k.deletionDate = s.env.Now().Add(time.Duration(days) * 24 * time.Hour)
		*out = ScheduleKeyDeletionResponse{KeyId: ptr(k.arn()), DeletionDate: ptr(k.deletionDate), KeyState: ptr(k.state), PendingWindowInDays: ptr(days)}
		return nil
	})
	return out, err
}

// CancelKeyDeletion implements Provider: the key comes back Disabled, as in
// AWS.
func (s *Service) CancelKeyDeletion(ctx context.Context, in *CancelKeyDeletionRequest) (*CancelKeyDeletionResponse, error) {
	out := &CancelKeyDeletionResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if k.state != stateScheduled {
			return &KMSInvalidStateException{Message: ptr(k.arn() + " is " + k.state + " and not pending deletion.")}
		}
		k.state, k.deletionDate, k.pendingDays = stateDisabled, time.Time{}, 0
		out.KeyId = ptr(k.arn())
		return nil
	})
	return out, err
}

// UpdateKeyDescription implements Provider.
func (s *Service) UpdateKeyDescription(ctx context.Context, in *UpdateKeyDescriptionRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		k.description = valueOf(in.Description)
		return nil
	})
}

// checkTags validates new tags against existing ones: at most 50 per key,
// keys not starting with "aws:" (TagException, API Reference, TagResource).
func checkTags(in []Tag, existing map[string]string, order []string) (map[string]string, []string, error) {
	tags := map[string]string{}
	for k, v := range existing {
		tags[k] = v
	}
	order = append([]string(nil), order...)
	for _, t := range in {
		k := valueOf(t.TagKey)
		if strings.HasPrefix(k, "aws:") {
			return nil, nil, &TagException{Message: ptr("Tags beginning with aws: are reserved")}
		}
		if _, ok := tags[k]; !ok {
			order = append(order, k)
		}
		tags[k] = valueOf(t.TagValue)
	}
	if len(tags) > 50 {
		return nil, nil, &LimitExceededException{Message: ptr("A KMS key can have at most 50 tags.")}
	}
	return tags, order, nil
}

// TagResource implements Provider.
func (s *Service) TagResource(ctx context.Context, in *TagResourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		tags, order, err := checkTags(in.Tags, k.tags, k.tagOrder)
		if err != nil {
			return err
		}
		k.tags, k.tagOrder = tags, order
		return nil
	})
}

// UntagResource implements Provider.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		for _, t := range in.TagKeys {
			delete(k.tags, t)
		}
		order := k.tagOrder[:0:0]
		for _, t := range k.tagOrder {
			if _, ok := k.tags[t]; ok {
				order = append(order, t)
			}
		}
		k.tagOrder = order
		return nil
	})
}

// ListResourceTags implements Provider (tags in the order they were added).
func (s *Service) ListResourceTags(ctx context.Context, in *ListResourceTagsRequest) (*ListResourceTagsResponse, error) {
	var tags []Tag
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		tags = make([]Tag, 0, len(k.tagOrder))
		for _, t := range k.tagOrder {
			tags = append(tags, Tag{TagKey: ptr(t), TagValue: ptr(k.tags[t])})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p, next, trunc, err := page(tags, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListResourceTagsResponse{Tags: p, NextMarker: next, Truncated: trunc}, nil
}

func checkPolicyName(name *string) error {
	if name != nil && *name != "default" {
		return &NotFoundException{Message: ptr("No such policy exists")}
	}
	return nil
}

// GetKeyPolicy implements Provider: the one policy, named "default".
func (s *Service) GetKeyPolicy(ctx context.Context, in *GetKeyPolicyRequest) (*GetKeyPolicyResponse, error) {
	if err := checkPolicyName(in.PolicyName); err != nil {
		return nil, err
	}
	out := &GetKeyPolicyResponse{}
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		out.Policy, out.PolicyName = ptr(k.policy), ptr("default")
		return nil
	})
	return out, err
}

// PutKeyPolicy implements Provider: the policy must be a JSON document
// (MalformedPolicyDocumentException otherwise).
func (s *Service) PutKeyPolicy(ctx context.Context, in *PutKeyPolicyRequest) (*awsapi.Empty, error) {
	if err := checkPolicyName(in.PolicyName); err != nil {
		return nil, err
	}
	var doc map[string]any
	if json.Unmarshal([]byte(valueOf(in.Policy)), &doc) != nil {
		return nil, &MalformedPolicyDocumentException{Message: ptr("The policy is not a valid JSON document.")}
	}
	return &awsapi.Empty{}, s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if err := k.notPending(); err != nil {
			return err
		}
		k.policy = valueOf(in.Policy)
		return nil
	})
}

// ListKeyPolicies implements Provider: always ["default"].
func (s *Service) ListKeyPolicies(ctx context.Context, in *ListKeyPoliciesRequest) (*ListKeyPoliciesResponse, error) {
	err := s.withKey(ctx, in.KeyId, func(*key, *store) error { return nil })
	if err != nil {
		return nil, err
	}
	return &ListKeyPoliciesResponse{PolicyNames: []string{"default"}, Truncated: ptr(false)}, nil
}
