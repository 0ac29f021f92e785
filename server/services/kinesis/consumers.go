package kinesis

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// consumer is an enhanced fan-out consumer, recorded (ACTIVE at once).
type consumer struct {
	Name    string            `json:"name"`
	ARN     string            `json:"arn"`
	Created time.Time         `json:"created"`
	Tags    map[string]string `json:"tags,omitempty"`
}

func (c *consumer) summary() Consumer {
	return Consumer{ConsumerName: ptr(c.Name), ConsumerARN: ptr(c.ARN), ConsumerStatus: ptr(ConsumerStatusACTIVE),
		ConsumerCreationTimestamp: ptr(c.Created)}
}

// RegisterStreamConsumer registers a consumer (at most 20 per stream) with
// ARN <stream ARN>/consumer/<name>:<creation epoch seconds>.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html
func (s *Service) RegisterStreamConsumer(ctx context.Context, in *RegisterStreamConsumerInput) (*RegisterStreamConsumerOutput, error) {
	st, str, err := s.locate(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	name := valueOf(in.ConsumerName)
	for _, c := range str.Consumers {
		if c.Name == name {
			return nil, errInUse("Consumer %s under stream %s already exists for account %s.", name, str.Name, accountOf(str.ARN))
		}
	}
	if len(str.Consumers) >= maxConsumers {
		return nil, errLimit("Consumer limit of %d has been reached for stream %s.", maxConsumers, str.Name)
	}
	now := s.env.Now().UTC()
	c := &consumer{Name: name, ARN: fmt.Sprintf("%s/consumer/%s:%d", str.ARN, name, now.Unix()), Created: now, Tags: in.Tags}
	str.Consumers = append(str.Consumers, c)
	return &RegisterStreamConsumerOutput{Consumer: ptr(c.summary())}, nil
}

// findConsumer resolves ConsumerARN, or StreamARN with ConsumerName; the
// returned store is locked.
func (s *Service) findConsumer(ctx context.Context, streamARN, name, arn *string) (*store, *stream, int, error) {
	if arn != nil {
		sa, _, ok := strings.Cut(*arn, "/consumer/")
		if !ok {
			return nil, nil, 0, errInvalid("Invalid ConsumerARN %s.", *arn)
		}
		streamARN = &sa
	} else if streamARN == nil || name == nil {
		return nil, nil, 0, errInvalid("Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
	}
	st, str, err := s.locate(ctx, nil, streamARN)
	if err != nil {
		return nil, nil, 0, err
	}
	for i, c := range str.Consumers {
		if (arn != nil && c.ARN == *arn) || (arn == nil && c.Name == *name) {
			return st, str, i, nil
		}
	}
	st.mu.Unlock()
	what := valueOf(arn)
	if what == "" {
		what = *name
	}
	return nil, nil, 0, errNotFound("Consumer %s, account %s not found.", what, accountOf(str.ARN))
}

// DescribeStreamConsumer describes a consumer.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html
func (s *Service) DescribeStreamConsumer(ctx context.Context, in *DescribeStreamConsumerInput) (*DescribeStreamConsumerOutput, error) {
	st, str, i, err := s.findConsumer(ctx, in.StreamARN, in.ConsumerName, in.ConsumerARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	c := str.Consumers[i]
	return &DescribeStreamConsumerOutput{ConsumerDescription: &ConsumerDescription{ConsumerName: ptr(c.Name), ConsumerARN: ptr(c.ARN),
		ConsumerStatus: ptr(ConsumerStatusACTIVE), ConsumerCreationTimestamp: ptr(c.Created), StreamARN: ptr(str.ARN)}}, nil
}

// DeregisterStreamConsumer removes a consumer.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html
func (s *Service) DeregisterStreamConsumer(ctx context.Context, in *DeregisterStreamConsumerInput) (*awsEmpty, error) {
	st, str, i, err := s.findConsumer(ctx, in.StreamARN, in.ConsumerName, in.ConsumerARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	delete(st.data.Policies, str.Consumers[i].ARN)
	str.Consumers = append(str.Consumers[:i], str.Consumers[i+1:]...)
	return &awsEmpty{}, nil
}

// ListStreamConsumers lists a stream's consumers by name, MaxResults
// (default 100) at a time.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html
func (s *Service) ListStreamConsumers(ctx context.Context, in *ListStreamConsumersInput) (*ListStreamConsumersOutput, error) {
	st, str, err := s.locate(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	after := ""
	if in.NextToken != nil {
		if after, err = decodeToken(*in.NextToken); err != nil {
			return nil, err
		}
	}
	cs := append([]*consumer{}, str.Consumers...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	limit := int(valueOf(in.MaxResults))
	if limit <= 0 || limit > 10000 {
		limit = 100
	}
	out := &ListStreamConsumersOutput{Consumers: []Consumer{}}
	for _, c := range cs {
		if after != "" && c.Name <= after {
			continue
		}
		if len(out.Consumers) == limit {
			out.NextToken = ptr(encodeToken(valueOf(out.Consumers[limit-1].ConsumerName)))
			break
		}
		out.Consumers = append(out.Consumers, c.summary())
	}
	return out, nil
}
