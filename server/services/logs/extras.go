package logs

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// destination is a cross-account subscription destination (recorded).
type destination struct {
	Name    string            `json:"name"`
	ARN     string            `json:"arn"`
	Target  string            `json:"target"`
	Role    string            `json:"role"`
	Policy  string            `json:"policy,omitempty"`
	Created int64             `json:"created"`
	Tags    map[string]string `json:"tags,omitempty"`
}

func (d *destination) describe() Destination {
	return Destination{DestinationName: ptr(d.Name), TargetArn: ptr(d.Target), RoleArn: ptr(d.Role),
		AccessPolicy: optional(d.Policy), Arn: ptr(d.ARN), CreationTime: ptr(d.Created)}
}

// PutDestination creates or updates a destination.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDestination.html
func (s *Service) PutDestination(ctx context.Context, in *PutDestinationRequest) (*PutDestinationResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	name := valueOf(in.DestinationName)
	d := st.data.Destinations[name]
	if d == nil {
		d = &destination{Name: name, ARN: fmt.Sprintf("arn:aws:logs:%s:%s:destination:%s", r.Region, r.Account, name),
			Created: s.env.Now().UnixMilli(), Tags: map[string]string{}}
		st.data.Destinations[name] = d
	}
	d.Target, d.Role = valueOf(in.TargetArn), valueOf(in.RoleArn)
	if err := addTags(&d.Tags, in.Tags); err != nil {
		return nil, err
	}
	return &PutDestinationResponse{Destination: ptr(d.describe())}, nil
}

// PutDestinationPolicy sets a destination's access policy.
func (s *Service) PutDestinationPolicy(ctx context.Context, in *PutDestinationPolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.data.Destinations[valueOf(in.DestinationName)]
	if d == nil {
		return nil, notFound("The specified destination does not exist.")
	}
	d.Policy = valueOf(in.AccessPolicy)
	return &awsEmpty{}, nil
}

// DescribeDestinations lists destinations by name prefix.
func (s *Service) DescribeDestinations(ctx context.Context, in *DescribeDestinationsRequest) (*DescribeDestinationsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	var names []string
	for n := range st.data.Destinations {
		if strings.HasPrefix(n, valueOf(in.DestinationNamePrefix)) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	page, next, err := paginate(names, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeDestinationsResponse{Destinations: []Destination{}, NextToken: next}
	for _, n := range page {
		out.Destinations = append(out.Destinations, st.data.Destinations[n].describe())
	}
	return out, nil
}

// DeleteDestination deletes a destination.
func (s *Service) DeleteDestination(ctx context.Context, in *DeleteDestinationRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	if st.data.Destinations[valueOf(in.DestinationName)] == nil {
		return nil, notFound("The specified destination does not exist.")
	}
	delete(st.data.Destinations, valueOf(in.DestinationName))
	return &awsEmpty{}, nil
}

type resourcePolicy struct {
	Name     string `json:"name"`
	Document string `json:"document"`
	Updated  int64  `json:"updated"`
	Revision string `json:"revision"`
}

// maxResourcePolicies is AWS's quota of account resource policies per region.
const maxResourcePolicies = 10

// PutResourcePolicy creates or replaces an account resource policy (at most
// 10: LimitExceededException).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyRequest) (*PutResourcePolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	name := valueOf(in.PolicyName)
	if st.data.Policies[name] == nil && len(st.data.Policies) >= maxResourcePolicies {
		return nil, limitExceeded("Resource limit exceeded.")
	}
	p := &resourcePolicy{Name: name, Document: valueOf(in.PolicyDocument), Updated: s.env.Now().UnixMilli(), Revision: s.env.NewID()}
	st.data.Policies[name] = p
	return &PutResourcePolicyResponse{ResourcePolicy: ptr(p.describe()), RevisionId: ptr(p.Revision)}, nil
}

func (p *resourcePolicy) describe() ResourcePolicy {
	return ResourcePolicy{PolicyName: ptr(p.Name), PolicyDocument: ptr(p.Document), LastUpdatedTime: ptr(p.Updated),
		PolicyScope: ptr("ACCOUNT"), RevisionId: ptr(p.Revision)}
}

// DescribeResourcePolicies lists the account's resource policies.
func (s *Service) DescribeResourcePolicies(ctx context.Context, in *DescribeResourcePoliciesRequest) (*DescribeResourcePoliciesResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	out := &DescribeResourcePoliciesResponse{ResourcePolicies: []ResourcePolicy{}}
	for _, n := range sortedKeys(st.data.Policies) {
		out.ResourcePolicies = append(out.ResourcePolicies, st.data.Policies[n].describe())
	}
	return out, nil
}

// DeleteResourcePolicy deletes an account resource policy.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	if st.data.Policies[valueOf(in.PolicyName)] == nil {
		return nil, notFound("Policy with name [%s] does not exist", valueOf(in.PolicyName))
	}
	delete(st.data.Policies, valueOf(in.PolicyName))
	return &awsEmpty{}, nil
}

type queryDef struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Query    string   `json:"query"`
	Groups   []string `json:"groups,omitempty"`
	Modified int64    `json:"modified"`
	Language string   `json:"language"`
}

// PutQueryDefinition saves (or, with queryDefinitionId, updates) a query.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutQueryDefinition.html
func (s *Service) PutQueryDefinition(ctx context.Context, in *PutQueryDefinitionRequest) (*PutQueryDefinitionResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	id := valueOf(in.QueryDefinitionId)
	if id == "" {
		id = s.env.NewID()
	} else if st.data.Defs[id] == nil {
		return nil, notFound("Query definition %s does not exist.", id)
	}
	lang := valueOf(in.QueryLanguage)
	if lang == "" {
		lang = "CWLI"
	}
	st.data.Defs[id] = &queryDef{ID: id, Name: valueOf(in.Name), Query: valueOf(in.QueryString), Groups: in.LogGroupNames,
		Modified: s.env.Now().UnixMilli(), Language: lang}
	return &PutQueryDefinitionResponse{QueryDefinitionId: ptr(id)}, nil
}

// DescribeQueryDefinitions lists saved queries by name prefix.
func (s *Service) DescribeQueryDefinitions(ctx context.Context, in *DescribeQueryDefinitionsRequest) (*DescribeQueryDefinitionsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	var ids []string
	for id, d := range st.data.Defs {
		if strings.HasPrefix(d.Name, valueOf(in.QueryDefinitionNamePrefix)) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return st.data.Defs[ids[i]].Name+ids[i] < st.data.Defs[ids[j]].Name+ids[j] })
	page, next, err := paginate(ids, in.NextToken, int(valueOf(in.MaxResults)), 1000)
	if err != nil {
		return nil, err
	}
	out := &DescribeQueryDefinitionsResponse{QueryDefinitions: []QueryDefinition{}, NextToken: next}
	for _, id := range page {
		d := st.data.Defs[id]
		out.QueryDefinitions = append(out.QueryDefinitions, QueryDefinition{QueryDefinitionId: ptr(d.ID), Name: ptr(d.Name),
			QueryString: ptr(d.Query), LastModified: ptr(d.Modified), LogGroupNames: d.Groups, QueryLanguage: ptr(d.Language)})
	}
	return out, nil
}

// DeleteQueryDefinition deletes a saved query.
func (s *Service) DeleteQueryDefinition(ctx context.Context, in *DeleteQueryDefinitionRequest) (*DeleteQueryDefinitionResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	if st.data.Defs[valueOf(in.QueryDefinitionId)] == nil {
		return nil, notFound("Query definition %s does not exist.", valueOf(in.QueryDefinitionId))
	}
	delete(st.data.Defs, valueOf(in.QueryDefinitionId))
	return &DeleteQueryDefinitionResponse{Success: ptr(true)}, nil
}
