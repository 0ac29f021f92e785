package dynamodb

import (
	"context"
	"strconv"
	"strings"
)

// resourcePolicy is a resource-based policy attached to a table or stream
// ARN: the document as given and its RevisionId.
type resourcePolicy struct {
	Policy     string `json:"policy"`
	RevisionID string `json:"revision_id"`
}

// policyTable checks that arn names an existing table (or one of its
// streams: <table ARN>/stream/<label>) in the request's store.
func (s *Service) policyTable(ctx context.Context, arn string) (*store, error) {
	st := s.store(ctx)
	name := ""
	if i := strings.Index(arn, ":table/"); i >= 0 && strings.HasPrefix(arn, "arn:") {
		name, _, _ = strings.Cut(arn[i+len(":table/"):], "/")
	}
	st.mu.RLock()
	t := st.tables[name]
	st.mu.RUnlock()
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: " + arn + " not found")}
	}
	return st, nil
}

// PutResourcePolicy attaches Policy (a JSON document) to a table or stream
// ARN and returns its new RevisionId (a decimal string that grows with
// each change). ExpectedRevisionId, when given, must be the current one;
// ExpectedRevisionId "NO_POLICY" requires that none is attached yet (API
// Reference, "PutResourcePolicy"). Errors: ResourceNotFoundException,
// PolicyNotFoundException on a revision mismatch, ValidationException for a
// missing or malformed Policy.
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyInput) (*PutResourcePolicyOutput, error) {
	arn := deref(in.ResourceArn)
	st, err := s.policyTable(ctx, arn)
	if err != nil {
		return nil, err
	}
	doc := strings.TrimSpace(deref(in.Policy))
	if !strings.HasPrefix(doc, "{") {
		return nil, validation("Invalid policy document: the policy must be a JSON object")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	cur, has := st.policies[arn]
	if e := in.ExpectedRevisionId; e != nil {
		if *e == "NO_POLICY" && has || *e != "NO_POLICY" && (!has || cur.RevisionID != *e) {
			return nil, &PolicyNotFoundException{Message: ptr("Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id " + *e + ", but the policy associated to target table " + arn + " has revision id " + revisionOrNone(cur, has) + ".")}
		}
	}
	rev := s.env.Now().UnixMilli()
	if has {
		if prev, _ := strconv.ParseInt(cur.RevisionID, 10, 64); rev <= prev {
			rev = prev + 1
		}
	}
	if st.policies == nil {
		st.policies = map[string]resourcePolicy{}
	}
	p := resourcePolicy{Policy: deref(in.Policy), RevisionID: strconv.FormatInt(rev, 10)}
	st.policies[arn] = p
	return &PutResourcePolicyOutput{RevisionId: ptr(p.RevisionID)}, nil
}

func revisionOrNone(p resourcePolicy, has bool) string {
	if !has {
		return "NO_POLICY"
	}
	return p.RevisionID
}

// GetResourcePolicy returns the policy attached to a table or stream ARN.
// Errors: ResourceNotFoundException, PolicyNotFoundException when none is
// attached.
func (s *Service) GetResourcePolicy(ctx context.Context, in *GetResourcePolicyInput) (*GetResourcePolicyOutput, error) {
	arn := deref(in.ResourceArn)
	st, err := s.policyTable(ctx, arn)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	p, has := st.policies[arn]
	st.mu.RUnlock()
	if !has {
		return nil, policyNotFound(arn)
	}
	return &GetResourcePolicyOutput{Policy: ptr(p.Policy), RevisionId: ptr(p.RevisionID)}, nil
}

// DeleteResourcePolicy removes the policy and returns the RevisionId it had.
// Errors: ResourceNotFoundException, PolicyNotFoundException when none is
// attached or ExpectedRevisionId is not the current one.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyInput) (*DeleteResourcePolicyOutput, error) {
	arn := deref(in.ResourceArn)
	st, err := s.policyTable(ctx, arn)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	p, has := st.policies[arn]
	if !has || in.ExpectedRevisionId != nil && *in.ExpectedRevisionId != p.RevisionID {
		return nil, policyNotFound(arn)
	}
	delete(st.policies, arn)
	return &DeleteResourcePolicyOutput{RevisionId: ptr(p.RevisionID)}, nil
}

func policyNotFound(arn string) error {
	return &PolicyNotFoundException{Message: ptr("Resource-based policy not found for the provided ResourceArn: " + arn)}
}

// dropPolicies removes the policies of a deleted table and its streams.
// Caller holds st.mu for writing.
func (st *store) dropPolicies(tableARN string) {
	for arn := range st.policies {
		if arn == tableARN || strings.HasPrefix(arn, tableARN+"/") {
			delete(st.policies, arn)
		}
	}
}
