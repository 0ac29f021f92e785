// Package cloudwatch is the Amazon CloudWatch (metrics) provider: metric
// data points with dimensions, units, statistic sets, value/count arrays and
// storage resolution; GetMetricStatistics (statistics and percentiles),
// GetMetricData (MetricStat and basic metric math), ListMetrics; metric
// alarms evaluated against the stored data (on PutMetricData and before
// describing, with env.Now as the clock), composite alarms whose rules are
// evaluated, alarm history, dashboards and tags, per account and region.
//
// Alarm actions that are SNS topics publish AWS's alarm notification JSON.
// Differences from AWS: other alarm actions are recorded, not invoked; anomaly
// detectors, insight rules and metric streams are recorded, not run.
package cloudwatch

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env    awsapi.Env
	topics TopicPublisher // nil: alarm actions are recorded only

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

type store struct {
	mu      sync.Mutex
	data    storeData
	pending []notification // alarm notifications to publish after unlock
}

// storeData is the snapshot form of a store too (state.go).
type storeData struct {
	Series     map[string]*series           `json:"series"` // by seriesKey
	Alarms     map[string]*alarm            `json:"alarms"` // metric and composite, by name
	Dashboards map[string]*dashboard        `json:"dashboards"`
	Tags       map[string]map[string]string `json:"tags,omitempty"` // by resource ARN
	History    []historyItem                `json:"history,omitempty"`
	// Recorded resources (recorded.go).
	InsightRules  map[string]*insightRule     `json:"insight_rules,omitempty"`
	MetricStreams map[string]*metricStream    `json:"metric_streams,omitempty"`
	Anomaly       map[string]*AnomalyDetector `json:"anomaly_detectors,omitempty"`
}

var _ Provider = (*Service)(nil)

// New returns a CloudWatch provider with no metrics; alarm actions that
// name SNS topics publish through topics (nil: recorded only).
func New(env awsapi.Env, topics TopicPublisher) *Service {
	return &Service{env: env, topics: topics, stores: map[storeKey]*store{}}
}

func newStoreData() storeData {
	return storeData{Series: map[string]*series{}, Alarms: map[string]*alarm{}, Dashboards: map[string]*dashboard{},
		Tags: map[string]map[string]string{}, InsightRules: map[string]*insightRule{}, MetricStreams: map[string]*metricStream{},
		Anomaly: map[string]*AnomalyDetector{}}
}

func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{data: newStoreData()}
		s.stores[k] = st
	}
	return st
}

// locked returns the request's store, locked; the caller unlocks.
func (s *Service) locked(ctx context.Context) (*store, *awsapi.Request) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	return st, r
}

func ptr[T any](v T) *T { return &v }

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func invalidValue(format string, args ...any) error {
	return &InvalidParameterValueException{Message: ptr(fmt.Sprintf(format, args...))}
}

func invalidCombination(format string, args ...any) error {
	return &InvalidParameterCombinationException{Message: ptr(fmt.Sprintf(format, args...))}
}

func missingParameter(format string, args ...any) error {
	return &MissingRequiredParameterException{Message: ptr(fmt.Sprintf(format, args...))}
}

// sortedDims copies dims sorted by name: a metric's identity does not depend
// on the order its dimensions were given in.
func sortedDims(dims []Dimension) []Dimension {
	out := append([]Dimension{}, dims...)
	sort.Slice(out, func(i, j int) bool { return valueOf(out[i].Name) < valueOf(out[j].Name) })
	return out
}

func seriesKey(namespace, name string, dims []Dimension) string {
	var b strings.Builder
	b.WriteString(namespace + "\x00" + name)
	for _, d := range sortedDims(dims) {
		b.WriteString("\x00" + valueOf(d.Name) + "=" + valueOf(d.Value))
	}
	return b.String()
}

// tagsOf turns a Tag list into a map.
func tagsOf(tags []Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[valueOf(t.Key)] = valueOf(t.Value)
	}
	return m
}

// TagResource tags an alarm or dashboard by ARN (ResourceNotFoundException
// when it does not exist).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_TagResource.html
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*TagResourceOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	arn := valueOf(in.ResourceARN)
	if !st.exists(arn) {
		return nil, resourceNotFound(arn)
	}
	if st.data.Tags[arn] == nil {
		st.data.Tags[arn] = map[string]string{}
	}
	for k, v := range tagsOf(in.Tags) {
		st.data.Tags[arn][k] = v
	}
	return &TagResourceOutput{}, nil
}

// UntagResource removes tags by key.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*UntagResourceOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	arn := valueOf(in.ResourceARN)
	if !st.exists(arn) {
		return nil, resourceNotFound(arn)
	}
	for _, k := range in.TagKeys {
		delete(st.data.Tags[arn], k)
	}
	return &UntagResourceOutput{}, nil
}

// ListTagsForResource lists an alarm's or dashboard's tags.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	arn := valueOf(in.ResourceARN)
	if !st.exists(arn) {
		return nil, resourceNotFound(arn)
	}
	keys := make([]string, 0, len(st.data.Tags[arn]))
	for k := range st.data.Tags[arn] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := &ListTagsForResourceOutput{Tags: []Tag{}}
	for _, k := range keys {
		out.Tags = append(out.Tags, Tag{Key: ptr(k), Value: ptr(st.data.Tags[arn][k])})
	}
	return out, nil
}

func resourceNotFound(arn string) error {
	return &ResourceNotFoundException{ResourceType: ptr("Resource"), ResourceId: ptr(arn)}
}

func (st *store) exists(arn string) bool {
	for _, a := range st.data.Alarms {
		if a.ARN == arn {
			return true
		}
	}
	for _, d := range st.data.Dashboards {
		if d.ARN == arn {
			return true
		}
	}
	for _, r := range st.data.InsightRules {
		if r.ARN == arn {
			return true
		}
	}
	for _, m := range st.data.MetricStreams {
		if m.ARN == arn {
			return true
		}
	}
	return false
}

func (st *store) tag(arn string, tags []Tag) {
	if len(tags) == 0 {
		return
	}
	if st.data.Tags[arn] == nil {
		st.data.Tags[arn] = map[string]string{}
	}
	for k, v := range tagsOf(tags) {
		st.data.Tags[arn][k] = v
	}
}

// now is the provider clock in UTC.
func (s *Service) now() time.Time { return s.env.Now().UTC() }

// awsEmpty is the output of operations the model gives none.
type awsEmpty = awsapi.Empty

// validationError is CloudWatch's unmodelled 400 ValidationError.
func validationError(format string, args ...any) error {
	return awsapi.NewError(400, "ValidationError", format, args...)
}
