package kinesis

import (
	"context"
	"sort"
	"strings"
)

// AddTagsToStream adds or overwrites at most 10 tags per call, 50 in all.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html
func (s *Service) AddTagsToStream(ctx context.Context, in *AddTagsToStreamInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if err := addTags(&str.Tags, in.Tags); err != nil {
		return nil, err
	}
	return &awsEmpty{}, nil
}

func addTags(dst *map[string]string, tags map[string]string) error {
	if len(tags) > 10 {
		return errInvalid("Failed to add tags: at most 10 tags can be added in a single request.")
	}
	if *dst == nil {
		*dst = map[string]string{}
	}
	n := len(*dst)
	for k := range tags {
		if _, ok := (*dst)[k]; !ok {
			n++
		}
	}
	if n > maxTagsPerStream {
		return errLimit("Failed to add tags: a resource can have at most %d tags.", maxTagsPerStream)
	}
	for k, v := range tags {
		(*dst)[k] = v
	}
	return nil
}

// RemoveTagsFromStream removes tags by key (absent keys are ignored).
func (s *Service) RemoveTagsFromStream(ctx context.Context, in *RemoveTagsFromStreamInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(str.Tags, k)
	}
	return &awsEmpty{}, nil
}

// ListTagsForStream lists tags sorted by key, Limit (default 10) at a time
// after ExclusiveStartTagKey, with HasMoreTags.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html
func (s *Service) ListTagsForStream(ctx context.Context, in *ListTagsForStreamInput) (*ListTagsForStreamOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	limit := int(valueOf(in.Limit))
	if limit <= 0 {
		limit = 10
	}
	tags := sortedTags(str.Tags)
	out := &ListTagsForStreamOutput{Tags: []Tag{}, HasMoreTags: ptr(false)}
	for _, t := range tags {
		if in.ExclusiveStartTagKey != nil && *t.Key <= *in.ExclusiveStartTagKey {
			continue
		}
		if len(out.Tags) == limit {
			out.HasMoreTags = ptr(true)
			break
		}
		out.Tags = append(out.Tags, t)
	}
	return out, nil
}

func sortedTags(m map[string]string) []Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Tag, len(keys))
	for i, k := range keys {
		out[i] = Tag{Key: ptr(k), Value: ptr(m[k])}
	}
	return out
}

// resourceTags resolves a stream or consumer ARN to its tag map; the store
// is returned locked.
func (s *Service) resourceTags(ctx context.Context, arn string) (*store, *map[string]string, error) {
	if _, _, ok := strings.Cut(arn, "/consumer/"); ok {
		st, str, i, err := s.findConsumer(ctx, nil, nil, &arn)
		if err != nil {
			return nil, nil, err
		}
		return st, &str.Consumers[i].Tags, nil
	}
	st, str, err := s.locate(ctx, nil, &arn)
	if err != nil {
		return nil, nil, err
	}
	return st, &str.Tags, nil
}

// TagResource tags a stream or consumer by ARN.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*awsEmpty, error) {
	st, tags, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if err := addTags(tags, in.Tags); err != nil {
		return nil, err
	}
	return &awsEmpty{}, nil
}

// UntagResource removes tags from a stream or consumer by ARN.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*awsEmpty, error) {
	st, tags, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(*tags, k)
	}
	return &awsEmpty{}, nil
}

// ListTagsForResource lists a stream's or consumer's tags by ARN.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	st, tags, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	return &ListTagsForResourceOutput{Tags: sortedTags(*tags)}, nil
}

// PutResourcePolicy stores a policy document on a stream or consumer.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyInput) (*awsEmpty, error) {
	st, _, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	st.data.Policies[valueOf(in.ResourceARN)] = valueOf(in.Policy)
	return &awsEmpty{}, nil
}

// GetResourcePolicy returns the stored policy ("{}" when none).
func (s *Service) GetResourcePolicy(ctx context.Context, in *GetResourcePolicyInput) (*GetResourcePolicyOutput, error) {
	st, _, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	p, ok := st.data.Policies[valueOf(in.ResourceARN)]
	if !ok {
		p = "{}"
	}
	return &GetResourcePolicyOutput{Policy: ptr(p)}, nil
}

// DeleteResourcePolicy removes the stored policy.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyInput) (*awsEmpty, error) {
	st, _, err := s.resourceTags(ctx, valueOf(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if _, ok := st.data.Policies[valueOf(in.ResourceARN)]; !ok {
		return nil, errNotFound("No resource policy found for resource ARN %s.", valueOf(in.ResourceARN))
	}
	delete(st.data.Policies, valueOf(in.ResourceARN))
	return &awsEmpty{}, nil
}
