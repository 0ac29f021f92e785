// Package secretsmanager is the AWS Secrets Manager provider: secrets with
// string or binary values encrypted through KMS, versions and staging
// labels, rotation configuration, scheduled deletion and restore, recorded
// replication, resource policies and tags, per account and region.
package secretsmanager

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/kms"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env
	kms kms.Crypto

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

// store holds one account's secrets in one region.
type store struct {
	mu      sync.Mutex
	secrets map[string]*secret // by name
}

// Staging labels Secrets Manager manages itself.
const (
	stageCurrent  = "AWSCURRENT"
	stagePrevious = "AWSPREVIOUS"
	stagePending  = "AWSPENDING"
)

// defaultKey is the key secrets use without KmsKeyId (User Guide, "Secret
// encryption and decryption in AWS Secrets Manager").
const defaultKey = "alias/aws/secretsmanager"

type secret struct {
	name, arn      string
	description    string
	kmsKeyID       string // as given ("" for the AWS-managed key)
	secretType     string
	created        time.Time
	lastChanged    time.Time
	lastAccessed   time.Time
	deleted        time.Time // scheduled deletion: when it was requested
	deletionDate   time.Time
	rotation       bool
	rotationLambda string
	rotationRules  *RotationRulesType
	lastRotated    time.Time
	policy         string
	tags           []Tag
	replicas       []ReplicationStatusType
	versions       map[string]*version
	order          []string // version ids, oldest first
}

type version struct {
	id         string
	created    time.Time
	accessed   time.Time
	stages     []string
	binary     bool
	ciphertext []byte
	keyARN     string
}

var _ Provider = (*Service)(nil)

// New returns a Secrets Manager provider encrypting with crypto.
func New(env awsapi.Env, crypto kms.Crypto) *Service {
	return &Service{env: env, kms: crypto, stores: map[storeKey]*store{}}
}

func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{secrets: map[string]*secret{}}
		s.stores[k] = st
	}
	return st
}

func ptr[T any](v T) *T { return &v }

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

const suffixChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// secretARN is the secret's ARN: its name, a hyphen and six random
// characters (User Guide, "Secret ARN").
func secretARN(account, region, name string) string {
	b := make([]byte, 6)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(suffixChars))))
		b[i] = suffixChars[n.Int64()]
	}
	return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + string(b)
}

func errNotFound() error {
	return &ResourceNotFoundException{Message: ptr("Secrets Manager can't find the specified secret.")}
}

func errDeleted() error {
	return &InvalidRequestException{Message: ptr("You can't perform this operation on the secret because it was marked for deletion.")}
}

// lookupLocked finds a secret by name, full ARN or partial ARN (the ARN
// without the six-character suffix), purging secrets whose recovery window
// ended. Errors: ResourceNotFoundException.
func (s *Service) lookupLocked(st *store, id string) (*secret, error) {
	now := s.env.Now()
	for name, sec := range st.secrets {
		if !sec.deletionDate.IsZero() && !sec.deletionDate.After(now) {
			delete(st.secrets, name)
		}
	}
	if sec := st.secrets[id]; sec != nil {
		return sec, nil
	}
	if strings.HasPrefix(id, "arn:") {
		for _, sec := range st.secrets {
			if sec.arn == id || sec.arn[:len(sec.arn)-7] == id {
				return sec, nil
			}
		}
	}
	return nil, errNotFound()
}

// withSecret runs fn on the secret id names with its store locked.
func (s *Service) withSecret(ctx context.Context, id *string, fn func(sec *secret, st *store) error) error {
	account, region := s.scope(ctx, valueOf(id))
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	sec, err := s.lookupLocked(st, valueOf(id))
	if err != nil {
		return err
	}
	return fn(sec, st)
}

// scope is the account and region of the request, or of a secret ARN.
func (s *Service) scope(ctx context.Context, id string) (string, string) {
	r := awsapi.RequestFrom(ctx)
	if p := strings.Split(id, ":"); len(p) >= 7 && p[0] == "arn" && p[2] == "secretsmanager" {
		return p[4], p[3]
	}
	return r.Account, r.Region
}

// current returns the version with AWSCURRENT, or nil.
func (sec *secret) withStage(stage string) *version {
	for _, id := range sec.order {
		if v := sec.versions[id]; hasStage(v.stages, stage) {
			return v
		}
	}
	return nil
}

func hasStage(stages []string, stage string) bool {
	for _, s := range stages {
		if s == stage {
			return true
		}
	}
	return false
}

func removeStage(stages []string, stage string) []string {
	out := stages[:0:0]
	for _, s := range stages {
		if s != stage {
			out = append(out, s)
		}
	}
	return out
}

// moveStage attaches stage to v, detaching it from every other version;
// moving AWSCURRENT gives the previous holder AWSPREVIOUS (User Guide,
// "Staging labels").
func (sec *secret) moveStage(stage string, v *version) {
	for _, id := range sec.order {
		o := sec.versions[id]
		if o == v || !hasStage(o.stages, stage) {
			continue
		}
		o.stages = removeStage(o.stages, stage)
		if stage == stageCurrent {
			for _, id2 := range sec.order {
				w := sec.versions[id2]
				w.stages = removeStage(w.stages, stagePrevious)
			}
			o.stages = append(o.stages, stagePrevious)
		}
	}
	if !hasStage(v.stages, stage) {
		v.stages = append(v.stages, stage)
	}
}

// maxVersions is how many versions a secret keeps: beyond it, deprecated
// versions (no staging label) created more than 24 hours ago are removed,
// oldest first (API Reference, UpdateSecret: "Secrets Manager removes
// outdated versions when there are more than 100, but it does not remove
// versions created less than 24 hours ago").
const maxVersions = 100

func (sec *secret) prune(now time.Time) {
	for len(sec.order) > maxVersions {
		removed := false
		for i, id := range sec.order {
			if v := sec.versions[id]; len(v.stages) == 0 && now.Sub(v.created) > 24*time.Hour {
				delete(sec.versions, id)
				sec.order = append(sec.order[:i], sec.order[i+1:]...)
				removed = true
				break
			}
		}
		if !removed {
			return
		}
	}
}

func (sec *secret) versionsToStages(includeDeprecated bool) map[string][]string {
	out := map[string][]string{}
	for _, id := range sec.order {
		v := sec.versions[id]
		if len(v.stages) > 0 || includeDeprecated {
			out[id] = append([]string{}, v.stages...)
		}
	}
	return out
}

// day truncates t to its date: LastAccessedDate is a day (API Reference,
// DescribeSecret).
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
