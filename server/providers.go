package server

import (
	"context"
	"net/http"
	"slices"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/gateway"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/cbor"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
	"github.com/setup-emulator/setup-emulator/server/protocol/query"
	"github.com/setup-emulator/setup-emulator/server/protocol/restjson"
	"github.com/setup-emulator/setup-emulator/server/protocol/restxml"
	"github.com/setup-emulator/setup-emulator/server/services/cloudwatch"
	"github.com/setup-emulator/setup-emulator/server/services/dynamodb"
	"github.com/setup-emulator/setup-emulator/server/services/dynamodbstreams"
	"github.com/setup-emulator/setup-emulator/server/services/events"
	"github.com/setup-emulator/setup-emulator/server/services/iam"
	"github.com/setup-emulator/setup-emulator/server/services/kinesis"
	"github.com/setup-emulator/setup-emulator/server/services/kms"
	"github.com/setup-emulator/setup-emulator/server/services/logs"
	"github.com/setup-emulator/setup-emulator/server/services/s3"
	"github.com/setup-emulator/setup-emulator/server/services/secretsmanager"
	"github.com/setup-emulator/setup-emulator/server/services/sns"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
	"github.com/setup-emulator/setup-emulator/server/services/ssm"
	"github.com/setup-emulator/setup-emulator/server/services/sts"
	"github.com/setup-emulator/setup-emulator/server/state"
)

// providers lists every service with a provider. Adding a service: generate
// its API (apiServices in server/model/gen) and add one line here.
func providers(inst *instances, bodies s3.BodyStore) map[string]gateway.Provider {
	sqsService := shared(sqs.New) // one SQS instance for its handlers and SNS's deliveries
	// One SNS instance for its handlers and EventBridge's deliveries.
	snsService := shared(func(env awsapi.Env) *sns.Service { return sns.New(env, sqsService(env)) })
	// One DynamoDB instance for its handlers and DynamoDB Streams' reads.
	dynamodbService := shared(dynamodb.New)
	// One KMS instance for its handlers and the services encrypting with it,
	// recorded at once so that state export sees keys made through SSM or
	// Secrets Manager (alias/aws/ssm) before any KMS request.
	kmsService := shared(func(env awsapi.Env) *kms.Service {
		k := kms.New(env)
		inst.mu.Lock()
		inst.built["kms"] = k
		inst.mu.Unlock()
		return k
	})
	// One Secrets Manager instance for its handlers and SSM's /aws/reference/secretsmanager/ names.
	secretsService := shared(func(env awsapi.Env) *secretsmanager.Service { return secretsmanager.New(env, kmsService(env).Crypto()) })
	// One IAM and one STS, built together: STS looks roles and user keys up
	// in IAM, IAM asks STS who owns a temporary key, and the gateway asks
	// IAM for the account (and, with ENFORCE_IAM, the permission) of every
	// emulator-issued key. Both are recorded at once for state export.
	iamService := shared(iam.New)
	stsService := shared(func(env awsapi.Env) *sts.Service {
		i := iamService(env)
		s := sts.New(env, i)
		i.SetSessions(s)
		inst.mu.Lock()
		inst.built["iam"], inst.built["sts"] = i, s
		inst.mu.Unlock()
		if inst.gw != nil { // nil only while EAGER_SERVICE_LOADING builds inside gateway.New
			inst.gw.SetAuthorizer(i)
		}
		return s
	})
	// One Kinesis and one CloudWatch for their handlers and the Logs
	// subscription and metric filters delivering into them, recorded at once
	// so that state export sees what Logs delivered before any direct request.
	kinesisService := shared(func(env awsapi.Env) *kinesis.Service {
		k := kinesis.New(env)
		inst.mu.Lock()
		inst.built["kinesis"] = k
		inst.mu.Unlock()
		return k
	})
	cloudwatchService := shared(func(env awsapi.Env) *cloudwatch.Service {
		c := cloudwatch.New(env, snsService(env))
		inst.mu.Lock()
		inst.built["cloudwatch"] = c
		inst.mu.Unlock()
		return c
	})
	// One EventBridge for its handlers and the services putting events on its
	// buses (S3's EventBridge notifications through PutDefaultBusEvent),
	// recorded at once so that state export sees what they put.
	eventsService := shared(func(env awsapi.Env) *events.Service {
		e := events.New(env, sqsService(env), snsService(env)).WithStreams(kinesisService(env))
		inst.mu.Lock()
		inst.built["events"] = e
		inst.mu.Unlock()
		return e
	})
	return map[string]gateway.Provider{
		"dynamodbstreams": provider(inst, "dynamodbstreams", func(env awsapi.Env) *dynamodbstreams.Service { return dynamodbstreams.New(env, dynamodbService(env)) }, dynamodbstreams.Operations),

		"cloudwatch": provider(inst, "cloudwatch", cloudwatchService, cloudwatch.Operations),
		"dynamodb":   provider(inst, "dynamodb", dynamodbService, dynamodb.Operations),
		"events":     provider(inst, "events", eventsService, events.Operations),
		"kinesis":    provider(inst, "kinesis", kinesisService, kinesis.Operations),
		"kms":        provider(inst, "kms", kmsService, kms.Operations),
		"logs":       provider(inst, "logs", func(env awsapi.Env) *logs.Service { return logs.New(env, kinesisService(env), cloudwatchService(env)) }, logs.Operations),
		"s3": provider(inst, "s3", func(env awsapi.Env) *s3.Service {
			return s3.NewWithOptions(env, s3.Options{Bodies: bodies, Queues: sqsService(env), Topics: snsService(env), Events: eventsService(env)})
		}, s3.Operations),
		"secretsmanager": provider(inst, "secretsmanager", secretsService, secretsmanager.Operations),
		"sns":            provider(inst, "sns", snsService, sns.Operations),
		"sqs":            provider(inst, "sqs", sqsService, sqs.Operations),
		"ssm": provider(inst, "ssm", func(env awsapi.Env) *ssm.Service {
			return ssm.New(env, kmsService(env).Crypto(), secretsService(env).Reader())
		}, ssm.Operations),
		"sts": provider(inst, "sts", stsService, sts.Operations),
		"iam": provider(inst, "iam", func(env awsapi.Env) *iam.Service { stsService(env); return iamService(env) }, iam.Operations),
	}
}

// provider builds a service with build and records the instance, so state
// export/import/reset can reach it.
func provider[T any, P any](inst *instances, name string, build func(awsapi.Env) T, ops func(P) map[string]awsapi.Handler) gateway.Provider {
	var zero T
	if _, ok := any(zero).(state.Service); ok {
		inst.stateful = append(inst.stateful, name)
	}
	return func(env awsapi.Env) map[string]awsapi.Handler {
		p := build(env)
		inst.mu.Lock()
		inst.built[name] = p
		inst.mu.Unlock()
		return ops(any(p).(P))
	}
}

// shared memoizes build, so that a service other services wire into (SQS for
// SNS) is one instance whichever provider the gateway builds first.
func shared[T any](build func(awsapi.Env) T) func(awsapi.Env) T {
	var once sync.Once
	var v T
	return func(env awsapi.Env) T {
		once.Do(func() { v = build(env) })
		return v
	}
}

// instances are a server's built providers (state.Providers).
type instances struct {
	gw       *gateway.Gateway
	stateful []string
	mu       sync.Mutex
	built    map[string]any
}

func (i *instances) Stateful() []string {
	out := slices.Clone(i.stateful)
	slices.Sort(out)
	return out
}

func (i *instances) Loaded(name string) (state.Service, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	s, ok := i.built[name].(state.Service)
	return s, ok
}

func (i *instances) Load(name string) (state.Service, bool) {
	if !i.gw.Load(name) {
		return nil, false
	}
	return i.Loaded(name)
}

// codecs lists the codec of every wire protocol.
func codecs() map[string]protocol.Codec {
	cs := []protocol.Codec{jsonrpc.New(), query.New(), query.NewEC2(), restjson.New(), restxml.New(), cbor.New(), cbor.NewLegacy()}
	out := make(map[string]protocol.Codec, len(cs))
	for _, c := range cs {
		out[c.Name()] = c
	}
	return out
}

// s3CORS matches a browser request against its bucket's CORS rules
// (gateway.S3BucketCORS); before S3 is built no bucket has rules.
func (i *instances) s3CORS(ctx context.Context, account, bucket, origin, method string, preflight bool, headers []string) (bool, http.Header, error) {
	i.mu.Lock()
	svc, _ := i.built["s3"].(*s3.Service)
	i.mu.Unlock()
	if svc == nil {
		return false, nil, nil
	}
	r := svc.MatchCORS(ctx, s3.CORSRequest{Account: account, Bucket: bucket, Origin: origin, Method: method, Preflight: preflight, Headers: headers})
	return r.Configured, r.Header, r.Err
}
