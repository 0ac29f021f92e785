// Package ssm is the AWS Systems Manager provider for Parameter Store:
// String, StringList and SecureString (encrypted through KMS) parameters
// with versions, labels, tiers, policies, hierarchies and tags, per account
// and region, plus the public /aws/service/... parameters users query most.
// Other Systems Manager operations answer 501.
package ssm

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/kms"
	"github.com/setup-emulator/setup-emulator/server/services/secretsmanager"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env     awsapi.Env
	kms     kms.Crypto
	secrets secretsmanager.Reader

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

// store holds one account's parameters in one region.
type store struct {
	mu       sync.Mutex
	params   map[string]*param    // by name
	settings map[string]setting   // customised service settings by id
	expiring map[string]time.Time // parameters with an Expiration policy: when they go
	sorted   []string             // parameter names in order; nil when it must be rebuilt
}

type param struct {
	name     string
	versions []*pversion // oldest first; at most maxVersions
	tags     []Tag

	resourcePolicies []resourcePolicy
}

// pversion is one version of a parameter. value is the plaintext, or for
// SecureString the KMS ciphertext blob.
type pversion struct {
	version        int64
	typ            string
	value          []byte
	keyID          string // SecureString: the key as given (or alias/aws/ssm)
	description    string
	allowedPattern string
	tier           string
	policies       []ParameterInlinePolicy
	dataType       string
	modified       time.Time
	user           string
	labels         []string
}

// maxVersions is the number of versions Parameter Store keeps (User Guide,
// "Working with parameter versions": 100).
const maxVersions = 100

// defaultKey encrypts SecureString parameters given no KeyId.
const defaultKey = "alias/aws/ssm"

var _ Provider = (*Service)(nil)

// New returns a Parameter Store provider encrypting SecureString values with
// crypto and answering /aws/reference/secretsmanager/ names from secrets
// (either may be nil: SecureString values are then kept in clear, and
// secret references are ParameterNotFound).
func New(env awsapi.Env, crypto kms.Crypto, secrets secretsmanager.Reader) *Service {
	return &Service{env: env, kms: crypto, secrets: secrets, stores: map[storeKey]*store{}}
}

func (s *Service) store(ctx context.Context) (*store, *awsapi.Request) {
	r := awsapi.RequestFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{r.Account, r.Region}
	st := s.stores[k]
	if st == nil {
		st = newStore()
		s.stores[k] = st
	}
	return st, r
}

func ptr[T any](v T) *T { return &v }

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (p *param) latest() *pversion { return p.versions[len(p.versions)-1] }

func (p *param) version(v int64) *pversion {
	for _, pv := range p.versions {
		if pv.version == v {
			return pv
		}
	}
	return nil
}

// parameterARN: arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>.
func parameterARN(account, region, name string) string {
	if len(name) > 0 && name[0] == '/' {
		name = name[1:]
	}
	return "arn:aws:ssm:" + region + ":" + account + ":parameter/" + name
}

func errNotFound(name string) error {
	return &ParameterNotFound{Message: ptr("Parameter " + name + " not found.")}
}

// lock locks st and deletes parameters whose Expiration policy has passed:
// Parameter Store deletes them at that time (User Guide, "Assigning
// parameter policies": Expiration).
func (s *Service) lock(st *store) {
	st.mu.Lock()
	now := s.env.Now()
	for name, exp := range st.expiring {
		if !exp.After(now) {
			st.remove(name)
		}
	}
}

func newStore() *store {
	return &store{params: map[string]*param{}, settings: map[string]setting{}, expiring: map[string]time.Time{}}
}

// add stores p, tracking its expiration.
func (st *store) add(p *param) {
	if st.params[p.name] == nil {
		st.sorted = nil
	}
	st.params[p.name] = p
	if exp, ok := p.latest().expiration(); ok {
		st.expiring[p.name] = exp
	} else {
		delete(st.expiring, p.name)
	}
}

func (st *store) remove(name string) {
	if st.params[name] != nil {
		st.sorted = nil
	}
	delete(st.params, name)
	delete(st.expiring, name)
}

// expiration is the Timestamp of the version's Expiration policy.
func (v *pversion) expiration() (time.Time, bool) {
	for _, pol := range v.policies {
		if valueOf(pol.PolicyType) != "Expiration" {
			continue
		}
		var doc struct {
			Attributes struct{ Timestamp string }
		}
		if json.Unmarshal([]byte(valueOf(pol.PolicyText)), &doc) != nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339, doc.Attributes.Timestamp); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
