package sqs

import (
	"context"
	"encoding/base64"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Queue names: 1–80 alphanumerics, hyphens and underscores; a FIFO queue's
// name ends in ".fifo" within those 80 (CreateQueue documentation).
var (
	standardName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)
	fifoName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,75}\.fifo$`)
)

// CreateQueue creates a queue, or returns the URL of an existing queue of
// that name whose attributes match the ones given (QueueNameExists when one
// differs). Attributes take the defaults the CreateQueue documentation gives.
// Errors: InvalidParameterValue (name), InvalidAttributeName,
// InvalidAttributeValue, QueueNameExists.
func (s *Service) CreateQueue(ctx context.Context, in *CreateQueueRequest) (*CreateQueueResult, error) {
	r := awsapi.RequestFrom(ctx)
	name := deref(in.QueueName)
	given := map[string]string{}
	for k, v := range in.Attributes {
		given[k] = v
	}
	fifo := false
	if v, ok := given["FifoQueue"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, errAttributeValue("FifoQueue")
		}
		fifo = b
		if !b {
			delete(given, "FifoQueue")
		}
	}
	if fifo && !fifoName.MatchString(name) {
		return nil, errInvalidParameter("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	}
	if !fifo && !standardName.MatchString(name) {
		return nil, errInvalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	attrs, err := checkAttributes(given, fifo)
	if err != nil {
		return nil, err
	}
	if err := s.checkRedriveTarget(attrs, fifo); err != nil {
		return nil, err
	}
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	if q := st.queues[name]; q != nil {
		q.mu.Lock()
		defer q.mu.Unlock()
		for _, k := range sortedKeys(attrs) {
			if q.attrs[k] != attrs[k] {
				return nil, &QueueNameExists{Message: ptr("A queue already exists with the same name and a different value for attribute " + k)}
			}
		}
		return &CreateQueueResult{QueueUrl: ptr(s.queueURL(r, q.account, q.region, q.name))}, nil
	}
	if at, ok := st.deleted[name]; ok && s.delayRecentlyDeleted() && s.env.Now().Sub(at) < 60*time.Second {
		return nil, &QueueDeletedRecently{Message: ptr("You must wait 60 seconds after deleting a queue before you can create another with the same name.")}
	}
	delete(st.deleted, name)
	full := defaultAttributes(fifo)
	if _, ok := attrs["KmsMasterKeyId"]; ok {
		full["KmsDataKeyReusePeriodSeconds"] = "300"
		full["SqsManagedSseEnabled"] = "false"
	}
	for k, v := range attrs {
		full[k] = v
	}
	q := newQueue(name, r.Account, r.Region, full, s.env.Now())
	for k, v := range in.Tags {
		q.tags[k] = v
	}
	st.queues[name] = q
	return &CreateQueueResult{QueueUrl: ptr(s.queueURL(r, r.Account, r.Region, name))}, nil
}

// delayRecentlyDeleted reports whether CreateQueue refuses a name deleted
// less than 60 seconds ago with QueueDeletedRecently, as AWS does
// (DeleteQueue API Reference). Like LocalStack, this is off unless
// SQS_DELAY_RECENTLY_DELETED is true, since test suites commonly delete and
// re-create queues.
func (s *Service) delayRecentlyDeleted() bool {
	if s.env.Getenv == nil {
		return false
	}
	v := strings.ToLower(s.env.Getenv("SQS_DELAY_RECENTLY_DELETED"))
	return v == "1" || v == "true"
}

// checkRedriveTarget requires a RedrivePolicy's dead-letter queue to exist
// and be of the same kind (FIFO or standard) as the source queue.
func (s *Service) checkRedriveTarget(attrs map[string]string, fifo bool) error {
	v := attrs["RedrivePolicy"]
	if v == "" {
		return nil
	}
	q := &queue{attrs: attrs}
	target, _ := q.redrive()
	dlq := s.queueByARN(target)
	if dlq == nil {
		return errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.", v)
	}
	if dlq.fifo != fifo {
		return errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..", v)
	}
	return nil
}

// queueByARN finds a queue from its ARN arn:aws:sqs:<region>:<account>:<name>.
func (s *Service) queueByARN(arn string) *queue {
	p := strings.Split(arn, ":")
	if len(p) != 6 || p[0] != "arn" || p[2] != "sqs" {
		return nil
	}
	st := s.store(p[4], p[3])
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.queues[p[5]]
}

// GetQueueUrl returns the URL of a queue of the caller (or of
// QueueOwnerAWSAccountId). Errors: QueueDoesNotExist.
func (s *Service) GetQueueUrl(ctx context.Context, in *GetQueueUrlRequest) (*GetQueueUrlResult, error) {
	r := awsapi.RequestFrom(ctx)
	account := r.Account
	if in.QueueOwnerAWSAccountId != nil && *in.QueueOwnerAWSAccountId != "" {
		account = *in.QueueOwnerAWSAccountId
	}
	st := s.store(account, r.Region)
	st.mu.RLock()
	q := st.queues[deref(in.QueueName)]
	st.mu.RUnlock()
	if q == nil {
		return nil, errNoQueue()
	}
	return &GetQueueUrlResult{QueueUrl: ptr(s.queueURL(r, q.account, q.region, q.name))}, nil
}

// ListQueues lists the caller's queue URLs in name order, optionally only
// those whose name starts with QueueNamePrefix. Without MaxResults it returns
// at most 1,000 and no NextToken; with MaxResults (1–1,000) it pages.
// Errors: InvalidParameterValue (MaxResults, NextToken).
func (s *Service) ListQueues(ctx context.Context, in *ListQueuesRequest) (*ListQueuesResult, error) {
	r := awsapi.RequestFrom(ctx)
	limit := 1000
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 1000 {
			return nil, errInvalidParameter("Value %d for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", *in.MaxResults)
		}
		limit = int(*in.MaxResults)
	}
	after := ""
	if in.MaxResults != nil && deref(in.NextToken) != "" {
		b, err := base64.StdEncoding.DecodeString(*in.NextToken)
		if err != nil || len(b) == 0 {
			return nil, errInvalidParameter("Invalid or expired next token.")
		}
		after = string(b)
	}
	prefix := deref(in.QueueNamePrefix)
	st := s.store(r.Account, r.Region)
	st.mu.RLock()
	names := make([]string, 0, len(st.queues))
	for name := range st.queues {
		if strings.HasPrefix(name, prefix) && name > after {
			names = append(names, name)
		}
	}
	st.mu.RUnlock()
	sort.Strings(names)
	out := &ListQueuesResult{}
	if len(names) > limit {
		names = names[:limit]
		if in.MaxResults != nil {
			out.NextToken = ptr(base64.StdEncoding.EncodeToString([]byte(names[limit-1])))
		}
	}
	for _, name := range names {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(r, r.Account, r.Region, name))
	}
	return out, nil
}

// DeleteQueue deletes a queue and its messages; pending long polls on it
// return. Errors: QueueDoesNotExist.
func (s *Service) DeleteQueue(ctx context.Context, in *DeleteQueueRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	st := s.store(q.account, q.region)
	st.mu.Lock()
	if st.queues[q.name] == q {
		delete(st.queues, q.name)
		if st.deleted == nil {
			st.deleted = map[string]time.Time{}
		}
		st.deleted[q.name] = s.env.Now()
	}
	st.mu.Unlock()
	q.mu.Lock()
	q.deleted = true
	q.purge()
	q.wake()
	q.mu.Unlock()
	return &awsapi.Empty{}, nil
}

// GetQueueAttributes returns the named attributes ("All" for every one),
// including the computed ApproximateNumberOfMessages*, CreatedTimestamp,
// LastModifiedTimestamp (epoch seconds) and QueueArn. No names returns no
// attributes. Errors: QueueDoesNotExist, InvalidAttributeName.
func (s *Service) GetQueueAttributes(ctx context.Context, in *GetQueueAttributesRequest) (*GetQueueAttributesResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	now := s.env.Now()
	q.advance(now)
	q.dropExpired(now, q.seconds("MessageRetentionPeriod"))
	attrs, err := q.attributes(in.AttributeNames)
	if err != nil {
		return nil, err
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	return &GetQueueAttributesResult{Attributes: attrs}, nil
}

// SetQueueAttributes changes settable attributes; FifoQueue cannot change.
// Errors: QueueDoesNotExist, InvalidAttributeName, InvalidAttributeValue.
func (s *Service) SetQueueAttributes(ctx context.Context, in *SetQueueAttributesRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	attrs, err := checkAttributes(in.Attributes, q.fifo)
	if err != nil {
		return nil, err
	}
	if v, ok := attrs["FifoQueue"]; ok && v != "true" {
		return nil, errAttributeValue("FifoQueue")
	}
	if err := s.checkRedriveTarget(attrs, q.fifo); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for k, v := range attrs {
		if v == "" && (k == "RedrivePolicy" || k == "Policy" || k == "RedriveAllowPolicy" || k == "KmsMasterKeyId") {
			delete(q.attrs, k)
			continue
		}
		q.attrs[k] = v
	}
	q.modified = s.env.Now()
	return &awsapi.Empty{}, nil
}

// PurgeQueue deletes every message of a queue, at most once every 60 seconds
// (PurgeQueue documentation). Errors: QueueDoesNotExist, PurgeQueueInProgress.
func (s *Service) PurgeQueue(ctx context.Context, in *PurgeQueueRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.lastPurge.IsZero() && now.Sub(q.lastPurge) < 60*time.Second {
		return nil, &PurgeQueueInProgress{Message: ptr("Only one PurgeQueue operation on " + q.name + " is allowed every 60 seconds.")}
	}
	q.lastPurge = now
	q.purge()
	return &awsapi.Empty{}, nil
}

// TagQueue adds or overwrites tags. Errors: QueueDoesNotExist.
func (s *Service) TagQueue(ctx context.Context, in *TagQueueRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for k, v := range in.Tags {
		q.tags[k] = v
	}
	return &awsapi.Empty{}, nil
}

// UntagQueue removes tags by key. Errors: QueueDoesNotExist.
func (s *Service) UntagQueue(ctx context.Context, in *UntagQueueRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(q.tags, k)
	}
	return &awsapi.Empty{}, nil
}

// ListQueueTags returns a queue's tags. Errors: QueueDoesNotExist.
func (s *Service) ListQueueTags(ctx context.Context, in *ListQueueTagsRequest) (*ListQueueTagsResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	out := &ListQueueTagsResult{}
	if len(q.tags) > 0 {
		out.Tags = make(map[string]string, len(q.tags))
		for k, v := range q.tags {
			out.Tags[k] = v
		}
	}
	return out, nil
}
