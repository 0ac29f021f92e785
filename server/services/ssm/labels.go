package ssm

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// validLabel: at most 100 characters of letters, digits, ., - and _; not
// starting with a digit, "aws" or "ssm" (User Guide, "Working with parameter
// labels": label requirements).
func validLabel(l string) bool {
	if l == "" || len(l) > 100 || unicode.IsDigit(rune(l[0])) {
		return false
	}
	lower := strings.ToLower(l)
	if strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "ssm") {
		return false
	}
	for _, c := range l {
		if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// LabelParameterVersion implements Provider: labels move from any other
// version; a version has at most 10 (ParameterVersionLabelLimitExceeded);
// invalid labels are returned in InvalidLabels.
func (s *Service) LabelParameterVersion(ctx context.Context, in *LabelParameterVersionRequest) (*LabelParameterVersionResult, error) {
	st, _ := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	name := valueOf(in.Name)
	p := st.params[name]
	if p == nil {
		return nil, errNotFound(name)
	}
	v := p.latest()
	if in.ParameterVersion != nil {
		if v = p.version(*in.ParameterVersion); v == nil {
			return nil, &ParameterVersionNotFound{Message: ptr("Systems Manager could not find version " + strconv.FormatInt(*in.ParameterVersion, 10) + " of " + name + ". Verify the version and try again.")}
		}
	}
	out := &LabelParameterVersionResult{InvalidLabels: []string{}, ParameterVersion: ptr(v.version)}
	var good []string
	for _, l := range in.Labels {
		if validLabel(l) {
			good = append(good, l)
		} else {
			out.InvalidLabels = append(out.InvalidLabels, l)
		}
	}
	count := len(v.labels)
	for _, l := range good {
		if !contains(v.labels, l) {
			count++
		}
	}
	if count > 10 {
		return nil, &ParameterVersionLabelLimitExceeded{Message: ptr("An error occurred (ParameterVersionLabelLimitExceeded) when calling the LabelParameterVersion operation: A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.")}
	}
	for _, l := range good {
		for _, o := range p.versions {
			if o != v {
				o.labels = remove(o.labels, l)
			}
		}
		if !contains(v.labels, l) {
			v.labels = append(v.labels, l)
		}
	}
	return out, nil
}

func remove(list []string, v string) []string {
	out := list[:0:0]
	for _, s := range list {
		if s != v {
			out = append(out, s)
		}
	}
	return out
}

// UnlabelParameterVersion implements Provider: labels not on the version
// are InvalidLabels.
func (s *Service) UnlabelParameterVersion(ctx context.Context, in *UnlabelParameterVersionRequest) (*UnlabelParameterVersionResult, error) {
	st, _ := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	name := valueOf(in.Name)
	p := st.params[name]
	if p == nil {
		return nil, errNotFound(name)
	}
	v := p.version(valueOf(in.ParameterVersion))
	if v == nil {
		return nil, &ParameterVersionNotFound{Message: ptr("Systems Manager could not find version " + strconv.FormatInt(valueOf(in.ParameterVersion), 10) + " of " + name + ". Verify the version and try again.")}
	}
	out := &UnlabelParameterVersionResult{RemovedLabels: []string{}, InvalidLabels: []string{}}
	for _, l := range in.Labels {
		if contains(v.labels, l) {
			v.labels = remove(v.labels, l)
			out.RemovedLabels = append(out.RemovedLabels, l)
		} else {
			out.InvalidLabels = append(out.InvalidLabels, l)
		}
	}
	return out, nil
}

// mergeTags adds or replaces tags: at most 50 (TooManyTagsError), keys not
// starting with "aws:" (InvalidTag... reported as ValidationException).
func mergeTags(cur, add []Tag) ([]Tag, error) {
	out := append([]Tag{}, cur...)
	for _, t := range add {
		if strings.HasPrefix(strings.ToLower(valueOf(t.Key)), "aws:") {
			return nil, awsapi.ValidationError("Tag keys beginning with aws: are reserved.")
		}
		found := false
		for i := range out {
			if valueOf(out[i].Key) == valueOf(t.Key) {
				out[i].Value, found = t.Value, true
			}
		}
		if !found {
			out = append(out, Tag{Key: t.Key, Value: t.Value})
		}
	}
	if len(out) > 50 {
		return nil, &TooManyTagsError{}
	}
	return out, nil
}

// tagged resolves a Parameter resource for the tag operations: ResourceType
// must be Parameter (this emulator has no other SSM resources), ResourceId
// its name or ARN (InvalidResourceId otherwise).
func (s *Service) tagged(ctx context.Context, typ, id *string, fn func(p *param) error) error {
	if valueOf(typ) != "Parameter" {
		return &InvalidResourceType{}
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	name := valueOf(id)
	if prefix := "arn:aws:ssm:" + r.Region + ":" + r.Account + ":parameter"; strings.HasPrefix(name, prefix) {
		name = strings.TrimPrefix(name, prefix)
		if st.params[name] == nil {
			name = strings.TrimPrefix(name, "/")
		}
	}
	p := st.params[name]
	if p == nil {
		return &InvalidResourceId{}
	}
	return fn(p)
}

// AddTagsToResource implements Provider.
func (s *Service) AddTagsToResource(ctx context.Context, in *AddTagsToResourceRequest) (*AddTagsToResourceResult, error) {
	return &AddTagsToResourceResult{}, s.tagged(ctx, in.ResourceType, in.ResourceId, func(p *param) error {
		tags, err := mergeTags(p.tags, in.Tags)
		if err == nil {
			p.tags = tags
		}
		return err
	})
}

// RemoveTagsFromResource implements Provider.
func (s *Service) RemoveTagsFromResource(ctx context.Context, in *RemoveTagsFromResourceRequest) (*RemoveTagsFromResourceResult, error) {
	return &RemoveTagsFromResourceResult{}, s.tagged(ctx, in.ResourceType, in.ResourceId, func(p *param) error {
		out := p.tags[:0:0]
		for _, t := range p.tags {
			if !contains(in.TagKeys, valueOf(t.Key)) {
				out = append(out, t)
			}
		}
		p.tags = out
		return nil
	})
}

// ListTagsForResource implements Provider.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceRequest) (*ListTagsForResourceResult, error) {
	out := &ListTagsForResourceResult{TagList: []Tag{}}
	return out, s.tagged(ctx, in.ResourceType, in.ResourceId, func(p *param) error {
		out.TagList = append(out.TagList, p.tags...)
		return nil
	})
}
