package sqs

import (
	"context"
	"encoding/base64"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// ListDeadLetterSourceQueues lists the URLs of the caller's queues whose
// RedrivePolicy targets the given queue, in name order, paged like
// ListQueues (MaxResults 1–1,000). Errors: QueueDoesNotExist,
// InvalidParameterValue.
func (s *Service) ListDeadLetterSourceQueues(ctx context.Context, in *ListDeadLetterSourceQueuesRequest) (*ListDeadLetterSourceQueuesResult, error) {
	dlq, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
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
	r := awsapi.RequestFrom(ctx)
	st := s.store(dlq.account, dlq.region)
	st.mu.RLock()
	queues := make([]*queue, 0, len(st.queues))
	for name, q := range st.queues {
		if name > after {
			queues = append(queues, q)
		}
	}
	st.mu.RUnlock()
	var names []string
	for _, q := range queues {
		q.mu.Lock()
		target, _ := q.redrive()
		q.mu.Unlock()
		if target == dlq.arn {
			names = append(names, q.name)
		}
	}
	sort.Strings(names)
	out := &ListDeadLetterSourceQueuesResult{QueueUrls: []string{}}
	if len(names) > limit {
		names = names[:limit]
		if in.MaxResults != nil {
			out.NextToken = ptr(base64.StdEncoding.EncodeToString([]byte(names[limit-1])))
		}
	}
	for _, n := range names {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(r, dlq.account, dlq.region, n))
	}
	return out, nil
}
