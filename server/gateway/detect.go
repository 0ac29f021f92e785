package gateway

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// route is the outcome of service detection.
type route struct {
	info   *model.Info
	bucket string // S3 virtual-host bucket taken from Host, moved into the path
}

// pathRule maps a literal request-URI prefix to the one rest service that uses it.
type pathRule struct {
	prefix string
	info   *model.Info
}

// buildPathRules keeps the rest-API prefixes that belong to exactly one
// service and are specific enough not to shadow S3 path-style requests
// (at least two segments, e.g. "/2015-03-31/functions").
func buildPathRules(reg *model.Registry) []pathRule {
	owners := map[string][]*model.Info{}
	all := reg.All()
	for i := range all {
		in, _ := reg.Info(all[i].Name)
		for _, p := range in.PathPrefixes {
			if strings.Count(p, "/") < 2 {
				continue
			}
			owners[p] = append(owners[p], in)
		}
	}
	var rules []pathRule
	for p, ins := range owners {
		if len(ins) == 1 {
			rules = append(rules, pathRule{p, ins[0]})
		}
	}
	// Longest prefix first (ties by text, so the order is stable).
	sort.Slice(rules, func(i, j int) bool {
		if len(rules[i].prefix) != len(rules[j].prefix) {
			return len(rules[i].prefix) > len(rules[j].prefix)
		}
		return rules[i].prefix < rules[j].prefix
	})
	return rules
}

// detect picks the service of a request in LocalStack's order
// (localstack-runtime.md §8): signing name, X-Amz-Target, path, host,
// Action, then the S3 fallback.
func (g *Gateway) detect(r *http.Request, cred credential) route {
	target := r.Header.Get("X-Amz-Target")
	targetPrefix, _, _ := strings.Cut(target, ".")
	if cred.SigningName != "" {
		cands := g.cfg.Registry.BySigningName(cred.SigningName)
		if len(cands) == 1 {
			return g.withBucket(r, route{info: cands[0]})
		}
		if len(cands) > 1 {
			return g.withBucket(r, route{info: g.disambiguate(r, cands, targetPrefix, cred.SigningName)})
		}
	}
	if targetPrefix != "" {
		if in, ok := g.cfg.Registry.ByTargetPrefix(targetPrefix); ok {
			return route{info: in}
		}
	}
	if in := g.byPath(r.URL.Path); in != nil {
		return route{info: in}
	}
	if rt, ok := g.byHost(r); ok {
		return rt
	}
	if in := g.byRPCv2Path(r.URL.Path); in != nil {
		return route{info: in}
	}
	if in := g.byAction(r); in != nil {
		return route{info: in}
	}
	if s3Fallback(r) {
		s3, _ := g.cfg.Registry.Info("s3")
		return route{info: s3}
	}
	return route{}
}

// byRPCv2Path reads the service of a smithy rpc-v2 request,
// "/service/<ServiceName>/operation/<Operation>", where ServiceName is the
// service shape's name (the JSON target prefix in botocore's models).
func (g *Gateway) byRPCv2Path(p string) *model.Info {
	rest, ok := strings.CutPrefix(p, "/service/")
	if !ok {
		return nil
	}
	name, _, ok := strings.Cut(rest, "/operation/")
	if !ok {
		return nil
	}
	if in, ok := g.cfg.Registry.ByTargetPrefix(name); ok {
		return in
	}
	return nil
}

// s3Fallback is LocalStack's last rule (localstack-runtime.md §8): a request
// nothing else claimed is S3's when it reads or writes a path below the root
// (browser CORS preflights included),
// carries presigned-URL parameters or comes from the AWS CLI; anything else
// is answered 404 Not Found.
func s3Fallback(r *http.Request) bool {
	if r.URL.Path != "/" && r.URL.Path != "" {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPost, http.MethodOptions:
			return true
		}
	}
	q := r.URL.Query()
	if q.Has("X-Amz-Credential") || q.Has("AWSAccessKeyId") || q.Has("X-Amz-Signature") {
		return true
	}
	return strings.HasPrefix(r.Header.Get("User-Agent"), "aws-cli/")
}

// disambiguate chooses among services sharing a signing name: by target
// prefix (dynamodb vs dynamodbstreams), by path (s3 vs s3control), else the
// service named like the signing name.
func (g *Gateway) disambiguate(r *http.Request, cands []*model.Info, targetPrefix, signing string) *model.Info {
	if targetPrefix != "" {
		for _, c := range cands {
			if c.TargetPrefix == targetPrefix {
				return c
			}
		}
	}
	for _, c := range cands {
		for _, p := range c.PathPrefixes {
			if strings.Count(p, "/") >= 1 && len(p) > 1 && strings.HasPrefix(r.URL.Path, p) && c.Name != signing {
				return c
			}
		}
	}
	for _, c := range cands {
		if c.Name == signing {
			return c
		}
	}
	return cands[0]
}

func (g *Gateway) byPath(p string) *model.Info {
	for _, rule := range g.pathRules {
		if strings.HasPrefix(p, rule.prefix) && (len(p) == len(rule.prefix) || p[len(rule.prefix)] == '/' || p[len(rule.prefix)] == '?') {
			return rule.info
		}
	}
	return nil
}

// byHost recognises "<bucket>.s3.<host>" (S3 virtual host), "<region>.queue.<host>"
// (SQS domain strategy) and "<endpointPrefix>.<…>" hosts.
func (g *Gateway) byHost(r *http.Request) (route, bool) {
	host := hostOnly(r.Host)
	if host == "" || net.ParseIP(host) != nil {
		return route{}, false
	}
	if rt, ok := g.s3VirtualHost(host); ok {
		return rt, true
	}
	labels := strings.Split(host, ".")
	if len(labels) >= 3 && labels[1] == "queue" {
		in, _ := g.cfg.Registry.Info("sqs")
		return route{info: in}, true
	}
	if len(labels) >= 2 {
		if in, ok := g.cfg.Registry.ByEndpointPrefix(labels[0]); ok {
			return route{info: in}, true
		}
	}
	return route{}, false
}

// s3VirtualHost finds the bucket of "<bucket>.s3.<host>" or "<bucket>.s3.<region>.<host>".
func (g *Gateway) s3VirtualHost(host string) (route, bool) {
	i := strings.Index(host, ".s3.")
	if i <= 0 {
		if strings.HasSuffix(host, ".s3") || !strings.Contains(host, ".s3-") {
			return route{}, false
		}
		i = strings.Index(host, ".s3-")
		if i <= 0 || strings.Contains(host, ".s3-website") {
			return route{}, false
		}
	}
	s3, _ := g.cfg.Registry.Info("s3")
	return route{info: s3, bucket: host[:i]}, true
}

// withBucket adds the virtual-host bucket of S3 requests that were detected
// by their signature.
func (g *Gateway) withBucket(r *http.Request, rt route) route {
	if rt.info != nil && rt.info.Name == "s3" {
		if vh, ok := g.s3VirtualHost(hostOnly(r.Host)); ok {
			rt.bucket = vh.bucket
		}
	}
	return rt
}

// byAction handles unsigned query-protocol requests: SQS requests sent to a
// queue URL path, else the query service whose Version matches.
func (g *Gateway) byAction(r *http.Request) *model.Info {
	params := actionParams(r)
	action := params.Get("Action")
	if action == "" {
		return nil
	}
	if looksLikeQueuePath(r.URL.Path) {
		in, _ := g.cfg.Registry.Info("sqs")
		return in
	}
	version := params.Get("Version")
	all := g.cfg.Registry.All()
	var match *model.Info
	for i := range all {
		in, _ := g.cfg.Registry.Info(all[i].Name)
		p := in.Protocols[0]
		if (p == "query" || p == "ec2") && version != "" && in.APIVersion == version {
			svc, err := g.cfg.Registry.Service(in.Name)
			if err == nil && svc.Operations[action] != nil {
				return in
			}
			if match == nil {
				match = in
			}
		}
	}
	if match != nil {
		return match
	}
	return g.byBareAction(action)
}

// byBareAction handles an Action with no Version (curl users, and the
// Unsubscribe/ConfirmSubscription links SNS puts in its messages): the first
// service with a provider whose model has that operation, SQS first since
// LocalStack users send it bare Actions most; SQS when none has it.
func (g *Gateway) byBareAction(action string) *model.Info {
	names := make([]string, 0, len(g.cfg.Providers))
	for name := range g.cfg.Providers {
		if name != "sqs" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	sqs, _ := g.cfg.Registry.Info("sqs")
	for _, name := range append([]string{"sqs"}, names...) {
		in, ok := g.cfg.Registry.Info(name)
		if !ok || !slices.Contains(in.Protocols, "query") && name != "sqs" {
			continue
		}
		if svc, err := g.cfg.Registry.Service(name); err == nil && svc.Operations[action] != nil {
			return in
		}
	}
	return sqs
}

// actionParams reads Action/Version from the query string or a form body
// without consuming the body for the codec.
func actionParams(r *http.Request) url.Values {
	q := r.URL.Query()
	if q.Get("Action") != "" {
		return q
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		body, err := peekBody(r, maxFormPeek)
		if err == nil {
			// ParseQuery keeps the pairs it could parse: a bad escape in one
			// value must not hide the Action (the codec reports the escape).
			v, _ := url.ParseQuery(string(body))
			return v
		}
	}
	return q
}

// looksLikeQueuePath matches SQS queue URL paths: "/<12-digit account>/<name>"
// and "/queue/<region>/<account>/<name>".
func looksLikeQueuePath(p string) bool {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) == 2 && len(parts[0]) == 12 && isDigits(parts[0]) {
		return true
	}
	return len(parts) == 4 && parts[0] == "queue" && isDigits(parts[2])
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}
