package iam

import (
	"context"
	"slices"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// maxTags is IAM's tag limit per resource (IAM User Guide, "Tagging IAM
// resources": up to 50 tags).
const maxTags = 50

func apiTags(tags []tag) []Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: ptr(t.Key), Value: ptr(t.Value)}
	}
	return out
}

func fromAPITags(in []Tag) []tag {
	var out []tag
	for _, t := range in {
		out = mergeTag(out, tag{Key: val(t.Key), Value: val(t.Value)})
	}
	return out
}

// mergeTag replaces the tag with the same key (keys compare case-insensitively) or appends it.
func mergeTag(tags []tag, t tag) []tag {
	for i := range tags {
		if strings.EqualFold(tags[i].Key, t.Key) {
			tags[i] = t
			return tags
		}
	}
	return append(tags, t)
}

// checkTags refuses duplicate keys in one request and more than 50 tags.
func checkTags(existing []tag, in []Tag) error {
	seen := map[string]bool{}
	for _, t := range in {
		k := strings.ToLower(val(t.Key))
		if seen[k] {
			return invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
	}
	merged := slices.Clone(existing)
	for _, t := range in {
		merged = mergeTag(merged, tag{Key: val(t.Key), Value: val(t.Value)})
	}
	if len(merged) > maxTags {
		return limitExceeded("The number of tags has reached the maximum limit.")
	}
	return nil
}

// tagTarget returns the tag list of a taggable resource.
func (s *Service) tagTarget(ctx context.Context, kind, id string) (*[]tag, error) {
	a := s.acct(requestAccount(ctx))
	switch kind {
	case "user":
		u, err := s.findUser(ctx, a, &id)
		if err != nil {
			return nil, err
		}
		return &u.Tags, nil
	case "role":
		r, err := a.role(&id)
		if err != nil {
			return nil, err
		}
		return &r.Tags, nil
	case "policy":
		p, ok := a.Policies[id]
		if !ok {
			return nil, noSuchEntity("Policy %s was not found.", id)
		}
		return &p.Tags, nil
	case "instance-profile":
		p, err := a.profile(&id)
		if err != nil {
			return nil, err
		}
		return &p.Tags, nil
	case "oidc":
		p, ok := a.OIDC[id]
		if !ok {
			return nil, noSuchEntity("OpenIDConnect Provider not found for arn %s", id)
		}
		return &p.Tags, nil
	case "saml":
		p, ok := a.SAML[id]
		if !ok {
			return nil, noSuchEntity("Manifest not found for arn %s", id)
		}
		return &p.Tags, nil
	case "mfa":
		d, ok := a.VirtualMFA[id]
		if !ok {
			return nil, noSuchEntity("VirtualMFADevice with serial number %s doesn't exist.", id)
		}
		return &d.Tags, nil
	}
	return nil, invalidInput("unknown resource")
}

func (s *Service) tag(ctx context.Context, kind string, id *string, in []Tag) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagTarget(ctx, kind, val(id))
	if err != nil {
		return nil, err
	}
	if err := checkTags(*tags, in); err != nil {
		return nil, err
	}
	for _, t := range in {
		*tags = mergeTag(*tags, tag{Key: val(t.Key), Value: val(t.Value)})
	}
	return &awsapi.Empty{}, nil
}

func (s *Service) untag(ctx context.Context, kind string, id *string, keys []string) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagTarget(ctx, kind, val(id))
	if err != nil {
		return nil, err
	}
	*tags = slices.DeleteFunc(*tags, func(t tag) bool {
		return slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, t.Key) })
	})
	return &awsapi.Empty{}, nil
}

func (s *Service) listTags(ctx context.Context, kind string, id, marker *string, maxItems *int32) ([]Tag, *bool, *string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagTarget(ctx, kind, val(id))
	if err != nil {
		return nil, nil, nil, err
	}
	out := apiTags(*tags)
	if out == nil {
		out = []Tag{}
	}
	return page(out, marker, maxItems)
}

// TagUser adds or replaces tags. Errors: NoSuchEntity, LimitExceeded, InvalidInput.
func (s *Service) TagUser(ctx context.Context, in *TagUserRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "user", in.UserName, in.Tags)
}

// UntagUser removes tags by key.
func (s *Service) UntagUser(ctx context.Context, in *UntagUserRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "user", in.UserName, in.TagKeys)
}

// ListUserTags lists tags.
func (s *Service) ListUserTags(ctx context.Context, in *ListUserTagsRequest) (*ListUserTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "user", in.UserName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListUserTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagRole adds or replaces tags.
func (s *Service) TagRole(ctx context.Context, in *TagRoleRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "role", in.RoleName, in.Tags)
}

// UntagRole removes tags by key.
func (s *Service) UntagRole(ctx context.Context, in *UntagRoleRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "role", in.RoleName, in.TagKeys)
}

// ListRoleTags lists tags.
func (s *Service) ListRoleTags(ctx context.Context, in *ListRoleTagsRequest) (*ListRoleTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "role", in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListRoleTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagPolicy adds or replaces tags.
func (s *Service) TagPolicy(ctx context.Context, in *TagPolicyRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "policy", in.PolicyArn, in.Tags)
}

// UntagPolicy removes tags by key.
func (s *Service) UntagPolicy(ctx context.Context, in *UntagPolicyRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "policy", in.PolicyArn, in.TagKeys)
}

// ListPolicyTags lists tags.
func (s *Service) ListPolicyTags(ctx context.Context, in *ListPolicyTagsRequest) (*ListPolicyTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "policy", in.PolicyArn, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListPolicyTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagInstanceProfile adds or replaces tags.
func (s *Service) TagInstanceProfile(ctx context.Context, in *TagInstanceProfileRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "instance-profile", in.InstanceProfileName, in.Tags)
}

// UntagInstanceProfile removes tags by key.
func (s *Service) UntagInstanceProfile(ctx context.Context, in *UntagInstanceProfileRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "instance-profile", in.InstanceProfileName, in.TagKeys)
}

// ListInstanceProfileTags lists tags.
func (s *Service) ListInstanceProfileTags(ctx context.Context, in *ListInstanceProfileTagsRequest) (*ListInstanceProfileTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "instance-profile", in.InstanceProfileName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListInstanceProfileTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagOpenIDConnectProvider adds or replaces tags.
func (s *Service) TagOpenIDConnectProvider(ctx context.Context, in *TagOpenIDConnectProviderRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "oidc", in.OpenIDConnectProviderArn, in.Tags)
}

// UntagOpenIDConnectProvider removes tags by key.
func (s *Service) UntagOpenIDConnectProvider(ctx context.Context, in *UntagOpenIDConnectProviderRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "oidc", in.OpenIDConnectProviderArn, in.TagKeys)
}

// ListOpenIDConnectProviderTags lists tags.
func (s *Service) ListOpenIDConnectProviderTags(ctx context.Context, in *ListOpenIDConnectProviderTagsRequest) (*ListOpenIDConnectProviderTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "oidc", in.OpenIDConnectProviderArn, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListOpenIDConnectProviderTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagSAMLProvider adds or replaces tags.
func (s *Service) TagSAMLProvider(ctx context.Context, in *TagSAMLProviderRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "saml", in.SAMLProviderArn, in.Tags)
}

// UntagSAMLProvider removes tags by key.
func (s *Service) UntagSAMLProvider(ctx context.Context, in *UntagSAMLProviderRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "saml", in.SAMLProviderArn, in.TagKeys)
}

// ListSAMLProviderTags lists tags.
func (s *Service) ListSAMLProviderTags(ctx context.Context, in *ListSAMLProviderTagsRequest) (*ListSAMLProviderTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "saml", in.SAMLProviderArn, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListSAMLProviderTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}

// TagMFADevice adds or replaces tags.
func (s *Service) TagMFADevice(ctx context.Context, in *TagMFADeviceRequest) (*awsapi.Empty, error) {
	return s.tag(ctx, "mfa", in.SerialNumber, in.Tags)
}

// UntagMFADevice removes tags by key.
func (s *Service) UntagMFADevice(ctx context.Context, in *UntagMFADeviceRequest) (*awsapi.Empty, error) {
	return s.untag(ctx, "mfa", in.SerialNumber, in.TagKeys)
}

// ListMFADeviceTags lists tags.
func (s *Service) ListMFADeviceTags(ctx context.Context, in *ListMFADeviceTagsRequest) (*ListMFADeviceTagsResponse, error) {
	t, tr, m, err := s.listTags(ctx, "mfa", in.SerialNumber, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListMFADeviceTagsResponse{Tags: t, IsTruncated: tr, Marker: m}, nil
}
