package gateway

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// Authorizer resolves and authorizes access keys the emulator issued (IAM
// user keys, STS temporary credentials). The IAM provider implements it;
// server wiring installs it with SetAuthorizer when IAM or STS is built.
type Authorizer interface {
	// AccessKeyAccount returns the account of an emulator-issued key, so
	// that STS credentials of an assumed role act in the role's account.
	AccessKeyAccount(accessKey string) (account string, ok bool)
	// Authorize returns an empty code when the request in ctx
	// (awsapi.Request) may call operation of service (its IAM action
	// prefix) with input. Otherwise code is "AccessDenied" (the gateway
	// renders the protocol's access-denied code) or a credential error such
	// as "InvalidClientTokenId" or "ExpiredToken", with AWS's message.
	Authorize(ctx context.Context, service, operation string, input map[string]any) (code, message string)
}

// authorizerSlot holds the installed Authorizer (nil until one is).
type authorizerSlot struct{ v atomic.Pointer[Authorizer] }

// SetAuthorizer installs a; requests served afterwards use it.
func (g *Gateway) SetAuthorizer(a Authorizer) { g.authz.v.Store(&a) }

func (g *Gateway) authorizer() Authorizer {
	if p := g.authz.v.Load(); p != nil {
		return *p
	}
	return nil
}

// accountFor is accountOf consulting the Authorizer first.
func (g *Gateway) accountFor(accessKey string) string {
	if a := g.authorizer(); a != nil && accessKey != "" {
		if acct, ok := a.AccessKeyAccount(accessKey); ok {
			return acct
		}
	}
	return accountOf(accessKey)
}

// authorize asks the Authorizer about a decoded request and returns the
// protocol's access-denied error, or nil. The code is AccessDenied for S3,
// SQS and the query services and AccessDeniedException for the JSON ones
// (DynamoDB, KMS...), 403 always (each service's "Common Errors").
func (g *Gateway) authorize(ctx context.Context, req *awsapi.Request, svc *model.Service, op string, in map[string]any) awsapi.APIError {
	a := g.authorizer()
	if a == nil {
		return nil
	}
	prefix := svc.Metadata.SigningName
	if prefix == "" {
		prefix = svc.Metadata.EndpointPrefix
	}
	code, msg := a.Authorize(awsapi.WithRequest(ctx, req), prefix, op, in)
	if code == "" {
		return nil
	}
	if code == "AccessDenied" {
		code = "AccessDeniedException"
		switch svc.Metadata.Protocol {
		case "query", "ec2", "rest-xml":
			code = "AccessDenied"
		}
		if svc.Metadata.QueryCompatible() {
			code = "AccessDenied"
		}
	}
	return awsapi.NewError(http.StatusForbidden, code, "%s", msg)
}
