package server

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings are the emulator's configuration variables, LocalStack's names
// and defaults (localstack-runtime.md §4).
type Settings struct {
	Listen                                []string // GATEWAY_LISTEN as host:port pairs (default 0.0.0.0:4566)
	Host                                  string   // LOCALSTACK_HOST, host:port used in returned URLs
	UseSSL                                bool     // USE_SSL: only the scheme of returned URLs
	Services                              []string // SERVICES, expanded; nil = all
	Strict                                bool     // STRICT_SERVICE_LOADING (default true)
	Eager                                 bool     // EAGER_SERVICE_LOADING
	Debug                                 bool     // DEBUG or LS_LOG=debug|trace*
	LogLevel                              string   // LS_LOG
	VolumeDir                             string   // VOLUME_DIR (default /var/lib/localstack)
	ShutdownTimeout                       time.Duration
	CORSDisableChecks, CORSDisableHeaders bool
	CORSOrigins, CORSHeaders, CORSExpose  []string
}

// Getenv reads a variable LocalStack-style: LOCALSTACK_<NAME> wins over
// <NAME>, except for LOCALSTACK_HOST* (which are names of their own).
func Getenv(getenv func(string) string) func(string) string {
	return func(name string) string {
		if !strings.HasPrefix(name, "HOST") {
			if v := getenv("LOCALSTACK_" + name); v != "" {
				return v
			}
		}
		return getenv(name)
	}
}

func truthy(v string) bool { return v == "1" || strings.EqualFold(v, "true") }

func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// LoadSettings parses the configuration from getenv (already LOCALSTACK_-aware
// when built with Getenv). Errors name the variable and the bad value.
func LoadSettings(getenv func(string) string) (Settings, error) {
	s := Settings{
		Strict:             getenv("STRICT_SERVICE_LOADING") == "" || truthy(getenv("STRICT_SERVICE_LOADING")),
		Eager:              truthy(getenv("EAGER_SERVICE_LOADING")),
		UseSSL:             truthy(getenv("USE_SSL")),
		LogLevel:           strings.ToLower(getenv("LS_LOG")),
		VolumeDir:          getenv("VOLUME_DIR"),
		ShutdownTimeout:    5 * time.Second,
		CORSDisableChecks:  truthy(getenv("DISABLE_CORS_CHECKS")),
		CORSDisableHeaders: truthy(getenv("DISABLE_CORS_HEADERS")),
		CORSOrigins:        list(getenv("EXTRA_CORS_ALLOWED_ORIGINS")),
		CORSHeaders:        list(getenv("EXTRA_CORS_ALLOWED_HEADERS")),
		CORSExpose:         list(getenv("EXTRA_CORS_EXPOSE_HEADERS")),
	}
	s.Debug = truthy(getenv("DEBUG")) || s.LogLevel == "debug" || strings.HasPrefix(s.LogLevel, "trace")
	if s.VolumeDir == "" {
		s.VolumeDir = "/var/lib/localstack"
	}
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs < 0 {
			return s, fmt.Errorf("SHUTDOWN_TIMEOUT=%q: want a number of seconds", v)
		}
		s.ShutdownTimeout = time.Duration(secs * float64(time.Second))
	}
	listen := getenv("GATEWAY_LISTEN")
	if listen == "" {
		listen = "0.0.0.0:4566"
	}
	for _, a := range list(listen) {
		addr, err := normalizeListen(a)
		if err != nil {
			return s, fmt.Errorf("GATEWAY_LISTEN=%q: %v", listen, err)
		}
		s.Listen = append(s.Listen, addr)
	}
	_, port, _ := net.SplitHostPort(s.Listen[0])
	s.Host = getenv("LOCALSTACK_HOST")
	if s.Host == "" {
		s.Host = "localhost.localstack.cloud:" + port
	} else if _, _, err := net.SplitHostPort(s.Host); err != nil {
		s.Host = net.JoinHostPort(strings.Trim(s.Host, "[]"), port)
	}
	if v := getenv("SERVICES"); v != "" {
		s.Services = ExpandServices(list(v))
	}
	return s, nil
}

// normalizeListen accepts "host:port", ":port", "port", "host" and "[v6]:port".
func normalizeListen(a string) (string, error) {
	if _, err := strconv.Atoi(a); err == nil {
		a = ":" + a
	}
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		host, port = strings.Trim(a, "[]"), "4566"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("bad port %q", port)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port), nil
}

// BaseURL is the external URL returned in resource URLs (queue URLs, ...).
func (s Settings) BaseURL() string {
	if s.UseSSL {
		return "https://" + s.Host
	}
	return "http://" + s.Host
}

// ListenPorts are the distinct ports of Listen.
func (s Settings) ListenPorts() []string {
	var ports []string
	seen := map[string]bool{}
	for _, a := range s.Listen {
		_, p, _ := net.SplitHostPort(a)
		if !seen[p] {
			seen[p] = true
			ports = append(ports, p)
		}
	}
	return ports
}

// serviceComposites and serviceDependencies are LocalStack's
// (lc/utils/bootstrap.py, localstack-runtime.md §4).
var (
	serviceComposites = map[string][]string{
		"serverless": {"cloudformation", "cloudwatch", "iam", "sts", "lambda", "dynamodb", "apigateway", "s3"},
		"cognito":    {"cognito-idp", "cognito-identity"},
		"timestream": {"timestream-write", "timestream-query"},
	}
	serviceDependencies = map[string][]string{
		"dynamodb":        {"dynamodbstreams"},
		"dynamodbstreams": {"kinesis"},
		"lambda":          {"s3", "sts"},
		"cloudformation":  {"s3", "sts"},
		"es":              {"opensearch"},
		"firehose":        {"kinesis"},
		"secretsmanager":  {"kms", "lambda"},
		"ssm":             {"secretsmanager"},
	}
)

// ExpandServices resolves SERVICES entries: drops ":port" suffixes, expands
// composites and adds dependencies. The result is sorted and unique.
func ExpandServices(names []string) []string {
	seen := map[string]bool{}
	var add func(string)
	add = func(n string) {
		n = strings.ToLower(strings.TrimSpace(n))
		if i := strings.IndexByte(n, ':'); i >= 0 {
			n = n[:i]
		}
		if n == "" || seen[n] {
			return
		}
		if parts, ok := serviceComposites[n]; ok {
			for _, p := range parts {
				add(p)
			}
			return
		}
		seen[n] = true
		for _, d := range serviceDependencies[n] {
			add(d)
		}
	}
	for _, n := range names {
		add(n)
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
