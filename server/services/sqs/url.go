package sqs

import (
	"net/url"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// queueURL returns the URL of queue name owned by account in region, in the
// form SQS_ENDPOINT_STRATEGY selects (LocalStack's config.py):
//
//	standard (default) http://sqs.<region>.<host>/<account>/<name>
//	domain             http://<region>.queue.<host>/<account>/<name> (us-east-1: queue.<host>)
//	path               http://<host>/queue/<region>/<account>/<name>
//	dynamic            http://<request Host>/<account>/<name>
//	off                http://<host>/<account>/<name>
//
// <host> is the host:port of the request's BaseURL (LOCALSTACK_HOST).
func (s *Service) queueURL(r *awsapi.Request, account, region, name string) string {
	scheme, host := "http", "localhost.localstack.cloud:4566"
	if u, err := url.Parse(r.BaseURL); err == nil && u.Host != "" {
		scheme, host = u.Scheme, u.Host
	}
	strategy := ""
	if s.env.Getenv != nil {
		strategy = strings.ToLower(s.env.Getenv("SQS_ENDPOINT_STRATEGY"))
	}
	tail := "/" + account + "/" + name
	switch strategy {
	case "domain":
		if region == "us-east-1" {
			return scheme + "://queue." + host + tail
		}
		return scheme + "://" + region + ".queue." + host + tail
	case "path":
		return scheme + "://" + host + "/queue/" + region + tail
	case "dynamic":
		if r.Host != "" {
			host = r.Host
		}
		if r.Scheme != "" {
			scheme = r.Scheme
		}
		return scheme + "://" + host + tail
	case "off":
		return scheme + "://" + host + tail
	default:
		return scheme + "://sqs." + region + "." + host + tail
	}
}

// queueRef names a queue: its owner, region and name.
type queueRef struct{ account, region, name string }

// parseQueueRef reads a queue reference in any URL form queueURL produces (and
// AWS's https://sqs.<region>.amazonaws.com/<account>/<name>), or a bare
// queue name. The region comes from an sqs.<region>. or <region>.queue. host,
// a /queue/<region>/ path, else the request; the account from the path, else
// the request.
func parseQueueRef(r *awsapi.Request, ref string) queueRef {
	out := queueRef{account: r.Account, region: r.Region}
	if out.account == "" {
		out.account = awsapi.DefaultAccount
	}
	if out.region == "" {
		out.region = awsapi.DefaultRegion
	}
	if !strings.Contains(ref, "/") {
		out.name = ref
		return out
	}
	path, host := ref, ""
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" || u.Host != "") {
		path, host = u.Path, u.Hostname()
	}
	switch {
	case strings.HasPrefix(host, "sqs."):
		if rg, _, ok := strings.Cut(host[len("sqs."):], "."); ok && rg != "" && !strings.Contains(rg, ":") && rg != "amazonaws" {
			out.region = rg
		}
	case strings.HasPrefix(host, "queue."):
		out.region = "us-east-1"
	case strings.Contains(host, ".queue."):
		out.region, _, _ = strings.Cut(host, ".")
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 4 && parts[0] == "queue" {
		out.region, parts = parts[1], parts[2:]
	}
	switch len(parts) {
	case 2:
		out.account, out.name = parts[0], parts[1]
	default:
		out.name = parts[len(parts)-1]
	}
	return out
}
