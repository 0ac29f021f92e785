package sns

import (
	"context"
	"encoding/json"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// AddPermission adds a statement with Sid Label to the topic's access policy
// allowing the given accounts the given actions (AddPermission API
// Reference). Errors: InvalidParameter "Statement already exists" for a
// label in use, NotFound.
func (s *Service) AddPermission(ctx context.Context, in *AddPermissionInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	policy, statements, err := t.policy()
	if err != nil {
		return nil, err
	}
	label := deref(in.Label)
	for _, st := range statements {
		if m, ok := st.(map[string]any); ok && m["Sid"] == label {
			return nil, errInvalidParameter("Statement already exists")
		}
	}
	principals := make([]string, len(in.AWSAccountId))
	for i, a := range in.AWSAccountId {
		principals[i] = "arn:aws:iam::" + a + ":root"
	}
	actions := make([]string, len(in.ActionName))
	for i, a := range in.ActionName {
		actions[i] = "SNS:" + a
	}
	policy["Statement"] = append(statements, map[string]any{
		"Sid": label, "Effect": "Allow", "Principal": map[string]any{"AWS": oneOrMany(principals)},
		"Action": oneOrMany(actions), "Resource": t.arn,
	})
	return &awsapi.Empty{}, t.setPolicy(policy)
}

// RemovePermission removes the statement with Sid Label from the topic's
// access policy; an unknown label changes nothing. Errors: NotFound.
func (s *Service) RemovePermission(ctx context.Context, in *RemovePermissionInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	policy, statements, err := t.policy()
	if err != nil {
		return nil, err
	}
	kept := []any{}
	for _, st := range statements {
		if m, ok := st.(map[string]any); !ok || m["Sid"] != deref(in.Label) {
			kept = append(kept, st)
		}
	}
	policy["Statement"] = kept
	return &awsapi.Empty{}, t.setPolicy(policy)
}

// policy returns the topic's access policy (the default one unless set) and
// its statements; s.mu is held.
func (t *topic) policy() (map[string]any, []any, error) {
	text := t.attrs["Policy"]
	if text == "" {
		text = defaultTopicPolicy(t.arn, t.account)
	}
	var policy map[string]any
	if err := json.Unmarshal([]byte(text), &policy); err != nil || policy == nil {
		return nil, nil, errInvalidParameter("Policy")
	}
	statements, _ := policy["Statement"].([]any)
	if one, ok := policy["Statement"].(map[string]any); ok {
		statements = []any{one}
	}
	return policy, statements, nil
}

func (t *topic) setPolicy(policy map[string]any) error {
	b, err := json.Marshal(policy)
	if err != nil {
		return err
	}
	t.attrs["Policy"] = string(b)
	return nil
}

// oneOrMany is a policy element: a single value, or a list of several.
func oneOrMany(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

// GetDataProtectionPolicy returns the topic's data protection policy ("" when
// none). The policy is stored, not applied. Errors: NotFound, InvalidParameter.
func (s *Service) GetDataProtectionPolicy(ctx context.Context, in *GetDataProtectionPolicyInput) (*GetDataProtectionPolicyResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.ResourceArn, "ResourceArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	return &GetDataProtectionPolicyResponse{DataProtectionPolicy: ptr(t.attrs["DataProtectionPolicy"])}, nil
}

// PutDataProtectionPolicy sets the topic's data protection policy (a JSON
// document). Errors: NotFound, InvalidParameter.
func (s *Service) PutDataProtectionPolicy(ctx context.Context, in *PutDataProtectionPolicyInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.ResourceArn, "ResourceArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	if err := checkTopicAttribute("DataProtectionPolicy", deref(in.DataProtectionPolicy), t.fifo); err != nil {
		return nil, err
	}
	t.attrs["DataProtectionPolicy"] = deref(in.DataProtectionPolicy)
	return &awsapi.Empty{}, nil
}
