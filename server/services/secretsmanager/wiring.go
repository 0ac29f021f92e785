package secretsmanager

import (
	"context"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Reader is what Secrets Manager exposes to Parameter Store, which answers
// GetParameter for /aws/reference/secretsmanager/<secret-id> with the secret
// (Systems Manager User Guide, "Referencing AWS Secrets Manager secrets from
// Parameter Store parameters"): a direct in-process read, never a request to
// the emulator's own endpoint.
type Reader interface {
	// SecretValue returns the version of secretID (name or ARN) that
	// selector names: a version id or a staging label, AWSCURRENT when "".
	// Errors are GetSecretValue's (ResourceNotFoundException,
	// InvalidRequestException, DecryptionFailure).
	SecretValue(ctx context.Context, account, region, secretID, selector string) (SecretValue, error)
}

// SecretValue is one version of a secret, as GetSecretValue returns it.
type SecretValue struct {
	ARN, Name, VersionID string
	String               *string
	Binary               []byte
	Stages               []string
	Created              time.Time
}

// Reader returns the service's in-process read interface.
func (s *Service) Reader() Reader { return reader{s} }

type reader struct{ s *Service }

func (r reader) SecretValue(ctx context.Context, account, region, secretID, selector string) (SecretValue, error) {
	ctx = awsapi.WithRequest(ctx, &awsapi.Request{Account: account, Region: region})
	var out SecretValue
	err := r.s.withSecret(ctx, &secretID, func(sec *secret, _ *store) error {
		var versionID, stage *string
		if selector != "" {
			if sec.versions[selector] != nil {
				versionID = &selector
			} else {
				stage = &selector
			}
		}
		e, err := r.s.valueEntry(ctx, sec, versionID, stage)
		if err != nil {
			return err
		}
		out = SecretValue{ARN: *e.ARN, Name: *e.Name, VersionID: *e.VersionId, String: e.SecretString, Binary: e.SecretBinary,
			Stages: e.VersionStages, Created: *e.CreatedDate}
		return nil
	})
	return out, err
}
