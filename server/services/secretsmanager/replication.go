package secretsmanager

import (
	"context"
)

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
