package cloudwatch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// alarm is a metric alarm (Metric set) or a composite alarm (Composite
// set); its fields are its snapshot form.
type alarm struct {
	Name       string                  `json:"name"`
	ARN        string                  `json:"arn"`
	Metric     *PutMetricAlarmInput    `json:"metric,omitempty"`
	Composite  *PutCompositeAlarmInput `json:"composite,omitempty"`
	Updated    time.Time               `json:"updated"`
	State      string                  `json:"state"`
	Reason     string                  `json:"reason"`
	ReasonData string                  `json:"reason_data,omitempty"`
	StateAt    time.Time               `json:"state_at"`
	ActionsOn  bool                    `json:"actions_enabled"`
}

// touches reports whether a metric alarm watches one of the series keys.
func (a *alarm) touches(keys map[string]bool) bool {
	m := a.Metric
	if m.MetricName != nil {
		return keys[seriesKey(valueOf(m.Namespace), valueOf(m.MetricName), m.Dimensions)]
	}
	for _, q := range m.Metrics {
		if q.MetricStat != nil && q.MetricStat.Metric != nil {
			mm := q.MetricStat.Metric
			if keys[seriesKey(valueOf(mm.Namespace), valueOf(mm.MetricName), mm.Dimensions)] {
				return true
			}
		}
	}
	return false
}

type historyItem struct {
	AlarmName string    `json:"alarm"`
	AlarmType string    `json:"type"`
	Time      time.Time `json:"time"`
	Kind      string    `json:"kind"` // ConfigurationUpdate, StateUpdate, Action
	Summary   string    `json:"summary"`
	Data      string    `json:"data"`
}

func (s *Service) alarmARN(ctx context.Context, name string) string {
	r := awsapi.RequestFrom(ctx)
	return fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", r.Region, r.Account, name)
}

func (st *store) record(a *alarm, kind, summary, data string, at time.Time) {
	typ := "MetricAlarm"
	if a.Composite != nil {
		typ = "CompositeAlarm"
	}
	st.data.History = append(st.data.History, historyItem{AlarmName: a.Name, AlarmType: typ, Time: at, Kind: kind, Summary: summary, Data: data})
	if len(st.data.History) > 10000 {
		st.data.History = st.data.History[len(st.data.History)-10000:]
	}
}

// setState moves an alarm to state, recording a StateUpdate history item
// when the state changes.
func (st *store) setState(a *alarm, state, reason, data string, at time.Time) {
	old := a.State
	a.Reason, a.ReasonData = reason, data
	if old == state {
		return
	}
	a.State, a.StateAt = state, at
	st.queueActions(a, old, state, at)
	hist, _ := json.Marshal(map[string]any{"version": "1.0", "oldState": map[string]any{"stateValue": old},
		"newState": map[string]any{"stateValue": state, "stateReason": reason}})
	st.record(a, "StateUpdate", fmt.Sprintf("Alarm updated from %s to %s", old, state), string(hist), at)
}

// PutMetricAlarm creates or replaces a metric alarm. A new alarm starts in
// INSUFFICIENT_DATA and is evaluated at once; an update keeps the state.
// MetricName and Metrics are exclusive, as are Statistic and
// ExtendedStatistic (ValidationError).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
func (s *Service) PutMetricAlarm(ctx context.Context, in *PutMetricAlarmInput) (*awsEmpty, error) {
	switch {
	case in.MetricName != nil && len(in.Metrics) > 0:
		return nil, validationError("Metrics list and MetricName cannot both be specified.")
	case in.MetricName == nil && len(in.Metrics) == 0:
		return nil, validationError("Either MetricName or Metrics must be specified.")
	case in.Statistic != nil && in.ExtendedStatistic != nil:
		return nil, invalidCombination("Statistic and ExtendedStatistic cannot both be specified.")
	case in.MetricName != nil && in.Statistic == nil && in.ExtendedStatistic == nil:
		return nil, missingParameter("Either Statistic or ExtendedStatistic must be specified.")
	case in.MetricName != nil && in.Period == nil:
		return nil, missingParameter("Period must be specified.")
	case in.Threshold == nil && in.ThresholdMetricId == nil:
		return nil, missingParameter("Either Threshold or ThresholdMetricId must be specified.")
	case in.DatapointsToAlarm != nil && *in.DatapointsToAlarm > valueOf(in.EvaluationPeriods):
		return nil, validationError("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
	}
	if in.ExtendedStatistic != nil {
		if _, ok := percentile(*in.ExtendedStatistic); !ok {
			return nil, invalidValue("The value %s for parameter ExtendedStatistic is not supported.", *in.ExtendedStatistic)
		}
	}
	if in.Period != nil && !validPeriod(*in.Period) {
		return nil, invalidValue("The parameter Period must be 10, 30 or a multiple of 60.")
	}
	arn := s.alarmARN(ctx, valueOf(in.AlarmName))
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	now := s.now()
	cfg := *in
	cfg.Tags = nil
	a := st.data.Alarms[valueOf(in.AlarmName)]
	if a != nil && a.Composite != nil {
		return nil, invalidValue("The alarm %s is a composite alarm.", a.Name)
	}
	if a == nil {
		a = &alarm{Name: valueOf(in.AlarmName), ARN: arn, State: "INSUFFICIENT_DATA",
			Reason: "Unchecked: Initial alarm creation", StateAt: now}
		st.data.Alarms[a.Name] = a
		st.record(a, "ConfigurationUpdate", fmt.Sprintf("Alarm \"%s\" created", a.Name), "{}", now)
	} else {
		st.record(a, "ConfigurationUpdate", fmt.Sprintf("Alarm \"%s\" updated", a.Name), "{}", now)
	}
	a.Metric, a.Updated = &cfg, now
	a.ActionsOn = in.ActionsEnabled == nil || *in.ActionsEnabled
	st.tag(arn, in.Tags)
	s.evaluateAlarms(st, func(x *alarm) bool { return x == a })
	return &awsEmpty{}, nil
}

// PutCompositeAlarm creates or replaces a composite alarm whose AlarmRule
// (ALARM/OK/INSUFFICIENT_DATA of other alarms with AND, OR, NOT, TRUE,
// FALSE) is evaluated whenever alarms are described.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
func (s *Service) PutCompositeAlarm(ctx context.Context, in *PutCompositeAlarmInput) (*awsEmpty, error) {
	if _, err := parseRule(valueOf(in.AlarmRule)); err != nil {
		return nil, invalidValue("AlarmRule is invalid: %v", err)
	}
	arn := s.alarmARN(ctx, valueOf(in.AlarmName))
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	now := s.now()
	a := st.data.Alarms[valueOf(in.AlarmName)]
	if a != nil && a.Metric != nil {
		return nil, invalidValue("The alarm %s is a metric alarm.", a.Name)
	}
	if a == nil {
		a = &alarm{Name: valueOf(in.AlarmName), ARN: arn, State: "INSUFFICIENT_DATA",
			Reason: "Unchecked: Initial alarm creation", StateAt: now}
		st.data.Alarms[a.Name] = a
	}
	cfg := *in
	cfg.Tags = nil
	a.Composite, a.Updated = &cfg, now
	a.ActionsOn = in.ActionsEnabled == nil || *in.ActionsEnabled
	st.record(a, "ConfigurationUpdate", fmt.Sprintf("Alarm \"%s\" updated", a.Name), "{}", now)
	st.tag(arn, in.Tags)
	s.evaluateAlarms(st, func(x *alarm) bool { return x.Composite != nil })
	return &awsEmpty{}, nil
}

// SetAlarmState sets an alarm's state until its next evaluation.
// StateReasonData must be JSON (InvalidFormat); an unknown alarm is
// ResourceNotFound.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
func (s *Service) SetAlarmState(ctx context.Context, in *SetAlarmStateInput) (*awsEmpty, error) {
	if in.StateReasonData != nil && !json.Valid([]byte(*in.StateReasonData)) {
		return nil, &InvalidFormatFault{Message: ptr("TODO: check you json lint")}
	}
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	a := st.data.Alarms[valueOf(in.AlarmName)]
	if a == nil {
		return nil, &ResourceNotFound{Message: ptr(fmt.Sprintf("Alarm %s not found", valueOf(in.AlarmName)))}
	}
	st.setState(a, valueOf(in.StateValue), valueOf(in.StateReason), valueOf(in.StateReasonData), s.now())
	s.evaluateAlarms(st, func(x *alarm) bool { return x.Composite != nil })
	return &awsEmpty{}, nil
}

// DeleteAlarms deletes alarms; if any name is unknown none is deleted
// (ResourceNotFound).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html
func (s *Service) DeleteAlarms(ctx context.Context, in *DeleteAlarmsInput) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	for _, n := range in.AlarmNames {
		if st.data.Alarms[n] == nil {
			return nil, &ResourceNotFound{Message: ptr(fmt.Sprintf("Alarm %s not found", n))}
		}
	}
	for _, n := range in.AlarmNames {
		delete(st.data.Tags, st.data.Alarms[n].ARN)
		delete(st.data.Alarms, n)
	}
	return &awsEmpty{}, nil
}

// EnableAlarmActions turns actions on for the named alarms (unknown names
// are ignored).
func (s *Service) EnableAlarmActions(ctx context.Context, in *EnableAlarmActionsInput) (*awsEmpty, error) {
	return s.actions(ctx, in.AlarmNames, true)
}

// DisableAlarmActions turns actions off for the named alarms.
func (s *Service) DisableAlarmActions(ctx context.Context, in *DisableAlarmActionsInput) (*awsEmpty, error) {
	return s.actions(ctx, in.AlarmNames, false)
}

func (s *Service) actions(ctx context.Context, names []string, on bool) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	for _, n := range names {
		if a := st.data.Alarms[n]; a != nil {
			a.ActionsOn = on
		}
	}
	return &awsEmpty{}, nil
}

func (a *alarm) metricAlarm() MetricAlarm {
	m := a.Metric
	return MetricAlarm{AlarmName: ptr(a.Name), AlarmArn: ptr(a.ARN), AlarmDescription: m.AlarmDescription,
		AlarmConfigurationUpdatedTimestamp: ptr(a.Updated), ActionsEnabled: ptr(a.ActionsOn),
		OKActions: nonNil(m.OKActions), AlarmActions: nonNil(m.AlarmActions), InsufficientDataActions: nonNil(m.InsufficientDataActions),
		StateValue: ptr(a.State), StateReason: ptr(a.Reason), StateReasonData: optional(a.ReasonData),
		StateUpdatedTimestamp: ptr(a.StateAt), StateTransitionedTimestamp: ptr(a.StateAt),
		MetricName: m.MetricName, Namespace: m.Namespace, Statistic: m.Statistic, ExtendedStatistic: m.ExtendedStatistic,
		Dimensions: nonNil(m.Dimensions), Period: m.Period, Unit: m.Unit, EvaluationPeriods: m.EvaluationPeriods,
		DatapointsToAlarm: m.DatapointsToAlarm, Threshold: m.Threshold, ComparisonOperator: m.ComparisonOperator,
		TreatMissingData: m.TreatMissingData, EvaluateLowSampleCountPercentile: m.EvaluateLowSampleCountPercentile,
		Metrics: m.Metrics, ThresholdMetricId: m.ThresholdMetricId}
}

func (a *alarm) compositeAlarm() CompositeAlarm {
	c := a.Composite
	return CompositeAlarm{AlarmName: ptr(a.Name), AlarmArn: ptr(a.ARN), AlarmDescription: c.AlarmDescription,
		AlarmRule: c.AlarmRule, AlarmConfigurationUpdatedTimestamp: ptr(a.Updated), ActionsEnabled: ptr(a.ActionsOn),
		OKActions: nonNil(c.OKActions), AlarmActions: nonNil(c.AlarmActions), InsufficientDataActions: nonNil(c.InsufficientDataActions),
		StateValue: ptr(a.State), StateReason: ptr(a.Reason), StateReasonData: optional(a.ReasonData),
		StateUpdatedTimestamp: ptr(a.StateAt), StateTransitionedTimestamp: ptr(a.StateAt),
		ActionsSuppressor: c.ActionsSuppressor, ActionsSuppressorWaitPeriod: c.ActionsSuppressorWaitPeriod,
		ActionsSuppressorExtensionPeriod: c.ActionsSuppressorExtensionPeriod}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// DescribeAlarms lists alarms (evaluated first) by AlarmNames or
// AlarmNamePrefix (not both: InvalidParameterCombination), StateValue,
// ActionPrefix, AlarmTypes (metric alarms only when omitted),
// ChildrenOfAlarmName and ParentsOfAlarmName, MaxRecords (default 50) a page.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
func (s *Service) DescribeAlarms(ctx context.Context, in *DescribeAlarmsInput) (*DescribeAlarmsOutput, error) {
	if len(in.AlarmNames) > 0 && in.AlarmNamePrefix != nil {
		return nil, invalidCombination("AlarmNames and AlarmNamePrefix cannot be specified together.")
	}
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	s.evaluateAlarms(st, func(*alarm) bool { return true })
	wantMetric, wantComposite := len(in.AlarmTypes) == 0, false
	for _, t := range in.AlarmTypes {
		wantMetric = wantMetric || t == "MetricAlarm"
		wantComposite = wantComposite || t == "CompositeAlarm"
	}
	var children, parents map[string]bool
	if in.ChildrenOfAlarmName != nil {
		children = map[string]bool{}
		if p := st.data.Alarms[*in.ChildrenOfAlarmName]; p != nil && p.Composite != nil {
			for _, n := range ruleAlarms(valueOf(p.Composite.AlarmRule)) {
				children[n] = true
			}
		}
	}
	if in.ParentsOfAlarmName != nil {
		parents = map[string]bool{}
		for _, a := range st.data.Alarms {
			if a.Composite != nil && containsStr(ruleAlarms(valueOf(a.Composite.AlarmRule)), *in.ParentsOfAlarmName) {
				parents[a.Name] = true
			}
		}
	}
	names := make([]string, 0, len(st.data.Alarms))
	for n, a := range st.data.Alarms {
		switch {
		case len(in.AlarmNames) > 0 && !containsStr(in.AlarmNames, n),
			in.AlarmNamePrefix != nil && !strings.HasPrefix(n, *in.AlarmNamePrefix),
			in.StateValue != nil && a.State != *in.StateValue,
			in.ActionPrefix != nil && !a.hasActionPrefix(*in.ActionPrefix),
			children != nil && !children[n], parents != nil && !parents[n],
			a.Composite != nil && !wantComposite && children == nil && parents == nil,
			a.Metric != nil && !wantMetric && children == nil && parents == nil:
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	offset, err := pageOffset(in.NextToken, len(names))
	if err != nil {
		return nil, err
	}
	limit := int(valueOf(in.MaxRecords))
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	out := &DescribeAlarmsOutput{MetricAlarms: []MetricAlarm{}, CompositeAlarms: []CompositeAlarm{}}
	for i := offset; i < len(names); i++ {
		if i-offset == limit {
			out.NextToken = ptr(strconv.Itoa(i))
			break
		}
		a := st.data.Alarms[names[i]]
		if a.Composite != nil {
			out.CompositeAlarms = append(out.CompositeAlarms, a.compositeAlarm())
		} else {
			out.MetricAlarms = append(out.MetricAlarms, a.metricAlarm())
		}
	}
	return out, nil
}

func pageOffset(tok *string, n int) (int, error) {
	if tok == nil {
		return 0, nil
	}
	off, err := strconv.Atoi(*tok)
	if err != nil || off < 0 || off > n {
		return 0, &InvalidNextToken{Message: ptr("The service couldn't process your request because the NextToken is invalid.")}
	}
	return off, nil
}

func (a *alarm) hasActionPrefix(p string) bool {
	var all []string
	if a.Metric != nil {
		all = append(append(append(all, a.Metric.AlarmActions...), a.Metric.OKActions...), a.Metric.InsufficientDataActions...)
	} else {
		all = append(append(append(all, a.Composite.AlarmActions...), a.Composite.OKActions...), a.Composite.InsufficientDataActions...)
	}
	for _, x := range all {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DescribeAlarmsForMetric lists metric alarms on the metric, narrowed by the
// optional Statistic, ExtendedStatistic, Dimensions, Period and Unit.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html
func (s *Service) DescribeAlarmsForMetric(ctx context.Context, in *DescribeAlarmsForMetricInput) (*DescribeAlarmsForMetricOutput, error) {
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	s.evaluateAlarms(st, func(*alarm) bool { return true })
	out := &DescribeAlarmsForMetricOutput{MetricAlarms: []MetricAlarm{}}
	names := make([]string, 0)
	for n, a := range st.data.Alarms {
		m := a.Metric
		if m == nil || valueOf(m.MetricName) != valueOf(in.MetricName) || valueOf(m.Namespace) != valueOf(in.Namespace) {
			continue
		}
		if in.Statistic != nil && valueOf(m.Statistic) != *in.Statistic || in.ExtendedStatistic != nil && valueOf(m.ExtendedStatistic) != *in.ExtendedStatistic ||
			in.Period != nil && valueOf(m.Period) != *in.Period || in.Unit != nil && valueOf(m.Unit) != *in.Unit ||
			in.Dimensions != nil && !sameDims(m.Dimensions, in.Dimensions) {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out.MetricAlarms = append(out.MetricAlarms, st.data.Alarms[n].metricAlarm())
	}
	return out, nil
}

// DescribeAlarmHistory lists history items, newest first unless ScanBy is
// TimestampAscending, by AlarmName, AlarmTypes, HistoryItemType and dates.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html
func (s *Service) DescribeAlarmHistory(ctx context.Context, in *DescribeAlarmHistoryInput) (*DescribeAlarmHistoryOutput, error) {
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	s.evaluateAlarms(st, func(*alarm) bool { return true })
	var items []AlarmHistoryItem
	for _, h := range st.data.History {
		switch {
		case in.AlarmName != nil && h.AlarmName != *in.AlarmName,
			in.HistoryItemType != nil && h.Kind != *in.HistoryItemType,
			in.StartDate != nil && h.Time.Before(*in.StartDate),
			in.EndDate != nil && h.Time.After(*in.EndDate),
			len(in.AlarmTypes) > 0 && !containsStr(in.AlarmTypes, h.AlarmType):
			continue
		}
		items = append(items, AlarmHistoryItem{AlarmName: ptr(h.AlarmName), AlarmType: ptr(h.AlarmType), Timestamp: ptr(h.Time),
			HistoryItemType: ptr(h.Kind), HistorySummary: ptr(h.Summary), HistoryData: ptr(h.Data)})
	}
	if valueOf(in.ScanBy) != "TimestampAscending" {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	offset, err := pageOffset(in.NextToken, len(items))
	if err != nil {
		return nil, err
	}
	limit := int(valueOf(in.MaxRecords))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	out := &DescribeAlarmHistoryOutput{AlarmHistoryItems: []AlarmHistoryItem{}}
	end := min(offset+limit, len(items))
	out.AlarmHistoryItems = append(out.AlarmHistoryItems, items[offset:end]...)
	if end < len(items) {
		out.NextToken = ptr(strconv.Itoa(end))
	}
	return out, nil
}
