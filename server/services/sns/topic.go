package sns

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// topic is one topic and its subscriptions.
type topic struct {
	arn, name, account, region string
	fifo                       bool
	attrs                      map[string]string // attributes set by the user (Policy, DisplayName, ...)
	tags                       map[string]string
	subs                       []*subscription // in subscribe order
	deletedSubs                int

	// FIFO deduplication: MessageDeduplicationId -> first publish, 5 minutes.
	dedup      map[string]dedupEntry
	dedupOrder []string // ids in publish order, so expired ones leave from the front
	seq        uint64
}

type dedupEntry struct {
	messageID, seq string
	expires        time.Time
}

// dedupWindow is how long a FIFO topic remembers a MessageDeduplicationId
// (SNS Developer Guide, "Message deduplication for FIFO topics": 5 minutes).
const dedupWindow = 5 * time.Minute

// listPageSize is the page size of ListTopics (100, SNS API Reference) and of
// ListSubscriptions and ListSubscriptionsByTopic (100).
const listPageSize = 100

var (
	// Topic names: up to 256 letters, digits, hyphens and underscores; FIFO
	// names end in ".fifo" (CreateTopic API Reference, Name).
	standardName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	fifoName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,251}\.fifo$`)
)

// topicAttributeNames are the attributes CreateTopic and SetTopicAttributes
// accept (CreateTopic and SetTopicAttributes API Reference, Attributes,
// including the delivery status logging attributes).
var topicAttributeNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"DeliveryPolicy", "DisplayName", "FifoTopic", "Policy", "SignatureVersion",
		"TracingConfig", "KmsMasterKeyId", "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy"} {
		m[n] = true
	}
	for _, p := range []string{"Application", "Firehose", "HTTP", "Lambda", "SQS"} {
		m[p+"SuccessFeedbackRoleArn"] = true
		m[p+"SuccessFeedbackSampleRate"] = true
		m[p+"FailureFeedbackRoleArn"] = true
	}
	return m
}()

// CreateTopic creates a topic, or returns the ARN of the existing topic of
// that name when the given attributes and tags match it (the operation is
// idempotent, CreateTopic API Reference). A FIFO topic needs both the
// FifoTopic=true attribute and a name ending in ".fifo". Errors:
// InvalidParameter (name, attributes, existing topic with different
// attributes or tags), TagLimitExceeded.
func (s *Service) CreateTopic(ctx context.Context, in *CreateTopicInput) (*CreateTopicResponse, error) {
	name := deref(in.Name)
	fifo := strings.EqualFold(in.Attributes["FifoTopic"], "true")
	switch {
	case fifo && !fifoName.MatchString(name):
		return nil, errInvalidParameter("Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.")
	case !fifo && !standardName.MatchString(name):
		return nil, errInvalidParameter("Topic Name")
	}
	attrs := map[string]string{}
	for k, v := range in.Attributes {
		if !topicAttributeNames[k] {
			return nil, errInvalidParameter("Attributes Reason: Unknown attribute %s", k)
		}
		if k == "FifoTopic" {
			continue
		}
		if err := checkTopicAttribute(k, v, fifo); err != nil {
			return nil, err
		}
		attrs[k] = v
	}
	if in.DataProtectionPolicy != nil {
		attrs["DataProtectionPolicy"] = *in.DataProtectionPolicy
	}
	tags, err := tagMap(in.Tags)
	if err != nil {
		return nil, err
	}
	account, region := requestScope(ctx)
	arn := "arn:aws:sns:" + region + ":" + account + ":" + name
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	if t := st.topics[arn]; t != nil {
		for k, v := range attrs {
			if t.attrs[k] != v {
				return nil, errInvalidParameter("Attributes Reason: Topic already exists with different attributes")
			}
		}
		for k, v := range tags {
			if old, ok := t.tags[k]; ok && old != v {
				return nil, errInvalidParameter("Tags Reason: Topic already exists with different tags")
			}
		}
		return &CreateTopicResponse{TopicArn: ptr(arn)}, nil
	}
	st.topics[arn] = &topic{
		arn: arn, name: name, account: account, region: region, fifo: fifo,
		attrs: attrs, tags: tags, dedup: map[string]dedupEntry{},
	}
	return &CreateTopicResponse{TopicArn: ptr(arn)}, nil
}

// checkTopicAttribute validates one settable attribute's value.
func checkTopicAttribute(name, value string, fifo bool) error {
	switch name {
	case "ContentBasedDeduplication":
		if !fifo {
			return errInvalidParameter("Attributes Reason: Content-based deduplication can only be set for FIFO topics")
		}
		if value != "true" && value != "false" {
			return errInvalidParameter("Attributes Reason: ContentBasedDeduplication: Invalid value [%s]. Must be true or false.", value)
		}
	case "FifoThroughputScope":
		if !fifo {
			return errInvalidParameter("Attributes Reason: FifoThroughputScope can only be set for FIFO topics")
		}
		if value != "Topic" && value != "MessageGroup" {
			return errInvalidParameter("Attributes Reason: FifoThroughputScope: Invalid value [%s]. Please use either Topic or MessageGroup", value)
		}
	case "SignatureVersion":
		if value != "1" && value != "2" {
			return errInvalidParameter("Attributes Reason: SignatureVersion: Invalid value [%s]. Must be 1 or 2.", value)
		}
	case "Policy", "DeliveryPolicy", "DataProtectionPolicy", "ArchivePolicy":
		if value != "" && !json.Valid([]byte(value)) {
			return errInvalidParameter("Attributes Reason: %s: failed to parse JSON", name)
		}
	}
	return nil
}

// DeleteTopic deletes a topic and all its subscriptions. Deleting a topic that
// does not exist succeeds (the operation is idempotent, DeleteTopic API
// Reference). Errors: InvalidParameter for a malformed TopicArn.
func (s *Service) DeleteTopic(ctx context.Context, in *DeleteTopicInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if _, missing := err.(*NotFoundException); missing {
		return &awsapi.Empty{}, nil
	}
	if err != nil {
		return nil, err
	}
	st := s.stores[storeKey{t.account, t.region}]
	for _, sub := range t.subs {
		delete(st.subs, sub.arn)
	}
	delete(st.topics, t.arn)
	return &awsapi.Empty{}, nil
}

// ListTopics lists the caller's topics in its region, 100 per page, ordered
// by ARN; NextToken is the ARN the next page starts at. Errors:
// InvalidParameter for an unknown NextToken.
func (s *Service) ListTopics(ctx context.Context, in *ListTopicsInput) (*ListTopicsResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	arns := slices.Sorted(maps.Keys(s.storeFor(account, region).topics))
	s.mu.Unlock()
	page, next, err := paginate(arns, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListTopicsResponse{Topics: []Topic{}, NextToken: next}
	for _, arn := range page {
		out.Topics = append(out.Topics, Topic{TopicArn: ptr(arn)})
	}
	return out, nil
}

// paginate returns the page of sorted keys starting at token and the token
// of the next page: the base64 of the key it starts at.
func paginate(keys []string, token *string) (page []string, next *string, err error) {
	start := 0
	if token != nil && *token != "" {
		key, decodeErr := base64.StdEncoding.DecodeString(*token)
		i, found := slices.BinarySearch(keys, string(key))
		if decodeErr != nil || !found {
			return nil, nil, errInvalidParameter("NextToken")
		}
		start = i
	}
	end := min(start+listPageSize, len(keys))
	if end < len(keys) {
		next = ptr(base64.StdEncoding.EncodeToString([]byte(keys[end])))
	}
	return keys[start:end], next, nil
}

// GetTopicAttributes returns the topic's attributes: TopicArn, Owner, Policy
// (the default policy unless set), DisplayName, SubscriptionsConfirmed,
// SubscriptionsPending, SubscriptionsDeleted, EffectiveDeliveryPolicy, the
// FIFO attributes and every attribute set. Errors: NotFound "Topic does not
// exist", InvalidParameter.
func (s *Service) GetTopicAttributes(ctx context.Context, in *GetTopicAttributesInput) (*GetTopicAttributesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	confirmed, pending := 0, 0
	for _, sub := range t.subs {
		if sub.pending {
			pending++
		} else {
			confirmed++
		}
	}
	out := map[string]string{
		"TopicArn":                t.arn,
		"Owner":                   t.account,
		"Policy":                  defaultTopicPolicy(t.arn, t.account),
		"DisplayName":             "",
		"SubscriptionsConfirmed":  strconv.Itoa(confirmed),
		"SubscriptionsPending":    strconv.Itoa(pending),
		"SubscriptionsDeleted":    strconv.Itoa(t.deletedSubs),
		"EffectiveDeliveryPolicy": defaultEffectiveDeliveryPolicy,
	}
	if t.fifo {
		out["FifoTopic"] = "true"
		out["ContentBasedDeduplication"] = "false"
	}
	maps.Copy(out, t.attrs)
	if dp := t.attrs["DeliveryPolicy"]; dp != "" {
		out["EffectiveDeliveryPolicy"] = dp
	}
	return &GetTopicAttributesResponse{Attributes: out}, nil
}

// SetTopicAttributes sets one attribute. FifoTopic cannot be changed. Errors:
// InvalidParameter "AttributeName" for an attribute SetTopicAttributes does
// not accept, InvalidParameter for a bad value, NotFound.
func (s *Service) SetTopicAttributes(ctx context.Context, in *SetTopicAttributesInput) (*awsapi.Empty, error) {
	name, value := deref(in.AttributeName), deref(in.AttributeValue)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		return nil, err
	}
	if !topicAttributeNames[name] || name == "FifoTopic" {
		return nil, errInvalidParameter("AttributeName")
	}
	if err := checkTopicAttribute(name, value, t.fifo); err != nil {
		return nil, err
	}
	if value == "" && (name == "Policy" || name == "DeliveryPolicy") {
		delete(t.attrs, name) // back to the default
		return &awsapi.Empty{}, nil
	}
	t.attrs[name] = value
	return &awsapi.Empty{}, nil
}

// defaultTopicPolicy is the access policy AWS gives a new topic: every
// principal of the owner account may use the topic's actions.
func defaultTopicPolicy(arn, account string) string {
	type statement struct {
		Sid       string            `json:"Sid"`
		Effect    string            `json:"Effect"`
		Principal map[string]string `json:"Principal"`
		Action    []string          `json:"Action"`
		Resource  string            `json:"Resource"`
		Condition map[string]any    `json:"Condition"`
	}
	type policy struct { // AWS's member order
		Version   string      `json:"Version"`
		ID        string      `json:"Id"`
		Statement []statement `json:"Statement"`
	}
	b, _ := json.Marshal(policy{Version: "2008-10-17", ID: "__default_policy_ID", Statement: []statement{{
		Sid: "__default_statement_ID", Effect: "Allow", Principal: map[string]string{"AWS": "*"},
		Action: []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
			"SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"},
		Resource:  arn,
		Condition: map[string]any{"StringEquals": map[string]string{"AWS:SourceOwner": account}},
	}}})
	return string(b)
}

// defaultEffectiveDeliveryPolicy is the HTTP delivery policy AWS reports for a
// topic without a DeliveryPolicy (SNS Developer Guide, "Amazon SNS message
// delivery retries": 3 retries, 20 s, linear).
const defaultEffectiveDeliveryPolicy = `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`
