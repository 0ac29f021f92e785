// Package kms is the AWS Key Management Service provider: symmetric
// (AES-256-GCM), asymmetric (RSA, ECC NIST) and HMAC keys that really
// encrypt, sign and authenticate with the Go standard library's crypto,
// plus aliases, grants, key policies, rotation, tags and scheduled deletion,
// kept in memory per account and region.
package kms

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

// store holds one account's keys and aliases in one region. One mutex
// guards everything in it: KMS operations are short.
type store struct {
	mu      sync.Mutex
	keys    map[string]*key   // by key id
	aliases map[string]*alias // by alias name ("alias/...")
	// keyStores are the custom key stores, by id.
	keyStores map[string]*customKeyStore
}

type alias struct {
	name    string
	target  string // key id
	created time.Time
	updated time.Time
}

var _ Provider = (*Service)(nil)

// New returns a KMS provider with no keys.
func New(env awsapi.Env) *Service {
	return &Service{env: env, stores: map[storeKey]*store{}}
}

// store returns (creating) the store of account in region.
func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = newStore()
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

var (
	keyARNPattern   = regexp.MustCompile(`^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key/(.+)$`)
	aliasARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias/.+)$`)
)

// keyRef is a parsed KeyId: a key id, key ARN, alias name or alias ARN.
type keyRef struct {
	account, region string
	keyID           string // set for key ids and key ARNs
	alias           string // set for alias names and alias ARNs
}

func parseKeyRef(ctx context.Context, id string) keyRef {
	r := awsapi.RequestFrom(ctx)
	ref := keyRef{account: r.Account, region: r.Region}
	switch {
	case strings.HasPrefix(id, "alias/"):
		ref.alias = id
	case keyARNPattern.MatchString(id):
		m := keyARNPattern.FindStringSubmatch(id)
		ref.region, ref.account, ref.keyID = m[1], m[2], m[3]
	case aliasARNPattern.MatchString(id):
		m := aliasARNPattern.FindStringSubmatch(id)
		ref.region, ref.account, ref.alias = m[1], m[2], m[3]
	default:
		ref.keyID = id
	}
	return ref
}

// resolve finds the key id names (key id, key ARN, alias name or alias ARN)
// and returns it with its store locked; the caller unlocks st.mu. An
// AWS-managed alias (alias/aws/<service>) that does not exist yet creates its
// key, as AWS does when a service first uses it. Errors: NotFoundException.
func (s *Service) resolve(ctx context.Context, id string) (*key, *store, error) {
	ref := parseKeyRef(ctx, id)
	st := s.store(ref.account, ref.region)
	st.mu.Lock()
	k, err := s.lookupLocked(st, ref)
	if err != nil {
		st.mu.Unlock()
		return nil, nil, err
	}
	return k, st, nil
}

func (s *Service) lookupLocked(st *store, ref keyRef) (*key, error) {
	s.purgeLocked(st)
	if ref.alias != "" {
		a := st.aliases[ref.alias]
		if a == nil && strings.HasPrefix(ref.alias, "alias/aws/") {
			k := s.newManagedKeyLocked(st, ref.account, ref.region, ref.alias)
			return k, nil
		}
		if a == nil {
			return nil, &NotFoundException{Message: ptr("Alias " + aliasARN(ref.account, ref.region, ref.alias) + " is not found.")}
		}
		return st.keys[a.target], nil
	}
	k := st.keys[ref.keyID]
	if k == nil {
		return nil, &NotFoundException{Message: ptr("Key '" + keyARN(ref.account, ref.region, ref.keyID) + "' does not exist")}
	}
	return k, nil
}

// purgeLocked deletes keys whose deletion date has passed, with their aliases.
func (s *Service) purgeLocked(st *store) {
	now := s.env.Now()
	for id, k := range st.keys {
		if !k.validTo.IsZero() && !k.validTo.After(now) && len(k.material) > 0 {
			// Imported material expired (API Reference, ImportKeyMaterial: ValidTo).
			k.material, k.state = nil, statePendingImport
		}
		if k.state == stateScheduled && !k.deletionDate.After(now) {
			delete(st.keys, id)
			for name, a := range st.aliases {
				if a.target == id {
					delete(st.aliases, name)
				}
			}
		}
	}
}

func keyARN(account, region, id string) string {
	return "arn:aws:kms:" + region + ":" + account + ":key/" + id
}

func aliasARN(account, region, name string) string {
	return "arn:aws:kms:" + region + ":" + account + ":" + name
}

func errValidation(format string, args ...any) error { return awsapi.ValidationError(format, args...) }

func newStore() *store {
	return &store{keys: map[string]*key{}, aliases: map[string]*alias{}, keyStores: map[string]*customKeyStore{}}
}
