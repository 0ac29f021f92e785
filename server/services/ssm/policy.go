package ssm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// resourcePolicy is a resource policy attached to a parameter (parameter
// sharing; User Guide, "Working with shared parameters").
type resourcePolicy struct {
	id, hash, policy string
}

// maxResourcePolicies is how many policies one parameter holds.
const maxResourcePolicies = 10

func policyHash(p string) string {
	h := sha256.Sum256([]byte(p))
	return hex.EncodeToString(h[:])
}

// withPolicyTarget finds the parameter a ResourceArn names in the caller's
// account and region. Only advanced-tier parameters can be shared
// (ResourcePolicyInvalidParameterException otherwise); a missing one is
// ResourceNotFoundException.
func (s *Service) withPolicyTarget(ctx context.Context, arn string, fn func(p *param) error) error {
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	prefix := "arn:aws:ssm:" + r.Region + ":" + r.Account + ":parameter/"
	if !strings.HasPrefix(arn, prefix) {
		return &ResourcePolicyInvalidParameterException{ParameterNames: []string{"ResourceArn"}, Message: ptr("ResourceArn must be the ARN of a parameter in this account and region.")}
	}
	name := arn[len(prefix):]
	p := st.params["/"+name]
	if p == nil {
		p = st.params[name]
	}
	if p == nil {
		return &ResourceNotFoundException{Message: ptr("The parameter " + arn + " was not found.")}
	}
	if p.latest().tier != "Advanced" {
		return &ResourcePolicyInvalidParameterException{ParameterNames: []string{"ResourceArn"}, Message: ptr("Only advanced-tier parameters can be shared.")}
	}
	return fn(p)
}

// PutResourcePolicy implements Provider: a new policy, or with PolicyId and
// PolicyHash an update of that one; a hash that is not the policy's current
// one is ResourcePolicyConflictException (API Reference, PutResourcePolicy).
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyRequest) (*PutResourcePolicyResponse, error) {
	var doc map[string]any
	if json.Unmarshal([]byte(valueOf(in.Policy)), &doc) != nil || doc["Statement"] == nil {
		return nil, &MalformedResourcePolicyDocumentException{Message: ptr("The policy document is not valid JSON with a Statement.")}
	}
	out := &PutResourcePolicyResponse{}
	err := s.withPolicyTarget(ctx, valueOf(in.ResourceArn), func(p *param) error {
		pol := resourcePolicy{policy: valueOf(in.Policy), hash: policyHash(valueOf(in.Policy))}
		if in.PolicyId != nil {
			for i := range p.resourcePolicies {
				cur := &p.resourcePolicies[i]
				if cur.id != *in.PolicyId {
					continue
				}
				if valueOf(in.PolicyHash) != cur.hash {
					return &ResourcePolicyConflictException{Message: ptr("The PolicyHash does not match the current policy.")}
				}
				cur.policy, cur.hash = pol.policy, pol.hash
				*out = PutResourcePolicyResponse{PolicyId: ptr(cur.id), PolicyHash: ptr(cur.hash)}
				return nil
			}
			return &ResourcePolicyNotFoundException{Message: ptr("No policy " + *in.PolicyId + " on this resource.")}
		}
		if len(p.resourcePolicies) >= maxResourcePolicies {
			return &ResourcePolicyLimitExceededException{Limit: ptr(int32(maxResourcePolicies)), LimitType: ptr("Policies"),
				Message: ptr("A resource can have at most 10 policies.")}
		}
		pol.id = s.env.NewID()
		p.resourcePolicies = append(p.resourcePolicies, pol)
		*out = PutResourcePolicyResponse{PolicyId: ptr(pol.id), PolicyHash: ptr(pol.hash)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetResourcePolicies implements Provider.
func (s *Service) GetResourcePolicies(ctx context.Context, in *GetResourcePoliciesRequest) (*GetResourcePoliciesResponse, error) {
	var all []GetResourcePoliciesResponseEntry
	err := s.withPolicyTarget(ctx, valueOf(in.ResourceArn), func(p *param) error {
		for _, rp := range p.resourcePolicies {
			all = append(all, GetResourcePoliciesResponseEntry{PolicyId: ptr(rp.id), PolicyHash: ptr(rp.hash), Policy: ptr(rp.policy)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pg, next, err := page(all, in.MaxResults, in.NextToken, 50, 50)
	if err != nil {
		return nil, err
	}
	if pg == nil {
		pg = []GetResourcePoliciesResponseEntry{}
	}
	return &GetResourcePoliciesResponse{Policies: pg, NextToken: next}, nil
}

// DeleteResourcePolicy implements Provider: PolicyId and the policy's
// current PolicyHash.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyRequest) (*DeleteResourcePolicyResponse, error) {
	err := s.withPolicyTarget(ctx, valueOf(in.ResourceArn), func(p *param) error {
		for i, rp := range p.resourcePolicies {
			if rp.id != valueOf(in.PolicyId) {
				continue
			}
			if rp.hash != valueOf(in.PolicyHash) {
				return &ResourcePolicyConflictException{Message: ptr("The PolicyHash does not match the current policy.")}
			}
			p.resourcePolicies = append(p.resourcePolicies[:i], p.resourcePolicies[i+1:]...)
			return nil
		}
		return &ResourcePolicyNotFoundException{Message: ptr("No policy " + valueOf(in.PolicyId) + " on this resource.")}
	})
	if err != nil {
		return nil, err
	}
	return &DeleteResourcePolicyResponse{}, nil
}
