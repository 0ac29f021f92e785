package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Clients are the aws-sdk-go-v2 clients of one endpoint, configured as a user
// would (static test credentials, us-east-1, a base endpoint, path-style S3)
// except that the SDK does not retry, so every failure is counted once, and
// the connection pool keeps enough idle connections for concurrency 16
// (the SDK's default keeps 10 per host and would reconnect).
type Clients struct {
	URL      string
	S3       *s3.Client
	SQS      *sqs.Client
	DynamoDB *dynamodb.Client
	STS      *sts.Client
	SNS      *QueryClient
}

// NewClients returns clients for the endpoint at url.
func NewClients(url string) *Clients {
	hc := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConns = 256
		t.MaxIdleConnsPerHost = 256
	})
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		HTTPClient:   hc,
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
	return &Clients{
		URL:      url,
		S3:       s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		SQS:      sqs.NewFromConfig(cfg),
		DynamoDB: dynamodb.NewFromConfig(cfg),
		STS:      sts.NewFromConfig(cfg),
		SNS:      &QueryClient{URL: url, Service: "sns", Version: "2010-03-31", HTTP: hc, Signer: v4.NewSigner(), Creds: cfg.Credentials},
	}
}

// QueryClient sends awsQuery requests signed with the SDK's SigV4 signer
// over the SDK's HTTP client. It stands in for service/sns, which is not a
// dependency of the module yet; the wire traffic is what the SNS client
// sends (form-encoded POST, Action and Version, SigV4).
type QueryClient struct {
	URL, Service, Version string
	HTTP                  aws.HTTPClient
	Signer                *v4.Signer
	Creds                 aws.CredentialsProvider
}

// QueryError is a non-2xx answer to a query request.
type QueryError struct {
	Action string
	Status int
	Body   string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.Action, e.Status, strings.TrimSpace(e.Body))
}

// Do sends action with params and returns the response body (2xx) or a
// *QueryError.
func (c *QueryClient) Do(ctx context.Context, action string, params url.Values) ([]byte, error) {
	form := url.Values{"Action": {action}, "Version": {c.Version}}
	for k, v := range params {
		form[k] = v
	}
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	creds, err := c.Creds.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.Signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), c.Service, "us-east-1", time.Now()); err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, &QueryError{Action: action, Status: resp.StatusCode, Body: string(out)}
	}
	return out, nil
}
