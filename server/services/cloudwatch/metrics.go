package cloudwatch

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// series is one metric (namespace, name, dimension set) and its data points;
// its fields are its snapshot form.
type series struct {
	Namespace  string      `json:"namespace"`
	Name       string      `json:"name"`
	Dimensions []Dimension `json:"dimensions,omitempty"` // sorted by name
	Points     []point     `json:"points"`
	LastPut    time.Time   `json:"last_put"`
}

// point is one PutMetricData datum: a value, a statistic set or value/count
// arrays (Values keeps the raw values for percentiles).
type point struct {
	Time   time.Time `json:"t"`
	Count  float64   `json:"n"`
	Sum    float64   `json:"sum"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Values []float64 `json:"values,omitempty"`
	Counts []float64 `json:"counts,omitempty"`
	Unit   string    `json:"unit,omitempty"`
}

func (sr *series) metric() Metric {
	return Metric{Namespace: ptr(sr.Namespace), MetricName: ptr(sr.Name), Dimensions: append([]Dimension{}, sr.Dimensions...)}
}

// Time limits on PutMetricData timestamps: up to two weeks in the past and
// two hours in the future (PutMetricData API reference).
const (
	maxAge    = 14 * 24 * time.Hour
	maxFuture = 2 * time.Hour
	maxValues = 150 // Values (and Counts) per datum
)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// PutMetricData stores data points. Errors (AWS): a namespace starting with
// "AWS/" or a non-finite value is InvalidParameterValue; Value together with
// StatisticValues (or Values) is InvalidParameterCombination; Values and
// Counts of different lengths, a StorageResolution other than 1 or 60, or a
// timestamp more than two weeks old or two hours ahead is InvalidParameterValue.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
func (s *Service) PutMetricData(ctx context.Context, in *PutMetricDataInput) (*awsEmpty, error) {
	ns := valueOf(in.Namespace)
	if strings.HasPrefix(ns, "AWS/") {
		return nil, invalidValue("The value %s for parameter Namespace is invalid.", ns)
	}
	data := append([]MetricDatum{}, in.MetricData...)
	for _, e := range in.EntityMetricData {
		data = append(data, e.MetricData...)
	}
	if len(data) == 0 {
		return nil, missingParameter("The parameter MetricData is required.")
	}
	now := s.now()
	pts := make([]point, len(data))
	for i, d := range data {
		p, err := toPoint(d, i+1, now)
		if err != nil {
			return nil, err
		}
		pts[i] = p
	}
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	touched := map[string]bool{}
	for i, d := range data {
		key := seriesKey(ns, valueOf(d.MetricName), d.Dimensions)
		sr := st.data.Series[key]
		if sr == nil {
			sr = &series{Namespace: ns, Name: valueOf(d.MetricName), Dimensions: sortedDims(d.Dimensions)}
			st.data.Series[key] = sr
		}
		sr.Points = append(sr.Points, pts[i])
		sr.LastPut = now
		touched[key] = true
	}
	s.evaluateAlarms(st, func(a *alarm) bool { return a.Composite == nil && a.touches(touched) })
	return &awsEmpty{}, nil
}

func toPoint(d MetricDatum, n int, now time.Time) (point, error) {
	p := point{Time: now, Unit: valueOf(d.Unit)}
	if d.Timestamp != nil {
		p.Time = d.Timestamp.UTC()
		if p.Time.Before(now.Add(-maxAge)) || p.Time.After(now.Add(maxFuture)) {
			return p, invalidValue("The parameter MetricData.member.%d.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.", n)
		}
	}
	if len(d.Values) > maxValues {
		return p, invalidValue("The collection MetricData.member.%d.Values must not have a size greater than %d.", n, maxValues)
	}
	if r := d.StorageResolution; r != nil && *r != 1 && *r != 60 {
		return p, invalidValue("The value %d for parameter MetricData.member.%d.StorageResolution is invalid.", *r, n)
	}
	set := 0
	if d.Value != nil {
		set++
	}
	if d.StatisticValues != nil {
		set++
	}
	if len(d.Values) > 0 {
		set++
	}
	if set > 1 {
		return p, invalidCombination("The parameters MetricData.member.%d.Value, MetricData.member.%d.StatisticValues and MetricData.member.%d.Values are mutually exclusive and you have specified more than one.", n, n, n)
	}
	switch {
	case d.Value != nil:
		v := *d.Value
		if !finite(v) {
			return p, invalidValue("The value %v for parameter MetricData.member.%d.Value is invalid.", v, n)
		}
		p.Count, p.Sum, p.Min, p.Max, p.Values = 1, v, v, v, []float64{v}
	case d.StatisticValues != nil:
		sv := d.StatisticValues
		if sv.SampleCount == nil || sv.Sum == nil || sv.Minimum == nil || sv.Maximum == nil {
			return p, missingParameter("The parameter MetricData.member.%d.StatisticValues requires SampleCount, Sum, Minimum and Maximum.", n)
		}
		p.Count, p.Sum, p.Min, p.Max = *sv.SampleCount, *sv.Sum, *sv.Minimum, *sv.Maximum
		if !finite(p.Sum) || !finite(p.Min) || !finite(p.Max) || !finite(p.Count) {
			return p, invalidValue("The parameter MetricData.member.%d.StatisticValues has a non-finite value.", n)
		}
	case len(d.Values) > 0:
		if len(d.Counts) > 0 && len(d.Counts) != len(d.Values) {
			return p, invalidValue("The parameters MetricData.member.%d.Values and MetricData.member.%d.Counts must be of the same size.", n, n)
		}
		p.Min, p.Max = math.Inf(1), math.Inf(-1)
		for j, v := range d.Values {
			c := 1.0
			if len(d.Counts) > 0 {
				c = d.Counts[j]
			}
			if !finite(v) {
				return p, invalidValue("The value %v for parameter MetricData.member.%d.Values is invalid.", v, n)
			}
			p.Count += c
			p.Sum += v * c
			p.Min, p.Max = math.Min(p.Min, v), math.Max(p.Max, v)
		}
		p.Values, p.Counts = d.Values, d.Counts
	default:
		return p, missingParameter("The parameter MetricData.member.%d.Value is required.", n)
	}
	return p, nil
}

// agg is the aggregate of points in one period.
type agg struct {
	count, sum, min, max float64
	values, weights      []float64
	unit                 string
}

func (a *agg) add(p point) {
	if a.count == 0 {
		a.min, a.max = p.Min, p.Max
	}
	a.count += p.Count
	a.sum += p.Sum
	a.min, a.max = math.Min(a.min, p.Min), math.Max(a.max, p.Max)
	for j, v := range p.Values {
		w := 1.0
		if len(p.Counts) > 0 {
			w = p.Counts[j]
		}
		a.values = append(a.values, v)
		a.weights = append(a.weights, w)
	}
	if a.unit == "" {
		a.unit = p.Unit
	}
}

// stat computes one statistic: SampleCount, Average, Sum, Minimum, Maximum
// or a percentile pNN(.NN) (nearest rank over the raw values; a statistic
// set without values falls back to its min/max bounds).
func (a *agg) stat(name string) (float64, bool) {
	switch name {
	case "SampleCount":
		return a.count, true
	case "Average":
		if a.count == 0 {
			return 0, false
		}
		return a.sum / a.count, true
	case "Sum":
		return a.sum, true
	case "Minimum":
		return a.min, true
	case "Maximum":
		return a.max, true
	}
	q, ok := percentile(name)
	if !ok || a.count == 0 {
		return 0, false
	}
	if len(a.values) == 0 {
		if q >= 50 {
			return a.max, true
		}
		return a.min, true
	}
	idx := make([]int, len(a.values))
	total := 0.0
	for i := range idx {
		idx[i] = i
		total += a.weights[i]
	}
	sort.Slice(idx, func(i, j int) bool { return a.values[idx[i]] < a.values[idx[j]] })
	rank := math.Ceil(q / 100 * total)
	acc := 0.0
	for _, i := range idx {
		acc += a.weights[i]
		if acc >= rank {
			return a.values[i], true
		}
	}
	return a.values[idx[len(idx)-1]], true
}

// percentile parses "p99" or "p99.9" (0 < q <= 100).
func percentile(name string) (float64, bool) {
	if !strings.HasPrefix(name, "p") {
		return 0, false
	}
	q, err := strconv.ParseFloat(name[1:], 64)
	return q, err == nil && q >= 0 && q <= 100
}

func validStat(name string) bool {
	switch name {
	case "SampleCount", "Average", "Sum", "Minimum", "Maximum":
		return true
	}
	_, ok := percentile(name)
	return ok
}

// bucketed aggregates sr's points in [start, end) by period (seconds),
// buckets aligned on start, keeping only points of unit when given.
func (sr *series) bucketed(start, end time.Time, period int64, unit string) map[time.Time]*agg {
	out := map[time.Time]*agg{}
	step := time.Duration(period) * time.Second
	for _, p := range sr.Points {
		if p.Time.Before(start) || !p.Time.Before(end) || (unit != "" && p.Unit != unit && !(unit == "None" && p.Unit == "")) {
			continue
		}
		b := start.Add(p.Time.Sub(start) / step * step)
		a := out[b]
		if a == nil {
			a = &agg{}
			out[b] = a
		}
		a.add(p)
	}
	return out
}

// validPeriod: 1, 5, 10, 30 or a multiple of 60 seconds.
func validPeriod(p int32) bool {
	return p == 1 || p == 5 || p == 10 || p == 30 || (p > 0 && p%60 == 0)
}

// GetMetricStatistics aggregates one metric (exact dimension set) per Period
// between StartTime and EndTime. Statistics or ExtendedStatistics is
// required (MissingParameter); more than 1,440 periods is
// InvalidParameterCombination.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
func (s *Service) GetMetricStatistics(ctx context.Context, in *GetMetricStatisticsInput) (*GetMetricStatisticsOutput, error) {
	if len(in.Statistics) == 0 && len(in.ExtendedStatistics) == 0 {
		return nil, missingParameter("Must specify either Statistics or ExtendedStatistics.")
	}
	for _, e := range in.ExtendedStatistics {
		if _, ok := percentile(e); !ok {
			return nil, invalidValue("The value %s for parameter ExtendedStatistics is not supported.", e)
		}
	}
	period := valueOf(in.Period)
	if !validPeriod(period) {
		return nil, invalidValue("The parameter Period must be 1, 5, 10, 30 or a multiple of 60.")
	}
	start, end := valueOf(in.StartTime).UTC(), valueOf(in.EndTime).UTC()
	if !start.Before(end) {
		return nil, invalidValue("The parameter StartTime must be less than the parameter EndTime.")
	}
	if n := int64(end.Sub(start).Seconds()) / int64(period); n > 1440 {
		return nil, invalidCombination("You have requested up to %d datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", n)
	}
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	out := &GetMetricStatisticsOutput{Label: in.MetricName, Datapoints: []Datapoint{}}
	sr := st.data.Series[seriesKey(valueOf(in.Namespace), valueOf(in.MetricName), in.Dimensions)]
	if sr == nil {
		return out, nil
	}
	buckets := sr.bucketed(start, end, int64(period), valueOf(in.Unit))
	for t, a := range buckets {
		dp := Datapoint{Timestamp: ptr(t), Unit: ptr(a.unit)}
		if a.unit == "" {
			dp.Unit = ptr("None")
		}
		for _, name := range in.Statistics {
			v, ok := a.stat(name)
			if !ok {
				continue
			}
			switch name {
			case "SampleCount":
				dp.SampleCount = ptr(v)
			case "Average":
				dp.Average = ptr(v)
			case "Sum":
				dp.Sum = ptr(v)
			case "Minimum":
				dp.Minimum = ptr(v)
			case "Maximum":
				dp.Maximum = ptr(v)
			}
		}
		for _, e := range in.ExtendedStatistics {
			if v, ok := a.stat(e); ok {
				if dp.ExtendedStatistics == nil {
					dp.ExtendedStatistics = map[string]float64{}
				}
				dp.ExtendedStatistics[e] = v
			}
		}
		out.Datapoints = append(out.Datapoints, dp)
	}
	sort.Slice(out.Datapoints, func(i, j int) bool { return out.Datapoints[i].Timestamp.Before(*out.Datapoints[j].Timestamp) })
	return out, nil
}

// ListMetrics lists metrics matching Namespace, MetricName and dimension
// filters (a filter without Value matches any value), 500 a page;
// RecentlyActive PT3H keeps metrics with data in the past three hours.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html
func (s *Service) ListMetrics(ctx context.Context, in *ListMetricsInput) (*ListMetricsOutput, error) {
	st, _ := s.locked(ctx)
	defer s.unlock(ctx, st)
	now := s.now()
	keys := make([]string, 0, len(st.data.Series))
	for k, sr := range st.data.Series {
		if in.Namespace != nil && sr.Namespace != *in.Namespace || in.MetricName != nil && sr.Name != *in.MetricName {
			continue
		}
		if valueOf(in.RecentlyActive) == RecentlyActivePT3H && sr.LastPut.Before(now.Add(-3*time.Hour)) {
			continue
		}
		if !matchesFilters(sr.Dimensions, in.Dimensions) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	offset := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil || n < 0 || n > len(keys) {
			return nil, &InvalidNextToken{Message: ptr("The service couldn't process your request because the NextToken is invalid.")}
		}
		offset = n
	}
	out := &ListMetricsOutput{Metrics: []Metric{}}
	for i := offset; i < len(keys); i++ {
		if len(out.Metrics) == 500 {
			out.NextToken = ptr(strconv.Itoa(i))
			break
		}
		out.Metrics = append(out.Metrics, st.data.Series[keys[i]].metric())
	}
	return out, nil
}

func matchesFilters(dims []Dimension, filters []DimensionFilter) bool {
	for _, f := range filters {
		found := false
		for _, d := range dims {
			if valueOf(d.Name) == valueOf(f.Name) && (f.Value == nil || valueOf(d.Value) == *f.Value) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// sameDims reports whether a and b are the same dimension set.
func sameDims(a, b []Dimension) bool {
	return seriesKey("", "", a) == seriesKey("", "", b)
}
