package cloudwatch

import (
	"context"
	"time"
)

// MetricSink is what CloudWatch exposes to services that emit metrics (CloudWatch
// Logs metric filters): a direct in-process PutMetricData.
type MetricSink interface {
	// EmitMetric stores one value of namespace/name with dims (name → value)
	// and unit ("" for None) at time at, in the account and region of ctx's
	// request, as PutMetricData would (alarms on it are evaluated).
	EmitMetric(ctx context.Context, namespace, name string, dims map[string]string, value float64, unit string, at time.Time) error
}

var _ MetricSink = (*Service)(nil)

// EmitMetric implements MetricSink.
func (s *Service) EmitMetric(ctx context.Context, namespace, name string, dims map[string]string, value float64, unit string, at time.Time) error {
	d := MetricDatum{MetricName: &name, Value: &value, Timestamp: &at}
	if unit != "" {
		d.Unit = &unit
	}
	for k, v := range dims {
		d.Dimensions = append(d.Dimensions, Dimension{Name: ptr(k), Value: ptr(v)})
	}
	_, err := s.PutMetricData(ctx, &PutMetricDataInput{Namespace: &namespace, MetricData: []MetricDatum{d}})
	return err
}

// RawMetric is one stored data point as LocalStack's internal endpoint
// GET /_aws/cloudwatch/metrics/raw lists it: {"ns", "n", "v", "t", "d":
// [{"n", "v"}], "account", "region"}.
type RawMetric struct {
	Namespace  string         `json:"ns"`
	Name       string         `json:"n"`
	Value      float64        `json:"v"` // the datum's value (Sum of a statistic set or of value/count arrays)
	Time       time.Time      `json:"t"`
	Dimensions []RawDimension `json:"d"`
	Account    string         `json:"account"`
	Region     string         `json:"region"`
}

// RawDimension is a dimension of a RawMetric.
type RawDimension struct {
	Name  string `json:"n"`
	Value string `json:"v"`
}

// RawMetrics lists every stored data point of every account and region,
// oldest first per metric, for the gateway's /_aws/cloudwatch/metrics/raw.
func (s *Service) RawMetrics() []RawMetric {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	stores := make([]*store, 0, len(s.stores))
	for k, st := range s.stores {
		keys = append(keys, k)
		stores = append(stores, st)
	}
	s.mu.Unlock()
	out := []RawMetric{}
	for i, st := range stores {
		st.mu.Lock()
		for _, key := range sortedNames(st.data.Series) {
			sr := st.data.Series[key]
			dims := []RawDimension{}
			for _, d := range sr.Dimensions {
				dims = append(dims, RawDimension{Name: valueOf(d.Name), Value: valueOf(d.Value)})
			}
			for _, p := range sr.Points {
				out = append(out, RawMetric{Namespace: sr.Namespace, Name: sr.Name, Value: p.Sum, Time: p.Time, Dimensions: dims,
					Account: keys[i].account, Region: keys[i].region})
			}
		}
		st.mu.Unlock()
	}
	return out
}
