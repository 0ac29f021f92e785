package kms

import (
	"context"
	"encoding/json"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// ReplicateKey implements Provider: a replica of a multi-Region primary key
// in another region of the account, with the same key id and key material
// (so ciphertexts of either decrypt with the other) (API Reference,
// ReplicateKey). Errors: UnsupportedOperationException for a key that is
// not a multi-Region primary, AlreadyExistsException for an existing
// replica, ValidationException for the key's own region.
func (s *Service) ReplicateKey(ctx context.Context, in *ReplicateKeyRequest) (*ReplicateKeyResponse, error) {
	region := valueOf(in.ReplicaRegion)
	var src key
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if !k.multiRegion || orDefault(k.primaryRegion, k.region) != k.region {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " is not a multi-Region primary key.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		if region == k.region {
			return errValidation("The replica region must differ from the primary key's region %s.", k.region)
		}
		src = *k
		src.material = append([][]byte(nil), k.material...)
		src.replicaRegions = append([]string(nil), k.replicaRegions...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	policy := valueOf(in.Policy)
	if policy == "" {
		policy = defaultPolicy(src.account)
	} else if !json.Valid([]byte(policy)) {
		return nil, &MalformedPolicyDocumentException{Message: ptr("The policy is not a valid JSON document.")}
	}
	tags, order, err := checkTags(in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	replica := &key{id: src.id, account: src.account, region: region, created: s.env.Now(),
		description: orDefault(valueOf(in.Description), src.description), usage: src.usage, spec: src.spec, origin: src.origin,
		manager: src.manager, multiRegion: true, state: stateEnabled, policy: policy, tags: tags, tagOrder: order,
		material: src.material, primaryRegion: src.region, replicaRegions: append(src.replicaRegions, region),
		rotation: src.rotation, rotationDays: src.rotationDays}
	st := s.store(src.account, region)
	st.mu.Lock()
	if st.keys[src.id] != nil {
		st.mu.Unlock()
		return nil, &AlreadyExistsException{Message: ptr("A replica of " + src.arn() + " already exists in " + region + ".")}
	}
	st.keys[src.id] = replica
	md := replica.metadata()
	st.mu.Unlock()
	// Record the new replica on the primary and on the other replicas, one
	// store at a time (never two store locks at once).
	for _, r := range append([]string{src.region}, src.replicaRegions...) {
		other := s.store(src.account, r)
		other.mu.Lock()
		if k := other.keys[src.id]; k != nil && !contains(k.replicaRegions, region) {
			k.replicaRegions = append(k.replicaRegions, region)
		}
		other.mu.Unlock()
	}
	out := &ReplicateKeyResponse{ReplicaKeyMetadata: md, ReplicaPolicy: ptr(policy), ReplicaTags: []Tag{}}
	for _, t := range order {
		out.ReplicaTags = append(out.ReplicaTags, Tag{TagKey: ptr(t), TagValue: ptr(tags[t])})
	}
	return out, nil
}

// UpdatePrimaryRegion implements Provider: the replica in PrimaryRegion
// becomes the primary and the old primary a replica (API Reference,
// UpdatePrimaryRegion). KeyId must name the current primary; a region
// without a replica is NotFoundException.
func (s *Service) UpdatePrimaryRegion(ctx context.Context, in *UpdatePrimaryRegionRequest) (*awsapi.Empty, error) {
	target := valueOf(in.PrimaryRegion)
	var id, account string
	var regions []string
	err := s.withKey(ctx, in.KeyId, func(k *key, _ *store) error {
		if !k.multiRegion || orDefault(k.primaryRegion, k.region) != k.region {
			return &UnsupportedOperationException{Message: ptr(k.arn() + " is not a multi-Region primary key.")}
		}
		if err := k.notPending(); err != nil {
			return err
		}
		if !contains(k.replicaRegions, target) {
			return &NotFoundException{Message: ptr("No replica of " + k.arn() + " in " + target + ".")}
		}
		id, account = k.id, k.account
		regions = append([]string{k.region}, k.replicaRegions...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range regions {
		st := s.store(account, r)
		st.mu.Lock()
		if k := st.keys[id]; k != nil {
			k.primaryRegion = target
			k.replicaRegions = nil
			for _, o := range regions {
				if o != target {
					k.replicaRegions = append(k.replicaRegions, o)
				}
			}
		}
		st.mu.Unlock()
	}
	return &awsapi.Empty{}, nil
}
