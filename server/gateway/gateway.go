package gateway

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

const (
	// maxFormPeek bounds how much of a form body is read to find its Action.
	maxFormPeek = 8 << 20
	// maxHeaderBytes is the header section AWS accepts before answering
	// RequestHeaderSectionTooLarge (S3 allows 8 KB of headers on PUT; we are lenient).
	maxHeaderBytes = 64 << 10
	// maxRPCBody bounds non-streaming (RPC protocol) request bodies; DynamoDB's
	// limit, 16 MB, is the largest of them.
	maxRPCBody = 16 << 20
)

// Gateway is the http.Handler serving every AWS service.
type Gateway struct {
	cfg          Config
	binder       protocol.Binder
	pathRules    []pathRule
	internal     http.Handler
	internalOnce sync.Once

	extraInternal []internalRoute

	// verifyPresign is S3_SKIP_SIGNATURE_VALIDATION=0, read once: the
	// configuration does not change while the gateway serves.
	verifyPresign bool

	mu          sync.Mutex
	services    map[string]*serviceState
	healthExtra map[string]any
	authz       authorizerSlot // emulator-issued keys (authz.go)
}

type internalRoute struct {
	path    string
	handler http.Handler
}

// serviceState is a provider built lazily on first use (LocalStack's
// "available" until loaded, then "running").
type serviceState struct {
	once     sync.Once
	handlers map[string]awsapi.Handler
	loaded   bool
}

// New builds a gateway. Providers are created on first use unless cfg.Eager.
func New(cfg Config) *Gateway {
	g := &Gateway{
		cfg:         cfg,
		pathRules:   buildPathRules(cfg.Registry),
		services:    map[string]*serviceState{},
		healthExtra: map[string]any{},
	}
	for name := range cfg.Providers {
		g.services[name] = &serviceState{}
	}
	g.verifyPresign = s3PresignCheck(cfg.Env.Getenv)
	if cfg.Eager {
		for name := range cfg.Providers {
			if g.enabled(name) {
				g.handlers(name)
			}
		}
	}
	return g
}

// Handle adds an internal route (under /_localstack or /_aws) served before
// service detection; call before serving. The router is built once, on the
// first internal request (building it per route cost start-up time).
func (g *Gateway) Handle(path string, h http.Handler) {
	g.extraInternal = append(g.extraInternal, internalRoute{path, h})
}

// internalHandler returns the router of /_localstack and the extra routes.
func (g *Gateway) internalHandler() http.Handler {
	g.internalOnce.Do(func() { g.internal = g.internalRouter() })
	return g.internal
}

func (g *Gateway) enabled(name string) bool { return g.cfg.Enabled == nil || g.cfg.Enabled(name) }

// Load builds the provider of an enabled service if it is not built yet
// (as its first request would), for state import and init files. It
// reports whether the service has a provider and is enabled.
func (g *Gateway) Load(name string) bool {
	if !g.enabled(name) {
		return false
	}
	return g.handlers(name) != nil
}

// ServiceStates returns LocalStack's state of every service with a provider:
// "disabled" (excluded by SERVICES), "available" (not loaded yet), "running".
func (g *Gateway) ServiceStates() map[string]string {
	out := make(map[string]string, len(g.services))
	g.mu.Lock()
	defer g.mu.Unlock()
	for name, st := range g.services {
		switch {
		case !g.enabled(name):
			out[name] = "disabled"
		case st.loaded:
			out[name] = "running"
		default:
			out[name] = "available"
		}
	}
	return out
}

func (g *Gateway) handlers(name string) map[string]awsapi.Handler {
	st, ok := g.services[name]
	if !ok {
		return nil
	}
	st.once.Do(func() {
		h := g.cfg.Providers[name](g.cfg.Env)
		g.mu.Lock()
		st.handlers, st.loaded = h, true
		g.mu.Unlock()
	})
	return st.handlers
}

// ServeHTTP runs the request chain: CORS, internal endpoints, detection,
// decode, dispatch, encode.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// net/http answers "Expect: 100-continue" only when the body is read, and
	// an empty body never is: botocore then waits for the 100 and misreads
	// the next response on the connection (a 60 s stall). S3 sends 100
	// Continue whatever the length, so do we.
	if r.ContentLength == 0 && strings.EqualFold(r.Header.Get("Expect"), "100-continue") && r.ProtoAtLeast(1, 1) {
		w.WriteHeader(http.StatusContinue)
	}
	w.Header().Set("x-localstack", "true")
	// A bucket with CORS rules answers browsers itself (S3 CORS); everything
	// else follows LocalStack's gateway CORS.
	answered, bucketCORS := g.applyS3BucketCORS(w, r, g.cfg.S3CORS)
	if answered {
		return
	}
	if !bucketCORS && !g.applyCORS(w, r) {
		return
	}
	if strings.HasPrefix(r.URL.Path, "/_localstack/") || r.URL.Path == "/_localstack" || g.isExtraInternal(r.URL.Path) {
		g.internalHandler().ServeHTTP(w, r)
		return
	}
	cred := parseCredential(r)
	rt := g.detect(r, cred)
	if rt.info == nil {
		// LocalStack's answer when no service claims a request.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "Not Found"}`)
		return
	}
	req := &awsapi.Request{
		ID:        g.cfg.Env.NewID(),
		Account:   g.accountFor(cred.AccessKey),
		AccessKey: cred.AccessKey,
		Region:    regionOf(cred),
		Service:   rt.info.Name,
		Host:      r.Host,
		BaseURL:   g.cfg.BaseURL,
		Scheme:    "http",
		Header:    r.Header,
	}
	if r.TLS != nil {
		req.Scheme = "https"
	}
	if rt.info.Name == "s3" && g.verifyPresign {
		if e := verifyS3Presigned(r, rt.bucket, g.cfg.Env.Now()); e != nil {
			writeS3Error(w, e, r.URL.Path, req.ID)
			return
		}
	}
	if rt.bucket != "" {
		movePathBucket(r, rt.bucket)
	}
	if rt.info.Name == "s3" && g.serveS3PostObject(w, r, rt.info, req) {
		return
	}
	g.serveAWS(w, r, rt.info, req)
}

func (g *Gateway) isExtraInternal(p string) bool {
	for _, e := range g.extraInternal {
		if strings.HasPrefix(p, strings.TrimSuffix(e.path, "{rest:.*}")) {
			return true
		}
	}
	return false
}

// movePathBucket rewrites a virtual-host request to path style.
func movePathBucket(r *http.Request, bucket string) {
	raw := r.URL.EscapedPath()
	r.URL.Path = "/" + bucket + r.URL.Path
	r.URL.RawPath = "/" + bucket + raw
	if r.URL.Path == r.URL.RawPath {
		r.URL.RawPath = ""
	}
}

// pick chooses the codec (and the model view it reads) of a request to a
// service that may speak several protocols.
func (g *Gateway) pick(r *http.Request, info *model.Info) (protocol.Codec, *model.Service, error) {
	name := info.Protocols[0]
	ct := r.Header.Get("Content-Type")
	multi := len(info.Protocols) > 1
	has := func(p string) bool {
		for _, x := range info.Protocols {
			if x == p {
				return true
			}
		}
		return false
	}
	switch {
	case multi && has("smithy-rpc-v2-cbor") && (r.Header.Get("Smithy-Protocol") == "rpc-v2-cbor" || strings.HasPrefix(ct, "application/cbor")):
		name = "smithy-rpc-v2-cbor"
	case multi && has("json") && (r.Header.Get("X-Amz-Target") != "" || strings.HasPrefix(ct, "application/x-amz-json")):
		name = "json"
	case multi && has("query"):
		name = "query"
	case multi:
		name = info.Protocols[0]
	}
	svc, err := g.cfg.Registry.Service(info.Name)
	if err != nil {
		return nil, nil, err
	}
	// A JSON service that also answers query (SQS) when a request carries
	// neither a target nor a JSON content type.
	if name == "json" && r.Header.Get("X-Amz-Target") == "" && !strings.HasPrefix(ct, "application/x-amz-json") {
		if qv, ok, err := g.cfg.Registry.QueryView(info.Name); ok && err == nil {
			name, svc = "query", qv
		}
	}
	// The AWS SDK for Java sends JSON 1.1 services (Kinesis) CBOR bodies
	// under their own media type unless told not to.
	if name == "json" && strings.HasPrefix(ct, "application/x-amz-cbor-1.1") {
		name = "x-amz-cbor-1.1"
	}
	codec, ok := g.cfg.Codecs[name]
	if !ok {
		return nil, nil, fmt.Errorf("no codec for protocol %q", name)
	}
	return codec, svc, nil
}

func (g *Gateway) serveAWS(w http.ResponseWriter, r *http.Request, info *model.Info, req *awsapi.Request) {
	codec, svc, err := g.pick(r, info)
	if err != nil {
		g.cfg.Logger.Error("no codec", "service", info.Name, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// JSON and CBOR answers of awsQueryCompatible services (SQS, CloudWatch)
	// carry the query error code in x-amzn-query-error.
	queryCompat := svc.Metadata.QueryCompatible() && (codec.Name() == "json" || codec.Name() == "smithy-rpc-v2-cbor")
	meta := protocol.Meta{RequestID: req.ID, QueryCompatible: queryCompat, Resource: r.URL.Path}
	setRequestIDHeaders(w.Header(), codec.Name(), req.ID)
	fail := func(op *model.Operation, e awsapi.APIError) {
		g.logRequest(r, info.Name, op, e.HTTPStatusCode(), e.ErrorCode())
		g.cfg.Logger.Debug("aws error", "service", info.Name, "code", e.ErrorCode(), "message", e.ErrorMessage())
		codec.EncodeError(w, svc, op, e, g.errorFields(e), meta)
	}
	if headerBytes(r) > maxHeaderBytes {
		fail(nil, awsapi.NewError(http.StatusBadRequest, "RequestHeaderSectionTooLarge", "Your request header section exceeds the maximum allowed size."))
		return
	}
	if !g.enabled(info.Name) {
		fail(nil, &awsapi.Error{Code: "InternalFailure", Status: http.StatusNotImplemented,
			Message: fmt.Sprintf("Service '%s' is not enabled. Please check your 'SERVICES' configuration variable.", info.Name)})
		return
	}
	timeout := g.cfg.BodyIdleTimeout
	if timeout == 0 {
		timeout = bodyIdleTimeout
	}
	watchBody(w, r, timeout)
	if !strings.HasPrefix(codec.Name(), "rest-") {
		if r.ContentLength > maxRPCBody {
			fail(nil, awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "Request body of %d bytes exceeds the limit of %d bytes.", r.ContentLength, maxRPCBody))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxRPCBody)
	}
	op, err := codec.Operation(svc, r)
	if err != nil {
		fail(nil, asAPIError(err))
		return
	}
	req.Operation = op.Name
	if err := inflateRequest(w, r, op); err != nil {
		fail(op, awsapi.NewError(http.StatusBadRequest, serializationCode(codec.Name()), "%v", err))
		return
	}
	// Parse first, as AWS and LocalStack do: malformed input is a 400 even
	// for an operation without a provider.
	in, err := codec.Decode(svc, op, r)
	if err != nil {
		fail(op, asAPIError(err))
		return
	}
	handler, ok := g.handlers(info.Name)[op.Name]
	if !ok {
		fail(op, awsapi.NotImplemented(info.Name, op.Name))
		return
	}
	if info.Name == "sqs" {
		queueURLFromPath(r, op, in, req)
	}
	if op.Input != nil && info.Name != "s3" {
		if errs := protocol.Validate(op.Input.Shape, in); len(errs) > 0 {
			fail(op, validationError(codec.Name(), errs))
			return
		}
	}
	if e := g.authorize(r.Context(), req, svc, op.Name, in); e != nil {
		fail(op, e)
		return
	}
	typed := handler.Input()
	if err := g.binder.Bind(in, typed); err != nil {
		fail(op, awsapi.NewError(http.StatusBadRequest, serializationCode(codec.Name()), "%v", err))
		return
	}
	ctx := awsapi.WithRequest(r.Context(), req)
	out, err := g.call(ctx, handler, typed, info.Name, op.Name)
	if err != nil {
		fail(op, asAPIError(err))
		return
	}
	status := http.StatusOK
	if op.HTTP.ResponseCode != 0 {
		status = op.HTTP.ResponseCode
	}
	g.logRequest(r, info.Name, op, status, "")
	if err := codec.Encode(w, svc, op, g.binder.Unbind(out), meta); err != nil {
		g.cfg.Logger.Warn("encode failed", "service", info.Name, "operation", op.Name, "err", err)
	}
}

// logRequest writes LocalStack's per-request line, "AWS sqs.SendMessage =>
// 200" or "AWS sqs.GetQueueUrl => 400 (AWS.SimpleQueueService.NonExistentQueue)",
// which log readers (the action's finish step, users' greps) count.
func (g *Gateway) logRequest(r *http.Request, service string, op *model.Operation, status int, code string) {
	if !g.cfg.Logger.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	name := "-"
	if op != nil {
		name = op.Name
	}
	msg := "AWS " + service + "." + name + " => " + strconv.Itoa(status)
	if code != "" {
		msg += " (" + code + ")"
	}
	g.cfg.Logger.Info(msg)
}

// call runs the provider, turning a panic into a 500 InternalError so one
// bad request never takes the server down.
func (g *Gateway) call(ctx context.Context, h awsapi.Handler, in any, service, op string) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			g.cfg.Logger.Error("provider panic", "service", service, "operation", op, "panic", p, "stack", string(debug.Stack()))
			out, err = nil, awsapi.InternalError(service, op, p)
		}
	}()
	return h.Call(ctx, in)
}

// errorFields returns a modelled error's members for the codec to render.
func (g *Gateway) errorFields(e awsapi.APIError) map[string]any {
	if _, plain := e.(*awsapi.Error); plain {
		return nil
	}
	return g.binder.Unbind(e)
}

func asAPIError(err error) awsapi.APIError {
	if e, ok := err.(awsapi.APIError); ok {
		return e
	}
	return &awsapi.Error{Code: "InternalError", Message: err.Error(), Status: http.StatusInternalServerError}
}

// validationError is the protocol family's code for model constraint
// violations: ValidationException for JSON services (DynamoDB, Kinesis),
// ValidationError for query services (STS, IAM, SNS).
func validationError(codec string, errs []string) *awsapi.Error {
	code := "ValidationException"
	if codec == "query" || codec == "ec2" {
		code = "ValidationError"
	}
	return &awsapi.Error{Code: code, Message: protocol.ValidationMessage(errs), Status: http.StatusBadRequest, Sender: true}
}

func serializationCode(codec string) string {
	switch codec {
	case "query", "ec2":
		return "MalformedInput"
	case "rest-xml":
		return "MalformedXML"
	}
	return "SerializationException"
}

// setRequestIDHeaders writes the request id where each protocol's clients
// look for it (localstack-runtime.md §8).
func setRequestIDHeaders(h http.Header, codec, id string) {
	switch codec {
	case "rest-xml":
		h.Set("x-amz-request-id", id)
		h.Set("x-amz-id-2", "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=")
	case "rest-json":
		h.Set("x-amzn-RequestId", id)
		h.Set("x-amz-request-id", id)
	default:
		h.Set("x-amzn-RequestId", id)
	}
}

func headerBytes(r *http.Request) int {
	n := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// peekBody reads up to limit bytes of the body and puts them back so the
// codec reads the whole body as sent.
func peekBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, limit))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	return buf, err
}

// queueURLFromPath fills a missing QueueUrl from the request path: SQS query
// requests may be sent to the queue URL itself ("POST /000000000000/q
// Action=SendMessage"), as in AWS's query API examples.
func queueURLFromPath(r *http.Request, op *model.Operation, in map[string]any, req *awsapi.Request) {
	if _, set := in["QueueUrl"]; set || op.Input == nil || op.Input.Shape.Members["QueueUrl"] == nil || !looksLikeQueuePath(r.URL.Path) {
		return
	}
	in["QueueUrl"] = req.Scheme + "://" + r.Host + r.URL.Path
}
