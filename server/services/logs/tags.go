package logs

import (
	"context"
	"strings"
)

// tagTarget resolves a log group or destination ARN to its tags.
func (st *store) tagTarget(arn string) (*map[string]string, error) {
	a := strings.TrimSuffix(arn, ":*")
	if i := strings.Index(a, ":log-group:"); i >= 0 {
		if g := st.data.Groups[a[i+len(":log-group:"):]]; g != nil && g.ARN == a {
			return &g.Tags, nil
		}
	}
	if i := strings.Index(a, ":destination:"); i >= 0 {
		if d := st.data.Destinations[a[i+len(":destination:"):]]; d != nil {
			return &d.Tags, nil
		}
	}
	return nil, notFound("The specified resource does not exist.")
}

func addTags(dst *map[string]string, tags map[string]string) error {
	if *dst == nil {
		*dst = map[string]string{}
	}
	n := len(*dst)
	for k := range tags {
		if _, ok := (*dst)[k]; !ok {
			n++
		}
	}
	if n > maxTags {
		return logsError("TooManyTagsException", "A resource can have no more than %d tags.", maxTags)
	}
	for k, v := range tags {
		(*dst)[k] = v
	}
	return nil
}

func copyTags(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TagResource tags a log group or destination by ARN.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
func (s *Service) TagResource(ctx context.Context, in *TagResourceRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	tags, err := st.tagTarget(valueOf(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	if err := addTags(tags, in.Tags); err != nil {
		return nil, err
	}
	return &awsEmpty{}, nil
}

// UntagResource removes tags by key.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	tags, err := st.tagTarget(valueOf(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(*tags, k)
	}
	return &awsEmpty{}, nil
}

// ListTagsForResource lists a log group's or destination's tags.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceRequest) (*ListTagsForResourceResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	tags, err := st.tagTarget(valueOf(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	return &ListTagsForResourceResponse{Tags: copyTags(*tags)}, nil
}

// TagLogGroup is the older tagging API, by group name.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagLogGroup.html
func (s *Service) TagLogGroup(ctx context.Context, in *TagLogGroupRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if err := addTags(&g.Tags, in.Tags); err != nil {
		return nil, err
	}
	return &awsEmpty{}, nil
}

// UntagLogGroup removes tags by key, by group name.
func (s *Service) UntagLogGroup(ctx context.Context, in *UntagLogGroupRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	for _, k := range in.Tags {
		delete(g.Tags, k)
	}
	return &awsEmpty{}, nil
}

// ListTagsLogGroup lists a group's tags, by group name.
func (s *Service) ListTagsLogGroup(ctx context.Context, in *ListTagsLogGroupRequest) (*ListTagsLogGroupResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	return &ListTagsLogGroupResponse{Tags: copyTags(g.Tags)}, nil
}
