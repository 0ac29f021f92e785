package logs

import (
	"context"
)

// ListLogGroupsForQuery lists the log groups an Insights query searched.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListLogGroupsForQuery.html
func (s *Service) ListLogGroupsForQuery(ctx context.Context, in *ListLogGroupsForQueryRequest) (*ListLogGroupsForQueryResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	q := st.data.Queries[valueOf(in.QueryId)]
	if q == nil {
		return nil, notFound("Query does not exist.")
	}
	var arns []string
	for _, g := range q.Groups {
		arns = append(arns, groupARN(r.Region, r.Account, g))
	}
	page, next, err := paginate(arns, in.NextToken, int(valueOf(in.MaxResults)), 500)
	if err != nil {
		return nil, err
	}
	return &ListLogGroupsForQueryResponse{LogGroupIdentifiers: append([]string{}, page...), NextToken: next}, nil
}

// PutIndexPolicy records a group's field index policy (no index is built:
// queries scan every event anyway).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutIndexPolicy.html
func (s *Service) PutIndexPolicy(ctx context.Context, in *PutIndexPolicyRequest) (*PutIndexPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	g.IndexPolicy, g.IndexPolicyAt = valueOf(in.PolicyDocument), s.env.Now().UnixMilli()
	return &PutIndexPolicyResponse{IndexPolicy: g.indexPolicy()}, nil
}

func (g *group) indexPolicy() *IndexPolicy {
	return &IndexPolicy{LogGroupIdentifier: ptr(g.ARN), LastUpdateTime: ptr(g.IndexPolicyAt), PolicyDocument: ptr(g.IndexPolicy),
		PolicyName: ptr("LogGroupIndexPolicy"), Source: ptr("LOG_GROUP")}
}

// DescribeIndexPolicies lists the index policies of the named groups.
func (s *Service) DescribeIndexPolicies(ctx context.Context, in *DescribeIndexPoliciesRequest) (*DescribeIndexPoliciesResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	out := &DescribeIndexPoliciesResponse{IndexPolicies: []IndexPolicy{}}
	for _, id := range in.LogGroupIdentifiers {
		g, err := st.groupByIdentifier(nil, &id)
		if err != nil {
			return nil, err
		}
		if g.IndexPolicy != "" {
			out.IndexPolicies = append(out.IndexPolicies, *g.indexPolicy())
		}
	}
	return out, nil
}

// DeleteIndexPolicy removes a group's index policy (ResourceNotFoundException
// when it has none).
func (s *Service) DeleteIndexPolicy(ctx context.Context, in *DeleteIndexPolicyRequest) (*DeleteIndexPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if g.IndexPolicy == "" {
		return nil, notFound("The specified index policy does not exist.")
	}
	g.IndexPolicy, g.IndexPolicyAt = "", 0
	return &DeleteIndexPolicyResponse{}, nil
}

// PutTransformer records a group's transformer configuration (events are
// stored as sent: the processors do not run).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutTransformer.html
func (s *Service) PutTransformer(ctx context.Context, in *PutTransformerRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	now := s.env.Now().UnixMilli()
	if g.Transformer == nil {
		g.TransformerCreated = now
	}
	g.Transformer, g.TransformerModified = in.TransformerConfig, now
	return &awsEmpty{}, nil
}

// GetTransformer returns a group's transformer configuration.
func (s *Service) GetTransformer(ctx context.Context, in *GetTransformerRequest) (*GetTransformerResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if g.Transformer == nil {
		return nil, notFound("The specified transformer does not exist.")
	}
	return &GetTransformerResponse{LogGroupIdentifier: in.LogGroupIdentifier, CreationTime: ptr(g.TransformerCreated),
		LastModifiedTime: ptr(g.TransformerModified), TransformerConfig: g.Transformer}, nil
}

// DeleteTransformer removes a group's transformer.
func (s *Service) DeleteTransformer(ctx context.Context, in *DeleteTransformerRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if g.Transformer == nil {
		return nil, notFound("The specified transformer does not exist.")
	}
	g.Transformer, g.TransformerCreated, g.TransformerModified = nil, 0, 0
	return &awsEmpty{}, nil
}
