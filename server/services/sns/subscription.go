package sns

import (
	"context"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// subscription is one endpoint subscribed to a topic.
type subscription struct {
	arn, topicArn, protocol, endpoint, owner string
	attrs                                    map[string]string // set by the user
	filter                                   *filterPolicy     // parsed FilterPolicy, nil without one
	pending                                  bool              // waiting for ConfirmSubscription
	token                                    string            // confirmation token (pending protocols)
	authenticated                            bool              // ConfirmationWasAuthenticated
}

// raw reports whether RawMessageDelivery is on.
func (sub *subscription) raw() bool { return sub.attrs["RawMessageDelivery"] == "true" }

// subscriptionAttributeNames are the attributes Subscribe and
// SetSubscriptionAttributes accept (SetSubscriptionAttributes API Reference).
var subscriptionAttributeNames = map[string]bool{
	"DeliveryPolicy": true, "FilterPolicy": true, "FilterPolicyScope": true, "RawMessageDelivery": true,
	"RedrivePolicy": true, "SubscriptionRoleArn": true, "ReplayPolicy": true,
}

// protocols are the Subscribe protocols AWS supports; pendingProtocols need
// the endpoint to confirm (Subscribe API Reference, Protocol).
var (
	protocols        = []string{"http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"}
	pendingProtocols = map[string]bool{"http": true, "https": true, "email": true, "email-json": true}
	sqsArn           = regexp.MustCompile(`^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$`)
)

// pendingArn is what Subscribe returns for a subscription awaiting
// confirmation unless ReturnSubscriptionArn is true, and listPendingArn what
// the List operations show in its place (Subscribe and ListSubscriptions API
// Reference).
const (
	pendingArn     = "pending confirmation"
	listPendingArn = "PendingConfirmation"
)

// Subscribe subscribes an endpoint to a topic. sqs, lambda, firehose,
// application and sms subscriptions are confirmed at once; http, https, email
// and email-json ones stay pending until ConfirmSubscription with the token
// recorded for them (SubscriptionToken). Subscribing the same protocol and
// endpoint again returns the existing subscription. Errors: NotFound,
// InvalidParameter (protocol, endpoint, attributes, FIFO rules).
func (s *Service) Subscribe(ctx context.Context, in *SubscribeInput) (*SubscribeResponse, error) {
	protocol, endpoint := deref(in.Protocol), deref(in.Endpoint)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	if !slices.Contains(protocols, protocol) {
		return nil, errInvalidParameter("Amazon SNS does not support this protocol string: %s", protocol)
	}
	if err := checkEndpoint(protocol, endpoint); err != nil {
		return nil, err
	}
	if protocol == "application" {
		if _, err := s.endpointByArn(&endpoint, "Endpoint"); err != nil {
			return nil, errNoEndpoint()
		}
	}
	switch {
	case t.fifo && protocol != "sqs":
		return nil, errInvalidParameter("Invalid protocol type: %s", protocol)
	case !t.fifo && protocol == "sqs" && strings.HasSuffix(endpoint, ".fifo"):
		return nil, errInvalidParameter("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
	}
	sub := &subscription{topicArn: t.arn, protocol: protocol, endpoint: endpoint, owner: t.account, attrs: map[string]string{}}
	// The scope first: it decides how FilterPolicy is read.
	keys := slices.Sorted(maps.Keys(in.Attributes))
	if i := slices.Index(keys, "FilterPolicyScope"); i > 0 {
		keys = append([]string{"FilterPolicyScope"}, slices.Delete(keys, i, i+1)...)
	}
	for _, k := range keys {
		if err := sub.set(k, in.Attributes[k], "Attributes Reason: "); err != nil {
			return nil, err
		}
	}
	for _, old := range t.subs {
		if old.protocol != protocol || old.endpoint != endpoint {
			continue
		}
		for k, v := range sub.attrs {
			if old.attrs[k] != v {
				return nil, errInvalidParameter("Attributes Reason: Subscription already exists with different attributes")
			}
		}
		return &SubscribeResponse{SubscriptionArn: ptr(shownArn(old, in.ReturnSubscriptionArn))}, nil
	}
	sub.arn = t.arn + ":" + s.env.NewID()
	if pendingProtocols[protocol] {
		sub.pending = true
		sub.token = strings.ReplaceAll(s.env.NewID()+s.env.NewID(), "-", "")
		s.recordConfirmation(ctx, t, sub)
	} else {
		sub.authenticated = true
	}
	t.subs = append(t.subs, sub)
	s.stores[storeKey{t.account, t.region}].subs[sub.arn] = sub
	return &SubscribeResponse{SubscriptionArn: ptr(shownArn(sub, in.ReturnSubscriptionArn))}, nil
}

// shownArn is the ARN Subscribe returns for sub.
func shownArn(sub *subscription, returnArn *bool) string {
	if sub.pending && !valueOf(returnArn) {
		return pendingArn
	}
	return sub.arn
}

// checkEndpoint validates endpoint for protocol (Subscribe API Reference,
// Endpoint).
func checkEndpoint(protocol, endpoint string) error {
	switch protocol {
	case "sqs":
		if !sqsArn.MatchString(endpoint) {
			return errInvalidParameter("SQS endpoint ARN")
		}
	case "http", "https":
		if !strings.HasPrefix(strings.ToLower(endpoint), protocol+"://") {
			return errInvalidParameter("Endpoint must match the specified protocol")
		}
	case "email", "email-json":
		if at := strings.Index(endpoint, "@"); at <= 0 || at == len(endpoint)-1 {
			return errInvalidParameter("Email address")
		}
	case "sms":
		if !phoneNumber.MatchString(endpoint) {
			return &InvalidParameterException{Message: ptr("Invalid SMS endpoint: " + endpoint)}
		}
	case "application":
		if !strings.Contains(endpoint, ":endpoint/") {
			return errNoEndpoint()
		}
	case "lambda", "firehose":
		if !strings.HasPrefix(endpoint, "arn:") {
			return errInvalidParameter("%s endpoint ARN", protocol)
		}
	}
	return nil
}

// phoneNumber is an E.164 number, "+" optional (Publish API Reference,
// PhoneNumber).
var phoneNumber = regexp.MustCompile(`^\+?[0-9]{1,15}$`)

// set validates and stores one subscription attribute (SetSubscriptionAttributes
// API Reference); an empty FilterPolicy removes the policy. Error messages
// start "Invalid parameter: " and, from Subscribe, "Attributes Reason: "
// (prefix).
func (sub *subscription) set(name, value, prefix string) error {
	if !subscriptionAttributeNames[name] {
		return errInvalidParameter("%sAttributeName", prefix)
	}
	switch name {
	case "RawMessageDelivery":
		v := strings.ToLower(value)
		if v != "true" && v != "false" {
			return errInvalidParameter("%sRawMessageDelivery: Invalid value [%s]. Must be true or false.", prefix, value)
		}
		value = v
	case "FilterPolicyScope":
		if value != scopeAttributes && value != scopeBody {
			return errInvalidParameter("%sFilterPolicyScope: Invalid value [%s]. Please use either MessageBody or MessageAttributes", prefix, value)
		}
		if p := sub.attrs["FilterPolicy"]; p != "" {
			f, err := parseFilterPolicy(p, value)
			if err != nil {
				return withPrefix(err, prefix)
			}
			sub.filter = f
		}
	case "FilterPolicy":
		if value == "" {
			delete(sub.attrs, name)
			sub.filter = nil
			return nil
		}
		scope := sub.attrs["FilterPolicyScope"]
		if scope == "" {
			scope = scopeAttributes
		}
		f, err := parseFilterPolicy(value, scope)
		if err != nil {
			return withPrefix(err, prefix)
		}
		sub.filter = f
	case "RedrivePolicy":
		var rp struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		}
		if json.Unmarshal([]byte(value), &rp) != nil {
			return errInvalidParameter("%sRedrivePolicy: failed to parse JSON.", prefix)
		}
		if p := strings.SplitN(rp.DeadLetterTargetArn, ":", 6); len(p) != 6 || p[0] != "arn" {
			return errInvalidParameter("%sRedrivePolicy: deadLetterTargetArn is an invalid arn", prefix)
		}
	case "DeliveryPolicy", "ReplayPolicy":
		if value != "" && !json.Valid([]byte(value)) {
			return errInvalidParameter("%s%s: failed to parse JSON.", prefix, name)
		}
	}
	sub.attrs[name] = value
	return nil
}

// ConfirmSubscription confirms a pending subscription with the token SNS sent
// to its endpoint (recorded here; see SubscriptionToken). Errors: NotFound,
// InvalidParameter "Token" for a token no subscription of the topic has.
func (s *Service) ConfirmSubscription(ctx context.Context, in *ConfirmSubscriptionInput) (*ConfirmSubscriptionResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", "")
	if err != nil {
		return nil, err
	}
	for _, sub := range t.subs {
		if sub.token != "" && sub.token == deref(in.Token) {
			// ConfirmSubscription is a signed API call, so the confirmation
			// was authenticated (GetSubscriptionAttributes API Reference,
			// ConfirmationWasAuthenticated); confirming again is a no-op.
			sub.pending, sub.authenticated = false, true
			return &ConfirmSubscriptionResponse{SubscriptionArn: ptr(sub.arn)}, nil
		}
	}
	return nil, errInvalidParameter("Token")
}

// SubscriptionToken returns the confirmation token SNS sent to a pending (or
// since confirmed) http, https, email or email-json subscription, as
// LocalStack shows it at /_aws/sns/subscription-tokens/<arn>.
func (s *Service) SubscriptionToken(subscriptionArn string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.subByArn(&subscriptionArn)
	if err != nil || sub.token == "" {
		return "", false
	}
	return sub.token, true
}

// Unsubscribe deletes a subscription. Unsubscribing a subscription that does
// not exist succeeds (the operation is idempotent). Errors: InvalidParameter
// for a malformed ARN, "SubscriptionId" for an ARN without a subscription id.
func (s *Service) Unsubscribe(ctx context.Context, in *UnsubscribeInput) (*awsapi.Empty, error) {
	a, err := parseArnParam(deref(in.SubscriptionArn), "SubscriptionArn")
	if err != nil {
		return nil, err
	}
	if !strings.Contains(a.resource, ":") {
		return nil, errInvalidParameter("SubscriptionId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stores[storeKey{a.account, a.region}]
	if st == nil || st.subs[*in.SubscriptionArn] == nil {
		return &awsapi.Empty{}, nil
	}
	sub := st.subs[*in.SubscriptionArn]
	delete(st.subs, sub.arn)
	if t := st.topics[sub.topicArn]; t != nil {
		t.subs = slices.DeleteFunc(t.subs, func(x *subscription) bool { return x == sub })
		t.deletedSubs++
	}
	return &awsapi.Empty{}, nil
}

// ListSubscriptions lists the caller's subscriptions in its region, 100 per
// page, ordered by ARN; pending ones show the ARN "PendingConfirmation".
func (s *Service) ListSubscriptions(ctx context.Context, in *ListSubscriptionsInput) (*ListSubscriptionsResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	page, next, err := paginate(slices.Sorted(maps.Keys(st.subs)), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListSubscriptionsResponse{Subscriptions: []Subscription{}, NextToken: next}
	for _, arn := range page {
		out.Subscriptions = append(out.Subscriptions, st.subs[arn].listed())
	}
	return out, nil
}

// ListSubscriptionsByTopic lists a topic's subscriptions, 100 per page.
// Errors: NotFound "Topic does not exist".
func (s *Service) ListSubscriptionsByTopic(ctx context.Context, in *ListSubscriptionsByTopicInput) (*ListSubscriptionsByTopicResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	byArn := map[string]*subscription{}
	for _, sub := range t.subs {
		byArn[sub.arn] = sub
	}
	page, next, err := paginate(slices.Sorted(maps.Keys(byArn)), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListSubscriptionsByTopicResponse{Subscriptions: []Subscription{}, NextToken: next}
	for _, arn := range page {
		out.Subscriptions = append(out.Subscriptions, byArn[arn].listed())
	}
	return out, nil
}

func (sub *subscription) listed() Subscription {
	arn := sub.arn
	if sub.pending {
		arn = listPendingArn
	}
	return Subscription{SubscriptionArn: ptr(arn), Owner: ptr(sub.owner), Protocol: ptr(sub.protocol),
		Endpoint: ptr(sub.endpoint), TopicArn: ptr(sub.topicArn)}
}

// GetSubscriptionAttributes returns SubscriptionArn, TopicArn, Owner,
// Protocol, Endpoint, PendingConfirmation, ConfirmationWasAuthenticated,
// RawMessageDelivery, EffectiveDeliveryPolicy (http/https) and every attribute set
// (FilterPolicy with its FilterPolicyScope, RedrivePolicy, ...). Errors:
// NotFound "Subscription does not exist".
func (s *Service) GetSubscriptionAttributes(ctx context.Context, in *GetSubscriptionAttributesInput) (*GetSubscriptionAttributesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.subByArn(in.SubscriptionArn)
	if err != nil {
		return nil, err
	}
	out := map[string]string{
		"SubscriptionArn":              sub.arn,
		"TopicArn":                     sub.topicArn,
		"Owner":                        sub.owner,
		"Protocol":                     sub.protocol,
		"Endpoint":                     sub.endpoint,
		"PendingConfirmation":          boolString(sub.pending),
		"ConfirmationWasAuthenticated": boolString(sub.authenticated),
		"RawMessageDelivery":           "false",
	}
	if sub.protocol == "http" || sub.protocol == "https" {
		out["EffectiveDeliveryPolicy"] = `{"healthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":null,"guaranteed":false}`
	}
	maps.Copy(out, sub.attrs)
	// FilterPolicyScope shows with a FilterPolicy only, MessageAttributes by
	// default (SNS Developer Guide, "Subscription filter policy scope").
	delete(out, "FilterPolicyScope")
	if sub.filter != nil {
		out["FilterPolicyScope"] = sub.filter.scope
	}
	return &GetSubscriptionAttributesResponse{Attributes: out}, nil
}

// SetSubscriptionAttributes sets one of DeliveryPolicy, FilterPolicy,
// FilterPolicyScope, RawMessageDelivery, RedrivePolicy, SubscriptionRoleArn or
// ReplayPolicy. Errors: InvalidParameter "AttributeName" for any other name,
// InvalidParameter for a bad value or filter policy, NotFound.
func (s *Service) SetSubscriptionAttributes(ctx context.Context, in *SetSubscriptionAttributesInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.subByArn(in.SubscriptionArn)
	if err != nil {
		return nil, err
	}
	if err := sub.set(deref(in.AttributeName), deref(in.AttributeValue), ""); err != nil {
		return nil, err
	}
	return &awsapi.Empty{}, nil
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// valueOf returns *p, or the zero value for nil.
func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// withPrefix inserts prefix after "Invalid parameter: " in an
// InvalidParameter message.
func withPrefix(err error, prefix string) error {
	e, ok := err.(*InvalidParameterException)
	if !ok || prefix == "" {
		return err
	}
	msg := strings.TrimPrefix(deref(e.Message), "Invalid parameter: ")
	return &InvalidParameterException{Message: ptr("Invalid parameter: " + prefix + msg)}
}
