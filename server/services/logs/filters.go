package logs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

type metricFilter struct {
	Name       string                 `json:"name"`
	Pattern    string                 `json:"pattern"`
	Transforms []MetricTransformation `json:"transformations"`
	Created    int64                  `json:"created"`
}

type subscriptionFilter struct {
	Name         string `json:"name"`
	Pattern      string `json:"pattern"`
	Destination  string `json:"destination"`
	Role         string `json:"role,omitempty"`
	Distribution string `json:"distribution"`
	Created      int64  `json:"created"`
}

// Quotas (CloudWatch Logs quotas): 100 metric filters and 2 subscription
// filters per log group.
const (
	maxMetricFilters       = 100
	maxSubscriptionFilters = 2
)

// PutMetricFilter creates or replaces a metric filter: every event that
// PutLogEvents accepts and the pattern matches emits metricValue (a number,
// "$.selector" of a JSON pattern or "$field" of a space-delimited one) into
// CloudWatch; a non-matching event emits defaultValue when set.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html
func (s *Service) PutMetricFilter(ctx context.Context, in *PutMetricFilterRequest) (*awsEmpty, error) {
	if _, err := compilePattern(valueOf(in.FilterPattern)); err != nil {
		return nil, err
	}
	for _, t := range in.MetricTransformations {
		if t.DefaultValue != nil && len(t.Dimensions) > 0 {
			return nil, invalidParameter("You cannot specify both a default value and dimensions for a metric filter.")
		}
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	name := valueOf(in.FilterName)
	if g.MetricFilters[name] == nil && len(g.MetricFilters) >= maxMetricFilters {
		return nil, limitExceeded("Resource limit exceeded.")
	}
	g.MetricFilters[name] = &metricFilter{Name: name, Pattern: valueOf(in.FilterPattern), Transforms: in.MetricTransformations,
		Created: s.env.Now().UnixMilli()}
	return &awsEmpty{}, nil
}

// DeleteMetricFilter removes a metric filter.
func (s *Service) DeleteMetricFilter(ctx context.Context, in *DeleteMetricFilterRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if g.MetricFilters[valueOf(in.FilterName)] == nil {
		return nil, notFound("The specified metric filter does not exist.")
	}
	delete(g.MetricFilters, valueOf(in.FilterName))
	return &awsEmpty{}, nil
}

// DescribeMetricFilters lists metric filters of one group or all, by name
// prefix (needs logGroupName) or by metric name and namespace.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html
func (s *Service) DescribeMetricFilters(ctx context.Context, in *DescribeMetricFiltersRequest) (*DescribeMetricFiltersResponse, error) {
	if in.FilterNamePrefix != nil && in.LogGroupName == nil {
		return nil, invalidParameter("If you specify filterNamePrefix, you must also specify logGroupName.")
	}
	if (in.MetricName == nil) != (in.MetricNamespace == nil) {
		return nil, invalidParameter("metricName and metricNamespace must be specified together.")
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	var all []MetricFilter
	for _, gn := range st.groupNames(func(g *group) bool { return in.LogGroupName == nil || g.Name == *in.LogGroupName }) {
		g := st.data.Groups[gn]
		for _, f := range g.MetricFilters {
			if !strings.HasPrefix(f.Name, valueOf(in.FilterNamePrefix)) {
				continue
			}
			if in.MetricName != nil && !hasMetric(f.Transforms, *in.MetricName, *in.MetricNamespace) {
				continue
			}
			all = append(all, MetricFilter{FilterName: ptr(f.Name), FilterPattern: ptr(f.Pattern), MetricTransformations: f.Transforms,
				CreationTime: ptr(f.Created), LogGroupName: ptr(g.Name)})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return *all[i].LogGroupName+"\x00"+*all[i].FilterName < *all[j].LogGroupName+"\x00"+*all[j].FilterName
	})
	keys := make([]string, len(all))
	for i := range all {
		keys[i] = strconv.Itoa(i)
	}
	page, next, err := paginate(keys, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeMetricFiltersResponse{MetricFilters: []MetricFilter{}, NextToken: next}
	for _, k := range page {
		i, _ := strconv.Atoi(k)
		out.MetricFilters = append(out.MetricFilters, all[i])
	}
	return out, nil
}

func hasMetric(ts []MetricTransformation, name, ns string) bool {
	for _, t := range ts {
		if valueOf(t.MetricName) == name && valueOf(t.MetricNamespace) == ns {
			return true
		}
	}
	return false
}

// TestMetricFilter runs a pattern over sample messages and returns the
// matches with their extracted values.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html
func (s *Service) TestMetricFilter(ctx context.Context, in *TestMetricFilterRequest) (*TestMetricFilterResponse, error) {
	pat, err := compilePattern(valueOf(in.FilterPattern))
	if err != nil {
		return nil, err
	}
	out := &TestMetricFilterResponse{Matches: []MetricFilterMatchRecord{}}
	for i, m := range in.LogEventMessages {
		if ok, vals := pat.match(m); ok {
			if vals == nil {
				vals = map[string]string{}
			}
			out.Matches = append(out.Matches, MetricFilterMatchRecord{EventNumber: ptr(int64(i + 1)), EventMessage: ptr(m), ExtractedValues: vals})
		}
	}
	return out, nil
}

// PutSubscriptionFilter creates or replaces a subscription filter (at most
// two per group). A Kinesis destination gets AWS's CONTROL_MESSAGE test
// record at once; if it cannot be delivered the call fails with
// InvalidParameterException. Lambda and Firehose destinations are recorded.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html
func (s *Service) PutSubscriptionFilter(ctx context.Context, in *PutSubscriptionFilterRequest) (*awsEmpty, error) {
	if _, err := compilePattern(valueOf(in.FilterPattern)); err != nil {
		return nil, err
	}
	dest := valueOf(in.DestinationArn)
	st, _ := s.locked(ctx)
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		st.mu.Unlock()
		return nil, err
	}
	name := valueOf(in.FilterName)
	if g.Subscriptions[name] == nil && len(g.Subscriptions) >= maxSubscriptionFilters {
		st.mu.Unlock()
		return nil, limitExceeded("Resource limit exceeded.")
	}
	st.mu.Unlock()
	if isKinesis(dest) {
		payload, _ := json.Marshal(subscriptionPayload{MessageType: "CONTROL_MESSAGE", Owner: "CloudwatchLogs", LogGroup: "",
			LogStream: "", SubscriptionFilters: []string{}, LogEvents: []payloadEvent{{ID: "", Timestamp: s.env.Now().UnixMilli(),
				Message: "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}}})
		if s.streams == nil || s.streams.PutToStream(ctx, dest, "control", gzipped(payload)) != nil {
			return nil, invalidParameter("Could not deliver test message to specified destination. Check if the destination is valid.")
		}
	}
	st, _ = s.locked(ctx)
	defer st.mu.Unlock()
	g, err = st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	dist := valueOf(in.Distribution)
	if dist == "" {
		dist = "ByLogStream"
	}
	g.Subscriptions[name] = &subscriptionFilter{Name: name, Pattern: valueOf(in.FilterPattern), Destination: dest,
		Role: valueOf(in.RoleArn), Distribution: dist, Created: s.env.Now().UnixMilli()}
	return &awsEmpty{}, nil
}

func isKinesis(arn string) bool { return strings.HasPrefix(arn, "arn:aws:kinesis:") }

// DeleteSubscriptionFilter removes a subscription filter.
func (s *Service) DeleteSubscriptionFilter(ctx context.Context, in *DeleteSubscriptionFilterRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if g.Subscriptions[valueOf(in.FilterName)] == nil {
		return nil, notFound("The specified subscription filter does not exist.")
	}
	delete(g.Subscriptions, valueOf(in.FilterName))
	return &awsEmpty{}, nil
}

// DescribeSubscriptionFilters lists a group's subscription filters by prefix.
func (s *Service) DescribeSubscriptionFilters(ctx context.Context, in *DescribeSubscriptionFiltersRequest) (*DescribeSubscriptionFiltersResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	var names []string
	for n := range g.Subscriptions {
		if strings.HasPrefix(n, valueOf(in.FilterNamePrefix)) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	page, next, err := paginate(names, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeSubscriptionFiltersResponse{SubscriptionFilters: []SubscriptionFilter{}, NextToken: next}
	for _, n := range page {
		f := g.Subscriptions[n]
		out.SubscriptionFilters = append(out.SubscriptionFilters, SubscriptionFilter{FilterName: ptr(f.Name), LogGroupName: ptr(g.Name),
			FilterPattern: ptr(f.Pattern), DestinationArn: ptr(f.Destination), RoleArn: optional(f.Role),
			Distribution: ptr(f.Distribution), CreationTime: ptr(f.Created)})
	}
	return out, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// subscriptionPayload is the record CloudWatch Logs writes to a subscription
// destination, gzip-compressed JSON.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
type subscriptionPayload struct {
	MessageType         string         `json:"messageType"`
	Owner               string         `json:"owner"`
	LogGroup            string         `json:"logGroup"`
	LogStream           string         `json:"logStream"`
	SubscriptionFilters []string       `json:"subscriptionFilters"`
	LogEvents           []payloadEvent `json:"logEvents"`
}

type payloadEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// delivery is work PutLogEvents does after releasing the store lock.
type delivery struct {
	streamARN, partitionKey string
	data                    []byte
	metric                  *metricValue
}

type metricValue struct {
	namespace, name, unit string
	dims                  map[string]string
	value                 float64
	at                    time.Time
}

// filterDeliveries runs the group's filters over accepted events of stream.
func (g *group) filterDeliveries(stream string, evs []event, account string) []delivery {
	if len(evs) == 0 {
		return nil
	}
	var out []delivery
	for _, name := range sortedKeys(g.MetricFilters) {
		f := g.MetricFilters[name]
		pat, err := compilePattern(f.Pattern)
		if err != nil {
			continue
		}
		for _, e := range evs {
			ok, vals := pat.match(e.Message)
			for _, t := range f.Transforms {
				mv := &metricValue{namespace: valueOf(t.MetricNamespace), name: valueOf(t.MetricName), unit: valueOf(t.Unit),
					at: time.UnixMilli(e.Time).UTC()}
				switch {
				case ok:
					v, err := strconv.ParseFloat(resolve(valueOf(t.MetricValue), vals, e.Message), 64)
					if err != nil {
						continue
					}
					mv.value = v
					for k, d := range t.Dimensions {
						if mv.dims == nil {
							mv.dims = map[string]string{}
						}
						mv.dims[k] = resolve(d, vals, e.Message)
					}
				case t.DefaultValue != nil:
					mv.value = *t.DefaultValue
				default:
					continue
				}
				out = append(out, delivery{metric: mv})
			}
		}
	}
	for _, name := range sortedKeys(g.Subscriptions) {
		f := g.Subscriptions[name]
		pat, err := compilePattern(f.Pattern)
		if err != nil || !isKinesis(f.Destination) {
			continue
		}
		var matched []payloadEvent
		for _, e := range evs {
			if ok, _ := pat.match(e.Message); ok {
				matched = append(matched, payloadEvent{ID: eventID(e), Timestamp: e.Time, Message: e.Message})
			}
		}
		if len(matched) == 0 {
			continue
		}
		payload, _ := json.Marshal(subscriptionPayload{MessageType: "DATA_MESSAGE", Owner: account, LogGroup: g.Name,
			LogStream: stream, SubscriptionFilters: []string{f.Name}, LogEvents: matched})
		out = append(out, delivery{streamARN: f.Destination, partitionKey: stream, data: gzipped(payload)})
	}
	return out
}

// resolve substitutes "$field" or "$.sel" with the value the pattern
// extracted, or for a JSON selector the pattern did not name, the value in
// the JSON message.
func resolve(expr string, vals map[string]string, msg string) string {
	if !strings.HasPrefix(expr, "$") {
		return expr
	}
	if v, ok := vals[expr]; ok {
		return v
	}
	var doc any
	if strings.HasPrefix(expr, "$.") && json.Unmarshal([]byte(msg), &doc) == nil {
		if v, ok := lookup(doc, expr); ok {
			return scalarText(v)
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// deliver sends metric values and subscription records; failures are logged,
// as AWS retries them out of band rather than failing PutLogEvents.
func (s *Service) deliver(ctx context.Context, ds []delivery) {
	for _, d := range ds {
		var err error
		switch {
		case d.metric != nil && s.metrics != nil:
			m := d.metric
			err = s.metrics.EmitMetric(ctx, m.namespace, m.name, m.dims, m.value, m.unit, m.at)
		case d.metric == nil && s.streams != nil:
			err = s.streams.PutToStream(ctx, d.streamARN, d.partitionKey, d.data)
		}
		if err != nil && s.env.Logger != nil {
			s.env.Logger.Warn("logs: delivery failed", "request", awsapi.RequestFrom(ctx).ID, "error", err)
		}
	}
}
