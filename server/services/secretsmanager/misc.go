package secretsmanager

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"math/big"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Character classes of GetRandomPassword (API Reference: punctuation is
// ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~).
const (
	lowerChars = "abcdefghijklmnopqrstuvwxyz"
	upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digitChars = "0123456789"
	punctChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// GetRandomPassword implements Provider: PasswordLength 1–4096 (default
// 32); RequireEachIncludedType (default true) puts at least one character
// of every included class in the password.
func (s *Service) GetRandomPassword(ctx context.Context, in *GetRandomPasswordRequest) (*GetRandomPasswordResponse, error) {
	length := int64(32)
	if in.PasswordLength != nil {
		length = *in.PasswordLength
	}
	if length < 1 || length > 4096 {
		return nil, &InvalidParameterException{Message: ptr("Password length must be between 1 and 4096.")}
	}
	exclude := valueOf(in.ExcludeCharacters)
	var classes []string
	add := func(skip *bool, chars string) {
		if valueOf(skip) {
			return
		}
		kept := strings.Map(func(r rune) rune {
			if strings.ContainsRune(exclude, r) {
				return -1
			}
			return r
		}, chars)
		if kept != "" {
			classes = append(classes, kept)
		}
	}
	add(in.ExcludeLowercase, lowerChars)
	add(in.ExcludeUppercase, upperChars)
	add(in.ExcludeNumbers, digitChars)
	add(in.ExcludePunctuation, punctChars)
	if valueOf(in.IncludeSpace) && !strings.Contains(exclude, " ") {
		classes = append(classes, " ")
	}
	if len(classes) == 0 {
		return nil, &InvalidParameterException{Message: ptr("Password could not be generated: every character class is excluded.")}
	}
	require := in.RequireEachIncludedType == nil || *in.RequireEachIncludedType
	if require && int(length) < len(classes) {
		return nil, &InvalidParameterException{Message: ptr("Password length is too short to include a character of each included type.")}
	}
	all := strings.Join(classes, "")
	pw := make([]byte, 0, length)
	if require {
		for _, c := range classes {
			pw = append(pw, c[randInt(len(c))])
		}
	}
	for int64(len(pw)) < length {
		pw = append(pw, all[randInt(len(all))])
	}
	for i := len(pw) - 1; i > 0; i-- { // shuffle so the required characters are anywhere
		j := randInt(i + 1)
		pw[i], pw[j] = pw[j], pw[i]
	}
	return &GetRandomPasswordResponse{RandomPassword: ptr(string(pw))}, nil
}

func randInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

// RotateSecret implements Provider. It records the rotation configuration
// (Lambda ARN, rules) and LastRotatedDate and returns the version id the
// rotation creates (ClientRequestToken, or a new id). A Lambda-driven
// rotation runs once the emulator has Lambda; until then the caller (or
// its rotation code) performs the createSecret/finishSecret steps itself
// with PutSecretValue (AWSPENDING) and UpdateSecretVersionStage. A rotation
// whose AWSPENDING version is not yet AWSCURRENT is InvalidRequestException
// (User Guide, "Troubleshoot rotation").
func (s *Service) RotateSecret(ctx context.Context, in *RotateSecretRequest) (*RotateSecretResponse, error) {
	if rr := in.RotationRules; rr != nil && rr.AutomaticallyAfterDays != nil && (*rr.AutomaticallyAfterDays < 1 || *rr.AutomaticallyAfterDays > 1000) {
		return nil, &InvalidParameterException{Message: ptr("AutomaticallyAfterDays must be between 1 and 1000.")}
	}
	out := &RotateSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		if p := sec.withStage(stagePending); p != nil && !hasStage(p.stages, stageCurrent) && (in.ClientRequestToken == nil || *in.ClientRequestToken != p.id) {
			return &InvalidRequestException{Message: ptr("A previous rotation isn't complete. That rotation will be reattempted.")}
		}
		if in.RotationLambdaARN != nil {
			sec.rotationLambda = *in.RotationLambdaARN
		}
		if in.RotationRules != nil {
			sec.rotationRules = in.RotationRules
		}
		if sec.rotationLambda == "" {
			return &InvalidRequestException{Message: ptr("No Lambda rotation function ARN is associated with this secret.")}
		}
		sec.rotation = true
		id := valueOf(in.ClientRequestToken)
		if id == "" {
			id = s.env.NewID()
		}
		if in.RotateImmediately == nil || *in.RotateImmediately {
			sec.lastRotated = s.env.Now()
		}
		*out = RotateSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name), VersionId: ptr(id)}
		return nil
	})
	return out, err
}

// CancelRotateSecret implements Provider: turns automatic rotation off;
// staging labels are left as they are (API Reference, CancelRotateSecret).
func (s *Service) CancelRotateSecret(ctx context.Context, in *CancelRotateSecretRequest) (*CancelRotateSecretResponse, error) {
	out := &CancelRotateSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		sec.rotation = false
		*out = CancelRotateSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		if p := sec.withStage(stagePending); p != nil {
			out.VersionId = ptr(p.id)
		}
		return nil
	})
	return out, err
}

// checkPolicy: a JSON object with a Statement (MalformedPolicyDocumentException).
func checkPolicy(p string) error {
	var doc map[string]any
	if json.Unmarshal([]byte(p), &doc) != nil || doc["Statement"] == nil {
		return &MalformedPolicyDocumentException{Message: ptr("This resource policy contains a syntax error.")}
	}
	return nil
}

// PutResourcePolicy implements Provider.
func (s *Service) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyRequest) (*PutResourcePolicyResponse, error) {
	if err := checkPolicy(valueOf(in.ResourcePolicy)); err != nil {
		return nil, err
	}
	out := &PutResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		sec.policy = valueOf(in.ResourcePolicy)
		*out = PutResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		return nil
	})
	return out, err
}

// GetResourcePolicy implements Provider (no ResourcePolicy when none is set).
func (s *Service) GetResourcePolicy(ctx context.Context, in *GetResourcePolicyRequest) (*GetResourcePolicyResponse, error) {
	out := &GetResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		*out = GetResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		if sec.policy != "" {
			out.ResourcePolicy = ptr(sec.policy)
		}
		return nil
	})
	return out, err
}

// DeleteResourcePolicy implements Provider.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyRequest) (*DeleteResourcePolicyResponse, error) {
	out := &DeleteResourcePolicyResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		sec.policy = ""
		*out = DeleteResourcePolicyResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		return nil
	})
	return out, err
}

// ValidateResourcePolicy implements Provider: syntax only.
func (s *Service) ValidateResourcePolicy(ctx context.Context, in *ValidateResourcePolicyRequest) (*ValidateResourcePolicyResponse, error) {
	if in.SecretId != nil {
		if err := s.withSecret(ctx, in.SecretId, func(*secret, *store) error { return nil }); err != nil {
			return nil, err
		}
	}
	if err := checkPolicy(valueOf(in.ResourcePolicy)); err != nil {
		return &ValidateResourcePolicyResponse{PolicyValidationPassed: ptr(false), ValidationErrors: []ValidationErrorsEntry{
			{CheckName: ptr("JSON_SYNTAX_CHECK"), ErrorMessage_: ptr(err.(*MalformedPolicyDocumentException).ErrorMessage())}}}, nil
	}
	return &ValidateResourcePolicyResponse{PolicyValidationPassed: ptr(true), ValidationErrors: []ValidationErrorsEntry{}}, nil
}

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

// replica records a replica region; replication completes at once.
func replica(r ReplicaRegionType) ReplicationStatusType {
	key := valueOf(r.KmsKeyId)
	if key == "" {
		key = defaultKey
	}
	return ReplicationStatusType{Region: r.Region, KmsKeyId: ptr(key), Status: ptr("InSync"), StatusMessage: ptr("Replication succeeded")}
}

// ReplicateSecretToRegions implements Provider: replicas are recorded (the
// replica secrets themselves are not created in the other regions).
func (s *Service) ReplicateSecretToRegions(ctx context.Context, in *ReplicateSecretToRegionsRequest) (*ReplicateSecretToRegionsResponse, error) {
	out := &ReplicateSecretToRegionsResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		_, region := s.scope(ctx, sec.arn)
		for _, r := range in.AddReplicaRegions {
			if valueOf(r.Region) == region {
				return &InvalidParameterException{Message: ptr("Invalid replica region: a secret can't be replicated to its primary region.")}
			}
			replaced := false
			for i := range sec.replicas {
				if valueOf(sec.replicas[i].Region) == valueOf(r.Region) {
					sec.replicas[i], replaced = replica(r), true
				}
			}
			if !replaced {
				sec.replicas = append(sec.replicas, replica(r))
			}
		}
		*out = ReplicateSecretToRegionsResponse{ARN: ptr(sec.arn), ReplicationStatus: sec.replicas}
		return nil
	})
	return out, err
}

// RemoveRegionsFromReplication implements Provider.
func (s *Service) RemoveRegionsFromReplication(ctx context.Context, in *RemoveRegionsFromReplicationRequest) (*RemoveRegionsFromReplicationResponse, error) {
	out := &RemoveRegionsFromReplicationResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		kept := sec.replicas[:0:0]
		for _, r := range sec.replicas {
			drop := false
			for _, region := range in.RemoveReplicaRegions {
				if valueOf(r.Region) == region {
					drop = true
				}
			}
			if !drop {
				kept = append(kept, r)
			}
		}
		sec.replicas = kept
		*out = RemoveRegionsFromReplicationResponse{ARN: ptr(sec.arn), ReplicationStatus: append([]ReplicationStatusType{}, kept...)}
		return nil
	})
	return out, err
}

// StopReplicationToReplica implements Provider. Replicas are not separate
// secrets here, so the call is accepted for the primary.
func (s *Service) StopReplicationToReplica(ctx context.Context, in *StopReplicationToReplicaRequest) (*StopReplicationToReplicaResponse, error) {
	out := &StopReplicationToReplicaResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		out.ARN = ptr(sec.arn)
		return nil
	})
	return out, err
}
