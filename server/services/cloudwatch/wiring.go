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
