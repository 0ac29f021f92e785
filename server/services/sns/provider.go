// Package sns is the Amazon Simple Notification Service provider: standard
// and FIFO topics, subscriptions and publishing, kept in memory per account
// and region.
//
// Delivery is synchronous and in-process: Publish returns once every matching
// SQS subscription holds the message (sent through the sqs.Deliverer the
// server wires in, never over HTTP). Subscriptions with other protocols are
// recorded instead of contacted: http/https subscriptions stay
// PendingConfirmation until ConfirmSubscription is called with the token the
// provider recorded (SubscriptionToken), and notifications for http, https,
// email, email-json and sms endpoints, as well as direct SMS publishes, are
// kept for inspection (SentMessages), as are messages to mobile platform
// endpoints (platform applications and endpoints are stored, nothing is
// pushed).
//
// Differences from AWS: no outbound HTTP, email, SMS or push; no retries, dead-letter
// queues or delivery status logging; access policies are stored but not
// enforced; the notification signature uses a key generated per server, whose
// certificate SigningCertificate returns.
package sns

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env   awsapi.Env
	queue sqs.Deliverer // nil: SQS subscriptions are recorded, not delivered

	mu     sync.Mutex // guards stores and everything they hold
	stores map[storeKey]*store

	signer signer
	http   httpSender // POSTs to http(s) subscriptions
}

type storeKey struct{ account, region string }

// store holds one account's topics, subscriptions, platform applications and
// SMS settings in one region.
type store struct {
	topics    map[string]*topic            // by TopicArn
	subs      map[string]*subscription     // by SubscriptionArn
	apps      map[string]*platformApp      // by PlatformApplicationArn
	endpoints map[string]*platformEndpoint // by EndpointArn
	smsAttrs  map[string]string            // SetSMSAttributes
	optedOut  map[string]bool              // phone numbers opted out of SMS
	sent      []Sent                       // recorded non-SQS deliveries, oldest first
}

var _ Provider = (*Service)(nil)

// New returns an SNS provider with no topics. queue delivers to SQS
// subscriptions; it may be nil in tests that do not deliver.
func New(env awsapi.Env, queue sqs.Deliverer) *Service {
	return &Service{env: env, queue: queue, stores: map[storeKey]*store{}}
}

// storeFor returns (creating) the store of account in region; s.mu is held.
func (s *Service) storeFor(account, region string) *store {
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{topics: map[string]*topic{}, subs: map[string]*subscription{},
			apps: map[string]*platformApp{}, endpoints: map[string]*platformEndpoint{}, optedOut: map[string]bool{}}
		s.stores[k] = st
	}
	return st
}

// arnParts is a parsed arn:aws:sns:<region>:<account>:<resource>.
type arnParts struct{ region, account, resource string }

// parseSNSArn splits an SNS ARN; ok is false when arn is not one.
func parseSNSArn(arn string) (arnParts, bool) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[2] != "sns" || p[3] == "" || p[4] == "" || p[5] == "" {
		return arnParts{}, false
	}
	return arnParts{region: p[3], account: p[4], resource: p[5]}, true
}

// topicByArn finds a topic by ARN in the account the ARN names; s.mu is held.
// region is the caller's region: SNS resolves topics only there ("" skips the
// check). Errors: InvalidParameter for a malformed ARN or another region
// (param names the member), NotFound "Topic does not exist".
func (s *Service) topicByArn(arn *string, param, region string) (*topic, error) {
	a, err := parseArnParam(deref(arn), param)
	if err != nil {
		return nil, err
	}
	if strings.Contains(a.resource, ":") || region != "" && a.region != region {
		return nil, errInvalidParameter("%s", param)
	}
	st := s.stores[storeKey{a.account, a.region}]
	if st == nil || st.topics[*arn] == nil {
		return nil, errTopicNotFound()
	}
	return st.topics[*arn], nil
}

// parseArnParam parses an SNS ARN given as member param. Errors:
// InvalidParameter "<param> Reason: An ARN must have at least 6 elements, not
// <n>".
func parseArnParam(arn, param string) (arnParts, error) {
	a, ok := parseSNSArn(arn)
	if !ok {
		return a, errInvalidParameter("%s Reason: An ARN must have at least 6 elements, not %d", param, len(strings.Split(arn, ":")))
	}
	return a, nil
}

// subByArn finds a subscription by ARN; s.mu is held. Errors: InvalidParameter
// for a malformed ARN, NotFound "Subscription does not exist".
func (s *Service) subByArn(arn *string) (*subscription, error) {
	a, err := parseArnParam(deref(arn), "SubscriptionArn")
	if err != nil {
		return nil, err
	}
	st := s.stores[storeKey{a.account, a.region}]
	if st == nil || st.subs[*arn] == nil {
		return nil, &NotFoundException{Message: ptr("Subscription does not exist")}
	}
	return st.subs[*arn], nil
}

func ptr[T any](v T) *T { return &v }

// errInvalidParameter is SNS's InvalidParameter; AWS prefixes every message
// with "Invalid parameter: " (SNS API Reference, Common Errors and each
// operation's InvalidParameter).
func errInvalidParameter(format string, args ...any) error {
	return &InvalidParameterException{Message: ptr(fmt.Sprintf("Invalid parameter: "+format, args...))}
}

// errParameterValue is SNS's ParameterValueInvalid (message attribute errors).
func errParameterValue(format string, args ...any) error {
	return &InvalidParameterValueException{Message: ptr(fmt.Sprintf(format, args...))}
}

func errTopicNotFound() error { return &NotFoundException{Message: ptr("Topic does not exist")} }

// callerRegion is the region of the request.
func callerRegion(ctx context.Context) string {
	_, region := requestScope(ctx)
	return region
}

// requestScope returns the caller's account and region.
func requestScope(ctx context.Context) (account, region string) {
	r := awsapi.RequestFrom(ctx)
	account, region = r.Account, r.Region
	if account == "" {
		account = awsapi.DefaultAccount
	}
	if region == "" {
		region = awsapi.DefaultRegion
	}
	return account, region
}
