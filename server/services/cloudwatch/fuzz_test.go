package cloudwatch

import (
	"testing"
	"time"
)

// FuzzMetricMath: no expression panics.
func FuzzMetricMath(f *testing.F) {
	f.Add("100 * e / r")
	f.Add("SUM([a, b]) + AVG(METRICS()) - RATE(a) * -2")
	f.Add("ABS(DIFF(a)) / (b - a)")
	t0 := time.Unix(1700000000, 0)
	f.Fuzz(func(t *testing.T, expr string) {
		results := map[string]tseries{"a": {t0: 1, t0.Add(time.Minute): 3}, "b": {t0: 2}, "e": {}, "r": {t0: 0}}
		queries := []MetricDataQuery{{Id: ptr("a"), MetricStat: &MetricStat{}}, {Id: ptr("b"), MetricStat: &MetricStat{}}}
		_, _ = evalExpr(expr, results, queries)
	})
}

// FuzzAlarmRule: no composite alarm rule panics.
func FuzzAlarmRule(f *testing.F) {
	f.Add(`ALARM("a") AND NOT (OK(b) OR INSUFFICIENT_DATA('c')) OR TRUE`)
	f.Fuzz(func(t *testing.T, src string) {
		if r, err := parseRule(src); err == nil {
			r(func(string, string) bool { return true })
		}
		_ = ruleAlarms(src)
	})
}
