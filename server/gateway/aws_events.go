package gateway

import (
	"net/http"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/services/events"
)

// EventsTriggerPath is the route of the EventBridge developer endpoint.
const EventsTriggerPath = "/_aws/events/rules/{rest:.*}"

// EventsTrigger serves LocalStack's /_aws/events/rules/<rule ARN>/trigger
// (localstack-runtime.md §2): it fires the rule's targets at once with a
// "Scheduled Event", answering 200, or 404 for an unknown rule. load
// returns the EventBridge provider (building it if needed).
func EventsTrigger(load func() (*events.Service, bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, "/_aws/events/rules/")
		arn, ok := strings.CutSuffix(rest, "/trigger")
		svc, loaded := load()
		if !ok || !loaded {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if err := svc.TriggerRule(arn); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
