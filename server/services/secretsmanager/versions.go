package secretsmanager

import (
	"context"
)

// ListSecretVersionIds implements Provider: versions with a staging label,
// plus deprecated ones with IncludeDeprecated.
func (s *Service) ListSecretVersionIds(ctx context.Context, in *ListSecretVersionIdsRequest) (*ListSecretVersionIdsResponse, error) {
	out := &ListSecretVersionIdsResponse{}
	var entries []SecretVersionsListEntry
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		out.ARN, out.Name = ptr(sec.arn), ptr(sec.name)
		for _, id := range sec.order {
			v := sec.versions[id]
			if len(v.stages) == 0 && !valueOf(in.IncludeDeprecated) {
				continue
			}
			e := SecretVersionsListEntry{VersionId: ptr(id), VersionStages: append([]string{}, v.stages...), CreatedDate: ptr(v.created),
				LastAccessedDate: timePtr(day(v.accessed))}
			if v.keyARN != "" {
				e.KmsKeyIds = []string{v.keyARN}
			}
			entries = append(entries, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p, next, err := page(entries, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	out.Versions, out.NextToken = p, next
	return out, nil
}

// UpdateSecretVersionStage implements Provider: moves (MoveToVersionId) or
// removes (RemoveFromVersionId) a staging label. A label attached elsewhere
// must be named in RemoveFromVersionId (InvalidParameterException); moving
// AWSCURRENT gives the old version AWSPREVIOUS.
func (s *Service) UpdateSecretVersionStage(ctx context.Context, in *UpdateSecretVersionStageRequest) (*UpdateSecretVersionStageResponse, error) {
	stage := valueOf(in.VersionStage)
	out := &UpdateSecretVersionStageResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		var from, to *version
		if in.RemoveFromVersionId != nil {
			if from = sec.versions[*in.RemoveFromVersionId]; from == nil {
				return &ResourceNotFoundException{Message: ptr("Secrets Manager can't find the specified secret value for VersionId: " + *in.RemoveFromVersionId)}
			}
			if !hasStage(from.stages, stage) {
				return &InvalidParameterException{Message: ptr("The staging label " + stage + " is not attached to version " + from.id + ".")}
			}
		}
		if in.MoveToVersionId != nil {
			if to = sec.versions[*in.MoveToVersionId]; to == nil {
				return &ResourceNotFoundException{Message: ptr("Secrets Manager can't find the specified secret value for VersionId: " + *in.MoveToVersionId)}
			}
		}
		if to == nil && from == nil {
			return &InvalidParameterException{Message: ptr("You must specify either MoveToVersionId or RemoveFromVersionId.")}
		}
		if to != nil {
			if holder := sec.withStage(stage); holder != nil && holder != to && holder != from {
				return &InvalidParameterException{Message: ptr("The staging label " + stage + " is currently attached to version " + holder.id +
					". You must specify that version in RemoveFromVersionId to move the label.")}
			}
			sec.moveStage(stage, to)
		} else {
			if stage == stageCurrent {
				return &InvalidParameterException{Message: ptr("You can't remove the staging label AWSCURRENT without moving it to another version.")}
			}
			from.stages = removeStage(from.stages, stage)
		}
		sec.lastChanged = s.env.Now()
		out.ARN, out.Name = ptr(sec.arn), ptr(sec.name)
		return nil
	})
	return out, err
}
