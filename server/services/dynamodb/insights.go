package dynamodb

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
)

// insight is the Contributor Insights setting of a table or one of its
// global secondary indexes: recorded only (no CloudWatch rules exist).
type insight struct {
	Status  string    `json:"status"` // ENABLED or DISABLED
	Mode    string    `json:"mode"`   // ACCESSED_AND_THROTTLED_KEYS or THROTTLED_KEYS
	Updated time.Time `json:"updated"`
}

// insightTarget checks the table and index and returns the table.
func (s *Service) insightTarget(ctx context.Context, table, index *string) (*table, error) {
	name := deref(table) // a name or, as the model's TableArn shape allows, an ARN
	if i := strings.LastIndex(name, ":table/"); i >= 0 && strings.HasPrefix(name, "arn:") {
		name = name[i+len(":table/"):]
	}
	t, err := s.table(ctx, &name)
	if err != nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(table) + " not found")}
	}
	if index != nil {
		t.mu.RLock()
		found := false
		for _, g := range t.gsis {
			found = found || deref(g.IndexName) == *index
		}
		t.mu.RUnlock()
		if !found {
			return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Index: " + *index + " not found")}
		}
	}
	return t, nil
}

// DescribeContributorInsights reports the recorded setting; DISABLED when
// never enabled (API Reference, "DescribeContributorInsights"). Enabled
// settings list the CloudWatch rule names AWS creates
// (DynamoDBContributorInsights-{PKC,PKT,SKC,SKT}-<table>[-<index>]-<millis>).
// Errors: ResourceNotFoundException.
func (s *Service) DescribeContributorInsights(ctx context.Context, in *DescribeContributorInsightsInput) (*DescribeContributorInsightsOutput, error) {
	t, err := s.insightTarget(ctx, in.TableName, in.IndexName)
	if err != nil {
		return nil, err
	}
	t.mu.RLock()
	ins, ok := t.insights[deref(in.IndexName)]
	hasSort := t.rng != ""
	t.mu.RUnlock()
	out := &DescribeContributorInsightsOutput{TableName: ptr(t.name), IndexName: in.IndexName, ContributorInsightsStatus: ptr("DISABLED")}
	if !ok {
		return out, nil
	}
	out.ContributorInsightsStatus, out.LastUpdateDateTime = ptr(ins.Status), ptr(ins.Updated)
	if ins.Status == "ENABLED" {
		out.ContributorInsightsMode = ptr(ins.Mode)
		suffix := t.name
		if in.IndexName != nil {
			suffix += "-" + *in.IndexName
		}
		suffix += "-" + strconv.FormatInt(ins.Updated.UnixMilli(), 10)
		kinds := []string{"PKC", "PKT"}
		if hasSort && in.IndexName == nil {
			kinds = append(kinds, "SKC", "SKT")
		}
		for _, k := range kinds {
			out.ContributorInsightsRuleList = append(out.ContributorInsightsRuleList, "DynamoDBContributorInsights-"+k+"-"+suffix)
		}
	}
	return out, nil
}

// UpdateContributorInsights records ContributorInsightsAction ENABLE or
// DISABLE (applied at once: the status is ENABLED or DISABLED rather than
// AWS's transitional ENABLING/DISABLING). ContributorInsightsMode defaults
// to ACCESSED_AND_THROTTLED_KEYS. Errors: ResourceNotFoundException.
func (s *Service) UpdateContributorInsights(ctx context.Context, in *UpdateContributorInsightsInput) (*UpdateContributorInsightsOutput, error) {
	t, err := s.insightTarget(ctx, in.TableName, in.IndexName)
	if err != nil {
		return nil, err
	}
	ins := insight{Status: "DISABLED", Mode: "ACCESSED_AND_THROTTLED_KEYS", Updated: s.env.Now()}
	if deref(in.ContributorInsightsAction) == "ENABLE" {
		ins.Status = "ENABLED"
	}
	if in.ContributorInsightsMode != nil {
		ins.Mode = *in.ContributorInsightsMode
	}
	t.mu.Lock()
	if t.insights == nil {
		t.insights = map[string]insight{}
	}
	t.insights[deref(in.IndexName)] = ins
	t.mu.Unlock()
	out := &UpdateContributorInsightsOutput{TableName: ptr(t.name), IndexName: in.IndexName, ContributorInsightsStatus: ptr(ins.Status)}
	if ins.Status == "ENABLED" {
		out.ContributorInsightsMode = ptr(ins.Mode)
	}
	return out, nil
}

// ListContributorInsights lists every recorded setting (of TableName only,
// when given), tables by name and the table before its indexes, MaxResults
// (at most 100, default 100) at a time; NextToken is the count already
// returned. Errors: ResourceNotFoundException for an unknown TableName,
// ValidationException for a bad MaxResults or NextToken.
func (s *Service) ListContributorInsights(ctx context.Context, in *ListContributorInsightsInput) (*ListContributorInsightsOutput, error) {
	limit := 100
	if in.MaxResults != nil {
		if *in.MaxResults < 0 || *in.MaxResults > 100 {
			return nil, validation("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100", *in.MaxResults)
		}
		if *in.MaxResults > 0 {
			limit = int(*in.MaxResults)
		}
	}
	start := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil || n < 0 {
			return nil, validation("Invalid NextToken")
		}
		start = n
	}
	var tables []*table
	if in.TableName != nil {
		t, err := s.insightTarget(ctx, in.TableName, nil)
		if err != nil {
			return nil, err
		}
		tables = []*table{t}
	} else {
		st := s.store(ctx)
		st.mu.RLock()
		for _, t := range st.tables {
			tables = append(tables, t)
		}
		st.mu.RUnlock()
		sort.Slice(tables, func(i, j int) bool { return tables[i].name < tables[j].name })
	}
	var all []ContributorInsightsSummary
	for _, t := range tables {
		t.mu.RLock()
		keys := make([]string, 0, len(t.insights))
		for k := range t.insights {
			keys = append(keys, k)
		}
		sort.Strings(keys) // "" (the table) first
		for _, k := range keys {
			ins := t.insights[k]
			sum := ContributorInsightsSummary{TableName: ptr(t.name), ContributorInsightsStatus: ptr(ins.Status)}
			if k != "" {
				sum.IndexName = ptr(k)
			}
			if ins.Status == "ENABLED" {
				sum.ContributorInsightsMode = ptr(ins.Mode)
			}
			all = append(all, sum)
		}
		t.mu.RUnlock()
	}
	out := &ListContributorInsightsOutput{ContributorInsightsSummaries: []ContributorInsightsSummary{}}
	if start < len(all) {
		end := min(start+limit, len(all))
		out.ContributorInsightsSummaries = append(out.ContributorInsightsSummaries, all[start:end]...)
		if end < len(all) {
			out.NextToken = ptr(strconv.Itoa(end))
		}
	}
	return out, nil
}
