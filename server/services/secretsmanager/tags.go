package secretsmanager

import (
	"context"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// mergeTags adds tags (replacing same keys); keys starting with "aws:" are
// reserved and a secret has at most 50 tags (User Guide, "Quotas").
func mergeTags(cur, add []Tag) ([]Tag, error) {
	out := append([]Tag{}, cur...)
	for _, t := range add {
		if strings.HasPrefix(strings.ToLower(valueOf(t.Key)), "aws:") {
			return nil, &InvalidParameterException{Message: ptr("Invalid tag key: the aws: prefix is reserved.")}
		}
		replaced := false
		for i := range out {
			if valueOf(out[i].Key) == valueOf(t.Key) {
				out[i].Value, replaced = t.Value, true
			}
		}
		if !replaced {
			out = append(out, Tag{Key: t.Key, Value: t.Value})
		}
	}
	if len(out) > 50 {
		return nil, &LimitExceededException{Message: ptr("A secret can have at most 50 tags.")}
	}
	return out, nil
}

// TagResource implements Provider.
func (s *Service) TagResource(ctx context.Context, in *TagResourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		tags, err := mergeTags(sec.tags, in.Tags)
		if err == nil {
			sec.tags = tags
		}
		return err
	})
}

// UntagResource implements Provider.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		out := sec.tags[:0:0]
		for _, t := range sec.tags {
			keep := true
			for _, k := range in.TagKeys {
				if valueOf(t.Key) == k {
					keep = false
				}
			}
			if keep {
				out = append(out, t)
			}
		}
		sec.tags = out
		return nil
	})
}
