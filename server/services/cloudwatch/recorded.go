package cloudwatch

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Recorded resources: insight rules, metric streams and anomaly detectors are
// stored and described as AWS does, but nothing is computed or streamed.

type insightRule struct {
	Name       string `json:"name"`
	ARN        string `json:"arn"`
	State      string `json:"state"` // ENABLED or DISABLED
	Definition string `json:"definition"`
}

type metricStream struct {
	Input   PutMetricStreamInput `json:"input"`
	ARN     string               `json:"arn"`
	State   string               `json:"state"` // running or stopped
	Created time.Time            `json:"created"`
	Updated time.Time            `json:"updated"`
}

// insightSchema is the Contributor Insights rule schema AWS reports.
const insightSchema = `{"Name": "CloudWatchLogRule", "Version": 1}`

// PutInsightRule creates or replaces a Contributor Insights rule (recorded).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutInsightRule.html
func (s *Service) PutInsightRule(ctx context.Context, in *PutInsightRuleInput) (*PutInsightRuleOutput, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	state := valueOf(in.RuleState)
	if state == "" {
		state = "ENABLED"
	}
	name := valueOf(in.RuleName)
	rule := &insightRule{Name: name, ARN: fmt.Sprintf("arn:aws:cloudwatch:%s:%s:insight-rule/%s", r.Region, r.Account, name),
		State: state, Definition: valueOf(in.RuleDefinition)}
	st.data.InsightRules[name] = rule
	st.tag(rule.ARN, in.Tags)
	return &PutInsightRuleOutput{}, nil
}

// DescribeInsightRules lists the rules by name.
func (s *Service) DescribeInsightRules(ctx context.Context, in *DescribeInsightRulesInput) (*DescribeInsightRulesOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	names := sortedNames(st.data.InsightRules)
	off, err := pageOffset(in.NextToken, len(names))
	if err != nil {
		return nil, err
	}
	limit := int(valueOf(in.MaxResults))
	if limit <= 0 {
		limit = 500
	}
	out := &DescribeInsightRulesOutput{InsightRules: []InsightRule{}}
	end := min(off+limit, len(names))
	for _, n := range names[off:end] {
		r := st.data.InsightRules[n]
		out.InsightRules = append(out.InsightRules, InsightRule{Name: ptr(r.Name), State: ptr(r.State), Schema: ptr(insightSchema),
			Definition: ptr(r.Definition), ManagedRule: ptr(false)})
	}
	if end < len(names) {
		out.NextToken = ptr(strconv.Itoa(end))
	}
	return out, nil
}

// ruleNames applies f to each named rule; unknown names are reported as
// partial failures (ResourceNotFoundException), as AWS does.
func (st *store) ruleNames(names []string, f func(*insightRule)) []PartialFailure {
	failures := []PartialFailure{}
	for _, n := range names {
		r := st.data.InsightRules[n]
		if r == nil {
			failures = append(failures, PartialFailure{FailureResource: ptr(n), ExceptionType: ptr("ResourceNotFoundException"),
				FailureCode: ptr("ResourceNotFound"), FailureDescription: ptr("The rule " + n + " does not exist.")})
			continue
		}
		f(r)
	}
	return failures
}

// DeleteInsightRules deletes rules; unknown ones are partial failures.
func (s *Service) DeleteInsightRules(ctx context.Context, in *DeleteInsightRulesInput) (*DeleteInsightRulesOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	return &DeleteInsightRulesOutput{Failures: st.ruleNames(in.RuleNames, func(r *insightRule) {
		delete(st.data.Tags, r.ARN)
		delete(st.data.InsightRules, r.Name)
	})}, nil
}

// EnableInsightRules enables rules.
func (s *Service) EnableInsightRules(ctx context.Context, in *EnableInsightRulesInput) (*EnableInsightRulesOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	return &EnableInsightRulesOutput{Failures: st.ruleNames(in.RuleNames, func(r *insightRule) { r.State = "ENABLED" })}, nil
}

// DisableInsightRules disables rules.
func (s *Service) DisableInsightRules(ctx context.Context, in *DisableInsightRulesInput) (*DisableInsightRulesOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	return &DisableInsightRulesOutput{Failures: st.ruleNames(in.RuleNames, func(r *insightRule) { r.State = "DISABLED" })}, nil
}

// PutMetricStream creates or updates a metric stream (recorded, running).
// IncludeFilters and ExcludeFilters are exclusive (InvalidParameterCombination).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricStream.html
func (s *Service) PutMetricStream(ctx context.Context, in *PutMetricStreamInput) (*PutMetricStreamOutput, error) {
	if len(in.IncludeFilters) > 0 && len(in.ExcludeFilters) > 0 {
		return nil, invalidCombination("You cannot specify both IncludeFilters and ExcludeFilters.")
	}
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	name, now := valueOf(in.Name), s.now()
	ms := st.data.MetricStreams[name]
	if ms == nil {
		ms = &metricStream{ARN: fmt.Sprintf("arn:aws:cloudwatch:%s:%s:metric-stream/%s", r.Region, r.Account, name), State: "running", Created: now}
		st.data.MetricStreams[name] = ms
	}
	cfg := *in
	cfg.Tags = nil
	ms.Input, ms.Updated = cfg, now
	st.tag(ms.ARN, in.Tags)
	return &PutMetricStreamOutput{Arn: ptr(ms.ARN)}, nil
}

// GetMetricStream describes a metric stream (ResourceNotFoundException).
func (s *Service) GetMetricStream(ctx context.Context, in *GetMetricStreamInput) (*GetMetricStreamOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	ms := st.data.MetricStreams[valueOf(in.Name)]
	if ms == nil {
		return nil, &ResourceNotFoundException{ResourceType: ptr("MetricStream"), ResourceId: in.Name}
	}
	c := ms.Input
	return &GetMetricStreamOutput{Arn: ptr(ms.ARN), Name: c.Name, IncludeFilters: nonNil(c.IncludeFilters), ExcludeFilters: nonNil(c.ExcludeFilters),
		FirehoseArn: c.FirehoseArn, RoleArn: c.RoleArn, State: ptr(ms.State), CreationDate: ptr(ms.Created), LastUpdateDate: ptr(ms.Updated),
		OutputFormat: c.OutputFormat, StatisticsConfigurations: nonNil(c.StatisticsConfigurations), IncludeLinkedAccountsMetrics: c.IncludeLinkedAccountsMetrics}, nil
}

// ListMetricStreams lists metric streams by name.
func (s *Service) ListMetricStreams(ctx context.Context, in *ListMetricStreamsInput) (*ListMetricStreamsOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	names := sortedNames(st.data.MetricStreams)
	off, err := pageOffset(in.NextToken, len(names))
	if err != nil {
		return nil, err
	}
	limit := int(valueOf(in.MaxResults))
	if limit <= 0 {
		limit = 500
	}
	end := min(off+limit, len(names))
	out := &ListMetricStreamsOutput{Entries: []MetricStreamEntry{}}
	for _, n := range names[off:end] {
		ms := st.data.MetricStreams[n]
		out.Entries = append(out.Entries, MetricStreamEntry{Arn: ptr(ms.ARN), CreationDate: ptr(ms.Created), LastUpdateDate: ptr(ms.Updated),
			Name: ptr(n), FirehoseArn: ms.Input.FirehoseArn, State: ptr(ms.State), OutputFormat: ms.Input.OutputFormat})
	}
	if end < len(names) {
		out.NextToken = ptr(strconv.Itoa(end))
	}
	return out, nil
}

// DeleteMetricStream deletes a metric stream (absent: no error, as AWS).
func (s *Service) DeleteMetricStream(ctx context.Context, in *DeleteMetricStreamInput) (*DeleteMetricStreamOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	if ms := st.data.MetricStreams[valueOf(in.Name)]; ms != nil {
		delete(st.data.Tags, ms.ARN)
		delete(st.data.MetricStreams, valueOf(in.Name))
	}
	return &DeleteMetricStreamOutput{}, nil
}

// StartMetricStreams marks streams running.
func (s *Service) StartMetricStreams(ctx context.Context, in *StartMetricStreamsInput) (*StartMetricStreamsOutput, error) {
	return &StartMetricStreamsOutput{}, s.streamState(ctx, in.Names, "running")
}

// StopMetricStreams marks streams stopped.
func (s *Service) StopMetricStreams(ctx context.Context, in *StopMetricStreamsInput) (*StopMetricStreamsOutput, error) {
	return &StopMetricStreamsOutput{}, s.streamState(ctx, in.Names, "stopped")
}

func (s *Service) streamState(ctx context.Context, names []string, state string) error {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	for _, n := range names {
		if ms := st.data.MetricStreams[n]; ms != nil {
			ms.State, ms.Updated = state, s.now()
		}
	}
	return nil
}

// anomalyKey identifies a single-metric anomaly detector.
func anomalyKey(ns, name string, dims []Dimension, stat string) string {
	return seriesKey(ns, name, dims) + "\x00" + stat
}

// single normalizes the legacy top-level fields into SingleMetricAnomalyDetector.
func single(ns, name *string, dims []Dimension, stat *string, smad *SingleMetricAnomalyDetector) *SingleMetricAnomalyDetector {
	if smad != nil {
		return smad
	}
	if ns == nil && name == nil {
		return nil
	}
	return &SingleMetricAnomalyDetector{Namespace: ns, MetricName: name, Dimensions: dims, Stat: stat}
}

// PutAnomalyDetector records an anomaly detection model (state TRAINED_INSUFFICIENT_DATA).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutAnomalyDetector.html
func (s *Service) PutAnomalyDetector(ctx context.Context, in *PutAnomalyDetectorInput) (*PutAnomalyDetectorOutput, error) {
	sm := single(in.Namespace, in.MetricName, in.Dimensions, in.Stat, in.SingleMetricAnomalyDetector)
	if sm == nil && in.MetricMathAnomalyDetector == nil {
		return nil, missingParameter("SingleMetricAnomalyDetector or MetricMathAnomalyDetector must be specified.")
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := AnomalyDetector{Configuration: in.Configuration, MetricCharacteristics: in.MetricCharacteristics, StateValue: ptr("PENDING_TRAINING"),
		SingleMetricAnomalyDetector: sm, MetricMathAnomalyDetector: in.MetricMathAnomalyDetector}
	key := "math:" + s.env.NewID()
	if sm != nil {
		key = anomalyKey(valueOf(sm.Namespace), valueOf(sm.MetricName), sm.Dimensions, valueOf(sm.Stat))
		d.Namespace, d.MetricName, d.Dimensions, d.Stat = sm.Namespace, sm.MetricName, sm.Dimensions, sm.Stat
	}
	st.data.Anomaly[key] = &d
	return &PutAnomalyDetectorOutput{}, nil
}

// DescribeAnomalyDetectors lists detectors, narrowed by metric.
func (s *Service) DescribeAnomalyDetectors(ctx context.Context, in *DescribeAnomalyDetectorsInput) (*DescribeAnomalyDetectorsOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	out := &DescribeAnomalyDetectorsOutput{AnomalyDetectors: []AnomalyDetector{}}
	for _, k := range sortedNames(st.data.Anomaly) {
		d := st.data.Anomaly[k]
		if in.Namespace != nil && valueOf(d.Namespace) != *in.Namespace || in.MetricName != nil && valueOf(d.MetricName) != *in.MetricName ||
			len(in.Dimensions) > 0 && !sameDims(d.Dimensions, in.Dimensions) {
			continue
		}
		out.AnomalyDetectors = append(out.AnomalyDetectors, *d)
	}
	return out, nil
}

// DeleteAnomalyDetector deletes a detector (ResourceNotFoundException).
func (s *Service) DeleteAnomalyDetector(ctx context.Context, in *DeleteAnomalyDetectorInput) (*DeleteAnomalyDetectorOutput, error) {
	sm := single(in.Namespace, in.MetricName, in.Dimensions, in.Stat, in.SingleMetricAnomalyDetector)
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	if sm == nil {
		return nil, missingParameter("SingleMetricAnomalyDetector must be specified.")
	}
	key := anomalyKey(valueOf(sm.Namespace), valueOf(sm.MetricName), sm.Dimensions, valueOf(sm.Stat))
	if st.data.Anomaly[key] == nil {
		return nil, &ResourceNotFoundException{ResourceType: ptr("AnomalyDetector"), ResourceId: sm.MetricName}
	}
	delete(st.data.Anomaly, key)
	return &DeleteAnomalyDetectorOutput{}, nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
