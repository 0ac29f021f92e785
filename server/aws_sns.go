package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sns"
)

// snsDeveloperAPI serves LocalStack's SNS developer endpoints
// (localstack-runtime.md §2) under /_aws/sns/:
//
//	GET    sms-messages?accountId=&region=                {"region", "sms_messages": {phone: [message…]}}
//	GET    platform-endpoint-messages?accountId=&region=  {"region", "platform_endpoint_messages": {endpointArn: [message…]}}
//	GET    subscription-tokens/<subscription arn>         {"subscription_arn", "subscription_token"}
//	GET    SimpleNotificationService-<id>.pem             the certificate that signs message envelopes
//
// accountId and region default to 000000000000 and us-east-1. DELETE on the
// message lists answers 204 (records are kept; the list is what was sent).
func snsDeveloperAPI(inst *instances) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !inst.gw.Load("sns") {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		inst.mu.Lock()
		svc, _ := inst.built["sns"].(*sns.Service)
		inst.mu.Unlock()
		if svc == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		rest := strings.TrimPrefix(r.URL.Path, "/_aws/sns/")
		q := r.URL.Query()
		account, region := q.Get("accountId"), q.Get("region")
		if account == "" {
			account = awsapi.DefaultAccount
		}
		if region == "" {
			region = awsapi.DefaultRegion
		}
		switch {
		case rest == "sms-messages" || rest == "platform-endpoint-messages":
			if r.Method == http.MethodDelete {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			protocol, key := "sms", "sms_messages"
			if rest == "platform-endpoint-messages" {
				protocol, key = "application", "platform_endpoint_messages"
			}
			byTarget := map[string][]map[string]any{}
			for _, m := range svc.SentMessages(account, region) {
				if m.Protocol != protocol {
					continue
				}
				byTarget[m.Endpoint] = append(byTarget[m.Endpoint], map[string]any{
					"MessageId": m.MessageID, "TopicArn": m.TopicArn, "Subject": m.Subject,
					"Message": m.Body, "Type": m.Type, "Timestamp": m.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
				})
			}
			writeJSON(w, map[string]any{"region": region, key: byTarget})
		case strings.HasPrefix(rest, "subscription-tokens/"):
			arn, _ := url.PathUnescape(strings.TrimPrefix(rest, "subscription-tokens/"))
			token, ok := svc.SubscriptionToken(arn)
			if !ok {
				w.WriteHeader(http.StatusNotFound)
				writeJSON(w, map[string]any{"error": "The subscription does not exist", "subscription_arn": arn})
				return
			}
			writeJSON(w, map[string]any{"subscription_arn": arn, "subscription_token": token})
		case strings.HasSuffix(rest, ".pem"):
			pem, path := svc.SigningCertificate()
			if r.URL.Path != path {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "application/x-pem-file")
			w.Write(pem)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	json.NewEncoder(w).Encode(v)
}
