package secretsmanager

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// value is a secret value as given: string or binary.
type value struct {
	str    *string
	binary []byte
}

func newValue(str *string, bin []byte) (*value, error) {
	if str != nil && bin != nil {
		return nil, &InvalidParameterException{Message: ptr("You can't specify both a binary secret value and a string secret value in the same secret.")}
	}
	if str == nil && bin == nil {
		return nil, nil
	}
	return &value{str: str, binary: bin}, nil
}

func (v *value) bytes() []byte {
	if v.str != nil {
		return []byte(*v.str)
	}
	return v.binary
}

// encryptionContext binds a version's ciphertext to its secret and version,
// as Secrets Manager does (User Guide, "Secret encryption and decryption").
func encryptionContext(sec *secret, versionID string) map[string]string {
	return map[string]string{"SecretARN": sec.arn, "SecretVersionId": versionID}
}

// newVersion encrypts val under the secret's key as version id. KMS errors
// become EncryptionFailure (API Reference, PutSecretValue).
func (s *Service) newVersion(ctx context.Context, sec *secret, id string, val *value) (*version, error) {
	v := &version{id: id, created: s.env.Now(), binary: val.str == nil}
	pt := val.bytes()
	if s.kms == nil {
		v.ciphertext = append([]byte{}, pt...)
		return v, nil
	}
	account, region := s.scope(ctx, sec.arn)
	keyID := sec.kmsKeyID
	if keyID == "" {
		keyID = defaultKey
	}
	ct, arn, err := s.kms.Encrypt(ctx, account, region, keyID, pt, encryptionContext(sec, id))
	if err != nil {
		return nil, &EncryptionFailure{Message: ptr("Secrets Manager can't encrypt the protected secret text using the provided KMS key: " + errText(err))}
	}
	v.ciphertext, v.keyARN = ct, arn
	return v, nil
}

func errText(err error) string {
	var ae awsapi.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}

// open decrypts a version (DecryptionFailure on a KMS error).
func (s *Service) open(ctx context.Context, sec *secret, v *version) (*value, error) {
	pt := v.ciphertext
	if s.kms != nil {
		account, region := s.scope(ctx, sec.arn)
		var err error
		pt, _, err = s.kms.Decrypt(ctx, account, region, v.ciphertext, encryptionContext(sec, v.id))
		if err != nil {
			return nil, &DecryptionFailure{Message: ptr("Secrets Manager can't decrypt the protected secret text using the provided KMS key: " + errText(err))}
		}
	}
	if v.binary {
		return &value{binary: pt}, nil
	}
	str := string(pt)
	return &value{str: &str}, nil
}

// addVersion adds a version with the given stages (default AWSCURRENT).
// A ClientRequestToken naming an existing version is idempotent when the
// value is the same and ResourceExistsException otherwise (API Reference,
// PutSecretValue: ClientRequestToken).
func (s *Service) addVersion(ctx context.Context, sec *secret, token *string, val *value, stages []string) (*version, error) {
	id := valueOf(token)
	if id == "" {
		id = s.env.NewID()
	}
	if old := sec.versions[id]; old != nil {
		prev, err := s.open(ctx, sec, old)
		if err != nil {
			return nil, err
		}
		if (prev.str != nil) == (val.str != nil) && bytes.Equal(prev.bytes(), val.bytes()) {
			return old, nil
		}
		return nil, &ResourceExistsException{Message: ptr("You can't modify an existing version, you can only create a new version.")}
	}
	v, err := s.newVersion(ctx, sec, id, val)
	if err != nil {
		return nil, err
	}
	sec.versions[id] = v
	sec.order = append(sec.order, id)
	if stages == nil {
		stages = []string{stageCurrent}
	}
	for _, st := range stages {
		sec.moveStage(st, v)
	}
	sec.lastChanged = v.created
	sec.prune(v.created)
	return v, nil
}

// CreateSecret implements Provider. A name in use is ResourceExistsException;
// a name whose secret is scheduled for deletion InvalidRequestException (API
// Reference, CreateSecret).
func (s *Service) CreateSecret(ctx context.Context, in *CreateSecretRequest) (*CreateSecretResponse, error) {
	val, err := newValue(in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	name := valueOf(in.Name)
	if err := checkName(name); err != nil {
		return nil, err
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	if old, _ := s.lookupLocked(st, name); old != nil {
		if !old.deletionDate.IsZero() {
			return nil, &InvalidRequestException{Message: ptr("You can't create this secret because a secret with this name is already scheduled for deletion.")}
		}
		return nil, &ResourceExistsException{Message: ptr("The operation failed because the secret " + name + " already exists.")}
	}
	tags, err := mergeTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	sec := &secret{name: name, arn: secretARN(r.Account, r.Region, name), description: valueOf(in.Description),
		kmsKeyID: valueOf(in.KmsKeyId), secretType: valueOf(in.Type), created: now, lastChanged: now, tags: tags,
		versions: map[string]*version{}}
	if sec.kmsKeyID != "" && s.kms != nil {
		if _, err := s.kms.KeyARN(ctx, r.Account, r.Region, sec.kmsKeyID); err != nil {
			return nil, &EncryptionFailure{Message: ptr("Secrets Manager can't encrypt the protected secret text using the provided KMS key: " + errText(err))}
		}
	}
	out := &CreateSecretResponse{ARN: ptr(sec.arn), Name: ptr(name)}
	if val != nil {
		v, err := s.addVersion(ctx, sec, in.ClientRequestToken, val, nil)
		if err != nil {
			return nil, err
		}
		out.VersionId = ptr(v.id)
	}
	for _, rr := range in.AddReplicaRegions {
		sec.replicas = append(sec.replicas, replica(rr))
	}
	out.ReplicationStatus = sec.replicas
	st.secrets[name] = sec
	return out, nil
}

// checkName: up to 512 of letters, digits and /_+=.@- (API Reference,
// CreateSecret: Name).
func checkName(name string) error {
	if name == "" || len(name) > 512 {
		return &InvalidParameterException{Message: ptr("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")}
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || contains("/_+=.@-!", c)) {
			return &InvalidParameterException{Message: ptr("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")}
		}
	}
	return nil
}

func contains(set string, c rune) bool {
	for _, r := range set {
		if r == c {
			return true
		}
	}
	return false
}

// PutSecretValue implements Provider: a new version, by default AWSCURRENT
// (the previous AWSCURRENT becomes AWSPREVIOUS).
func (s *Service) PutSecretValue(ctx context.Context, in *PutSecretValueRequest) (*PutSecretValueResponse, error) {
	val, err := newValue(in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	if val == nil {
		return nil, &InvalidRequestException{Message: ptr("You must provide either SecretString or SecretBinary.")}
	}
	out := &PutSecretValueResponse{}
	err = s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		v, err := s.addVersion(ctx, sec, in.ClientRequestToken, val, in.VersionStages)
		if err != nil {
			return err
		}
		*out = PutSecretValueResponse{ARN: ptr(sec.arn), Name: ptr(sec.name), VersionId: ptr(v.id), VersionStages: append([]string{}, v.stages...)}
		return nil
	})
	return out, err
}

// UpdateSecret implements Provider: metadata, and a new AWSCURRENT version
// when a value is given.
func (s *Service) UpdateSecret(ctx context.Context, in *UpdateSecretRequest) (*UpdateSecretResponse, error) {
	val, err := newValue(in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	out := &UpdateSecretResponse{}
	err = s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		if !sec.deletionDate.IsZero() {
			return errDeleted()
		}
		if in.KmsKeyId != nil && s.kms != nil {
			account, region := s.scope(ctx, sec.arn)
			if _, err := s.kms.KeyARN(ctx, account, region, *in.KmsKeyId); err != nil {
				return &EncryptionFailure{Message: ptr("Secrets Manager can't encrypt the protected secret text using the provided KMS key: " + errText(err))}
			}
		}
		if in.Description != nil {
			sec.description = *in.Description
		}
		if in.KmsKeyId != nil && *in.KmsKeyId != sec.kmsKeyID {
			sec.kmsKeyID = *in.KmsKeyId
			if err := s.reencrypt(ctx, sec); err != nil {
				return err
			}
		}
		if in.Type != nil {
			sec.secretType = *in.Type
		}
		sec.lastChanged = s.env.Now()
		*out = UpdateSecretResponse{ARN: ptr(sec.arn), Name: ptr(sec.name)}
		if val != nil {
			if in.ClientRequestToken != nil && sec.versions[*in.ClientRequestToken] != nil {
				return &ResourceExistsException{Message: ptr("You can't modify an existing version, you can only create a new version.")}
			}
			v, err := s.addVersion(ctx, sec, in.ClientRequestToken, val, nil)
			if err != nil {
				return err
			}
			out.VersionId = ptr(v.id)
		}
		return nil
	})
	return out, err
}

// pick selects a version by VersionId and/or VersionStage (default
// AWSCURRENT); they must agree (API Reference, GetSecretValue).
func pick(sec *secret, versionID, stage *string) (*version, error) {
	if versionID != nil {
		v := sec.versions[*versionID]
		if v == nil || stage != nil && !hasStage(v.stages, *stage) {
			return nil, &ResourceNotFoundException{Message: ptr("Secrets Manager can't find the specified secret value for VersionId: " + *versionID)}
		}
		return v, nil
	}
	label := valueOf(stage)
	if label == "" {
		label = stageCurrent
	}
	v := sec.withStage(label)
	if v == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Secrets Manager can't find the specified secret value for staging label: " + label)}
	}
	return v, nil
}

// GetSecretValue implements Provider.
func (s *Service) GetSecretValue(ctx context.Context, in *GetSecretValueRequest) (*GetSecretValueResponse, error) {
	out := &GetSecretValueResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		e, err := s.valueEntry(ctx, sec, in.VersionId, in.VersionStage)
		if err != nil {
			return err
		}
		*out = GetSecretValueResponse(e)
		return nil
	})
	return out, err
}

func (s *Service) valueEntry(ctx context.Context, sec *secret, versionID, stage *string) (SecretValueEntry, error) {
	if !sec.deletionDate.IsZero() {
		return SecretValueEntry{}, errDeleted()
	}
	v, err := pick(sec, versionID, stage)
	if err != nil {
		return SecretValueEntry{}, err
	}
	val, err := s.open(ctx, sec, v)
	if err != nil {
		return SecretValueEntry{}, err
	}
	now := s.env.Now()
	sec.lastAccessed, v.accessed = now, now
	return SecretValueEntry{ARN: ptr(sec.arn), Name: ptr(sec.name), VersionId: ptr(v.id), SecretString: val.str,
		SecretBinary: val.binary, VersionStages: append([]string{}, v.stages...), CreatedDate: ptr(v.created)}, nil
}

// DescribeSecret implements Provider.
func (s *Service) DescribeSecret(ctx context.Context, in *DescribeSecretRequest) (*DescribeSecretResponse, error) {
	out := &DescribeSecretResponse{}
	err := s.withSecret(ctx, in.SecretId, func(sec *secret, _ *store) error {
		e := sec.listEntry()
		*out = DescribeSecretResponse{ARN: e.ARN, Name: e.Name, Type: e.Type, Description: e.Description, KmsKeyId: e.KmsKeyId,
			RotationEnabled: e.RotationEnabled, RotationLambdaARN: e.RotationLambdaARN, RotationRules: e.RotationRules,
			LastRotatedDate: e.LastRotatedDate, LastChangedDate: e.LastChangedDate, LastAccessedDate: e.LastAccessedDate,
			DeletedDate: e.DeletedDate, NextRotationDate: e.NextRotationDate, Tags: e.Tags, VersionIdsToStages: e.SecretVersionsToStages,
			CreatedDate: e.CreatedDate, PrimaryRegion: e.PrimaryRegion}
		if len(sec.replicas) > 0 {
			out.ReplicationStatus = sec.replicas
		}
		return nil
	})
	return out, err
}

func (sec *secret) listEntry() SecretListEntry {
	e := SecretListEntry{ARN: ptr(sec.arn), Name: ptr(sec.name), LastChangedDate: ptr(sec.lastChanged),
		LastAccessedDate: timePtr(day(sec.lastAccessed)), DeletedDate: timePtr(sec.deleted), CreatedDate: ptr(sec.created),
		SecretVersionsToStages: sec.versionsToStages(false), Tags: sec.tags}
	if sec.description != "" {
		e.Description = ptr(sec.description)
	}
	if sec.kmsKeyID != "" {
		e.KmsKeyId = ptr(sec.kmsKeyID)
	}
	if sec.secretType != "" {
		e.Type = ptr(sec.secretType)
	}
	if sec.rotation || sec.rotationLambda != "" {
		e.RotationEnabled = ptr(sec.rotation)
		if sec.rotationLambda != "" {
			e.RotationLambdaARN = ptr(sec.rotationLambda)
		}
		e.RotationRules = sec.rotationRules
		e.LastRotatedDate = timePtr(sec.lastRotated)
		if sec.rotation && sec.rotationRules != nil && sec.rotationRules.AutomaticallyAfterDays != nil {
			base := sec.lastRotated
			if base.IsZero() {
				base = sec.created
			}
			e.NextRotationDate = ptr(day(base.Add(time.Duration(*sec.rotationRules.AutomaticallyAfterDays) * 24 * time.Hour)))
		}
	}
	if len(sec.replicas) > 0 {
		p := sec.arn[len("arn:aws:secretsmanager:"):]
		e.PrimaryRegion = ptr(p[:indexByte(p, ':')])
	}
	return e
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}

// reencrypt re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions
// with the secret's (new) key; other versions keep their key (User Guide,
// "Change the encryption key for an AWS Secrets Manager secret").
func (s *Service) reencrypt(ctx context.Context, sec *secret) error {
	for _, id := range sec.order {
		v := sec.versions[id]
		if !hasStage(v.stages, stageCurrent) && !hasStage(v.stages, stagePending) && !hasStage(v.stages, stagePrevious) {
			continue
		}
		val, err := s.open(ctx, sec, v)
		if err != nil {
			return err
		}
		nv, err := s.newVersion(ctx, sec, v.id, val)
		if err != nil {
			return err
		}
		v.ciphertext, v.keyARN = nv.ciphertext, nv.keyARN
	}
	return nil
}
