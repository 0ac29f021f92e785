// Package gateway is the emulator's single HTTP entry point: it answers
// LocalStack's /_localstack endpoints, applies CORS, detects the AWS service
// and protocol of each request, derives account and region, decodes the
// request with the protocol's codec, dispatches to the service provider and
// encodes the result or error (see ../../../shared/design.md, "One request's
// way through the house").
package gateway

import (
	"log/slog"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Provider builds the handler table of one service from the shared Env.
type Provider func(env awsapi.Env) map[string]awsapi.Handler

// Config is everything a Gateway needs; server.New fills it from the
// environment.
type Config struct {
	Registry  *model.Registry
	Codecs    map[string]protocol.Codec // keyed by protocol name
	Providers map[string]Provider       // keyed by botocore service name

	// Enabled reports whether SERVICES allows a service (nil: all).
	Enabled func(service string) bool
	// Eager builds every provider at start (EAGER_SERVICE_LOADING=1).
	Eager bool

	// BaseURL is the external URL from LOCALSTACK_HOST ("http://localhost.localstack.cloud:4566").
	BaseURL string
	// ListenPorts are the ports of GATEWAY_LISTEN, for the CORS origin list.
	ListenPorts []string

	CORS CORSConfig
	// S3CORS matches a request against its bucket's CORS rules (nil: no
	// bucket CORS).
	S3CORS S3BucketCORS

	// BodyIdleTimeout is how long a request body may stall before the
	// request fails with 400 RequestTimeout (0: 20 s, as S3).
	BodyIdleTimeout time.Duration

	Version   string
	StartedAt time.Time
	SessionID string

	Env    awsapi.Env
	Logger *slog.Logger

	// Lifecycle hooks behind POST /_localstack/health; nil answers ok and does nothing.
	OnRestart func()
	OnKill    func()
	// Init reports the init-hook stages for /_localstack/init; nil means all
	// stages completed with no scripts.
	Init func() InitReport
}

// InitReport is the body of GET /_localstack/init.
type InitReport struct {
	Completed map[string]bool `json:"completed"`
	Scripts   []InitScript    `json:"scripts"`
}

// InitScript is one init hook script and its state (UNKNOWN, RUNNING, SUCCESSFUL, ERROR).
type InitScript struct {
	Stage string `json:"stage"`
	Name  string `json:"name"`
	State string `json:"state"`
}
