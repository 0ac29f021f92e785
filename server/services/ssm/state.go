package ssm

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Parameter Store state in a snapshot: one document per account and region
// with its parameters and every kept version (SecureString values stay KMS
// ciphertexts; KMS's snapshot carries the key material).

type paramsState struct {
	Parameters []paramState   `json:"parameters"`
	Settings   []settingState `json:"settings,omitempty"`
}

// settingState is a customised service setting.
type settingState struct {
	ID       string    `json:"id"`
	Value    string    `json:"value"`
	Modified time.Time `json:"modified"`
	User     string    `json:"user"`
}

type paramState struct {
	Name             string                `json:"name"`
	ResourcePolicies []resourcePolicyState `json:"resource_policies,omitempty"`
	Tags             []Tag                 `json:"tags,omitempty"`
	Versions         []versionState        `json:"versions"`
}

type resourcePolicyState struct {
	ID     string `json:"id"`
	Hash   string `json:"hash"`
	Policy string `json:"policy"`
}

type versionState struct {
	Version        int64                   `json:"version"`
	Type           string                  `json:"type"`
	Value          []byte                  `json:"value"`
	KeyID          string                  `json:"key_id,omitempty"`
	Description    string                  `json:"description,omitempty"`
	AllowedPattern string                  `json:"allowed_pattern,omitempty"`
	Tier           string                  `json:"tier"`
	Policies       []ParameterInlinePolicy `json:"policies,omitempty"`
	DataType       string                  `json:"data_type"`
	Modified       time.Time               `json:"modified"`
	User           string                  `json:"user"`
	Labels         []string                `json:"labels,omitempty"`
}

// SaveState implements state.Service.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	for k := range s.stores {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region })
	stores := make([]*store, len(keys))
	for i, k := range keys {
		stores[i] = s.stores[k]
	}
	s.mu.Unlock()
	for i, k := range keys {
		st := stores[i]
		st.mu.Lock()
		doc := paramsState{Parameters: []paramState{}}
		for _, p := range sortedParams(st) {
			ps := paramState{Name: p.name, Tags: append([]Tag(nil), p.tags...), Versions: []versionState{}}
			for _, rp := range p.resourcePolicies {
				ps.ResourcePolicies = append(ps.ResourcePolicies, resourcePolicyState{ID: rp.id, Hash: rp.hash, Policy: rp.policy})
			}
			for _, v := range p.versions {
				ps.Versions = append(ps.Versions, versionState{Version: v.version, Type: v.typ, Value: v.value, KeyID: v.keyID,
					Description: v.description, AllowedPattern: v.allowedPattern, Tier: v.tier, Policies: v.policies,
					DataType: v.dataType, Modified: v.modified.UTC(), User: v.user, Labels: append([]string(nil), v.labels...)})
			}
			doc.Parameters = append(doc.Parameters, ps)
		}
		for id, v := range st.settings {
			doc.Settings = append(doc.Settings, settingState{ID: id, Value: v.value, Modified: v.modified.UTC(), User: v.user})
		}
		sort.Slice(doc.Settings, func(i, j int) bool { return doc.Settings[i].ID < doc.Settings[j].ID })
		st.mu.Unlock()
		if len(doc.Parameters) == 0 && len(doc.Settings) == 0 {
			continue
		}
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, doc); err != nil {
			return err
		}
	}
	return nil
}

// LoadState implements state.Service: with merge, loaded parameters replace
// same-named ones; without, all.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]*store{}
	for _, sc := range r.Scopes() {
		var doc paramsState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		st := newStore()
		for _, v := range doc.Settings {
			st.settings[v.ID] = setting{value: v.Value, modified: v.Modified, user: v.User}
		}
		for _, ps := range doc.Parameters {
			if ps.Name == "" || len(ps.Versions) == 0 {
				return fmt.Errorf("ssm: snapshot parameter %q in %s/%s has no name or versions", ps.Name, sc.Account, sc.Region)
			}
			p := &param{name: ps.Name, tags: ps.Tags}
			for _, rp := range ps.ResourcePolicies {
				p.resourcePolicies = append(p.resourcePolicies, resourcePolicy{id: rp.ID, hash: rp.Hash, policy: rp.Policy})
			}
			for _, v := range ps.Versions {
				p.versions = append(p.versions, &pversion{version: v.Version, typ: v.Type, value: v.Value, keyID: v.KeyID,
					description: v.Description, allowedPattern: v.AllowedPattern, tier: v.Tier, policies: v.Policies,
					dataType: v.DataType, modified: v.Modified, user: v.User, labels: v.Labels})
			}
			st.add(p)
		}
		loaded[storeKey{sc.Account, sc.Region}] = st
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.stores = loaded
		return nil
	}
	for k, in := range loaded {
		cur := s.stores[k]
		if cur == nil {
			s.stores[k] = in
			continue
		}
		cur.mu.Lock()
		for _, p := range in.params {
			cur.add(p)
		}
		for id, v := range in.settings {
			cur.settings[id] = v
		}
		cur.mu.Unlock()
	}
	return nil
}

// ResetState implements state.Service.
func (s *Service) ResetState(ctx context.Context) error {
	s.mu.Lock()
	s.stores = map[storeKey]*store{}
	s.mu.Unlock()
	return nil
}
