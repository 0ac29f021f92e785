package server

import (
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/services/cloudwatch"
)

// cloudwatchDeveloperAPI serves LocalStack's GET /_aws/cloudwatch/metrics/raw
// (localstack-runtime.md §2): every stored datapoint, {"metrics": [...]}.
func cloudwatchDeveloperAPI(inst *instances) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !inst.gw.Load("cloudwatch") {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		inst.mu.Lock()
		svc, _ := inst.built["cloudwatch"].(*cloudwatch.Service)
		inst.mu.Unlock()
		if svc == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		metrics := svc.RawMetrics()
		if metrics == nil {
			metrics = []cloudwatch.RawMetric{}
		}
		writeJSON(w, map[string]any{"metrics": metrics})
	})
}
