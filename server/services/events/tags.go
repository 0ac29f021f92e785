package events

import (
	"context"
	"strings"
)

// taggedLocked returns the tags of the rule or bus named by arn. Errors:
// ResourceNotFoundException.
func (st *store) taggedLocked(arn string) (map[string]string, error) {
	for _, b := range st.buses {
		if b.arn == arn {
			return b.tags, nil
		}
		for _, r := range b.rules {
			if r.arn == arn {
				return r.tags, nil
			}
		}
	}
	if i := strings.Index(arn, ":rule/"); i >= 0 {
		rest := arn[i+len(":rule/"):]
		busName, name := defaultBus, rest
		if j := strings.LastIndex(rest, "/"); j >= 0 {
			busName, name = rest[:j], rest[j+1:]
		}
		return nil, errNotFound("Rule %s does not exist on EventBus %s.", name, busName)
	}
	if i := strings.Index(arn, ":event-bus/"); i >= 0 {
		return nil, errNotFound("Event bus %s does not exist.", arn[i+len(":event-bus/"):])
	}
	return nil, errNotFound("Resource %s does not exist.", arn)
}

// TagResource adds or overwrites tags of a rule or bus. Errors:
// ResourceNotFoundException.
func (s *Service) TagResource(ctx context.Context, in *TagResourceRequest) (*TagResourceResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	tags, err := st.taggedLocked(deref(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		tags[deref(t.Key)] = deref(t.Value)
	}
	return &TagResourceResponse{}, nil
}

// UntagResource removes tags by key. Errors: ResourceNotFoundException.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceRequest) (*UntagResourceResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	tags, err := st.taggedLocked(deref(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(tags, k)
	}
	return &UntagResourceResponse{}, nil
}

// ListTagsForResource lists a rule's or bus's tags in key order. Errors:
// ResourceNotFoundException.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceRequest) (*ListTagsForResourceResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	tags, err := st.taggedLocked(deref(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	out := &ListTagsForResourceResponse{Tags: []Tag{}}
	for _, k := range sortedKeys(tags) {
		out.Tags = append(out.Tags, Tag{Key: ptr(k), Value: ptr(tags[k])})
	}
	return out, nil
}

// TestEventPattern reports whether Event matches EventPattern. The event
// must carry id, account, source, time, region and detail-type. Errors:
// InvalidEventPatternException, ValidationException.
func (s *Service) TestEventPattern(ctx context.Context, in *TestEventPatternRequest) (*TestEventPatternResponse, error) {
	p, err := compilePattern(deref(in.EventPattern))
	if err != nil {
		return nil, err
	}
	ev, err := decodeEvent([]byte(deref(in.Event)))
	if err != nil {
		return nil, errValidation("Parameter Event is not valid.")
	}
	for _, k := range []string{"id", "account", "source", "time", "region", "detail-type"} {
		if _, ok := ev[k]; !ok {
			return nil, errValidation("Parameter Event is not valid.")
		}
	}
	return &TestEventPatternResponse{Result: ptr(p.matches(ev))}, nil
}
