package server

import (
	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/gateway"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/cbor"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
	"github.com/setup-emulator/setup-emulator/server/protocol/query"
	"github.com/setup-emulator/setup-emulator/server/protocol/restjson"
	"github.com/setup-emulator/setup-emulator/server/protocol/restxml"
	"github.com/setup-emulator/setup-emulator/server/services/s3"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
	"github.com/setup-emulator/setup-emulator/server/services/sts"
)

// providers lists every service with a provider. Adding a service: generate
// its API (apiServices in server/model/gen) and add one line here.
func providers() map[string]gateway.Provider {
	return map[string]gateway.Provider{
		"s3":  func(env awsapi.Env) map[string]awsapi.Handler { return s3.Operations(s3.New(env)) },
		"sqs": func(env awsapi.Env) map[string]awsapi.Handler { return sqs.Operations(sqs.New(env)) },
		"sts": func(env awsapi.Env) map[string]awsapi.Handler { return sts.Operations(sts.New(env)) },
	}
}

// codecs lists the codec of every wire protocol.
func codecs() map[string]protocol.Codec {
	cs := []protocol.Codec{jsonrpc.New(), query.New(), query.NewEC2(), restjson.New(), restxml.New(), cbor.New()}
	out := make(map[string]protocol.Codec, len(cs))
	for _, c := range cs {
		out[c.Name()] = c
	}
	return out
}
