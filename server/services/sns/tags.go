package sns

import (
	"context"
	"maps"
	"slices"
)

// maxTags is the most tags a topic carries (SNS Developer Guide, "Amazon SNS
// topic tagging": 50 per topic).
const maxTags = 50

// tagMap validates tags (keys 1-128 characters, values up to 256) into a map.
func tagMap(tags []Tag) (map[string]string, error) {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := deref(t.Key), deref(t.Value)
		if _, dup := out[k]; dup {
			return nil, errInvalidParameter("Duplicated keys are not allowed.")
		}
		if len(k) < 1 || len(k) > 128 || len(v) > 256 {
			return nil, errInvalidParameter("Tags Reason: Tag keys must be between 1 and 128 characters and values at most 256 characters")
		}
		out[k] = v
	}
	if len(out) > maxTags {
		return nil, errTagLimit()
	}
	return out, nil
}

func errTagLimit() error {
	return &TagLimitExceededException{Message: ptr("Could not complete request: tag quota of per resource exceeded")}
}

// tagTarget finds the topic a tagging call names; s.mu is held. Errors:
// ResourceNotFound "Resource does not exist", InvalidParameter.
func (s *Service) tagTarget(ctx context.Context, arn *string) (*topic, error) {
	t, err := s.topicByArn(arn, "ResourceArn", callerRegion(ctx))
	if _, missing := err.(*NotFoundException); missing {
		return nil, &ResourceNotFoundException{Message: ptr("Resource does not exist")}
	}
	return t, err
}

// TagResource adds or overwrites tags on a topic. Errors: ResourceNotFound,
// TagLimitExceeded past 50 tags, InvalidParameter.
func (s *Service) TagResource(ctx context.Context, in *TagResourceRequest) (*TagResourceResponse, error) {
	tags, err := tagMap(in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTarget(ctx, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	merged := maps.Clone(t.tags)
	maps.Copy(merged, tags)
	if len(merged) > maxTags {
		return nil, errTagLimit()
	}
	t.tags = merged
	return &TagResourceResponse{}, nil
}

// UntagResource removes tags from a topic; absent keys are ignored. Errors:
// ResourceNotFound, InvalidParameter.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceRequest) (*UntagResourceResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTarget(ctx, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(t.tags, k)
	}
	return &UntagResourceResponse{}, nil
}

// ListTagsForResource lists a topic's tags ordered by key. Errors:
// ResourceNotFound, InvalidParameter.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceRequest) (*ListTagsForResourceResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTarget(ctx, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	out := &ListTagsForResourceResponse{Tags: []Tag{}}
	for _, k := range slices.Sorted(maps.Keys(t.tags)) {
		out.Tags = append(out.Tags, Tag{Key: ptr(k), Value: ptr(t.tags[k])})
	}
	return out, nil
}
