package secretsmanager

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Secrets Manager state in a snapshot: one document per account and region
// with its secrets; version values stay KMS ciphertexts (KMS's snapshot
// carries the key material that decrypts them).

type secretsState struct {
	Secrets []secretState `json:"secrets"`
}

type secretState struct {
	Name           string                  `json:"name"`
	ARN            string                  `json:"arn"`
	Description    string                  `json:"description,omitempty"`
	KmsKeyID       string                  `json:"kms_key_id,omitempty"`
	Type           string                  `json:"type,omitempty"`
	Created        time.Time               `json:"created"`
	LastChanged    time.Time               `json:"last_changed"`
	LastAccessed   time.Time               `json:"last_accessed,omitzero"`
	Deleted        time.Time               `json:"deleted,omitzero"`
	DeletionDate   time.Time               `json:"deletion_date,omitzero"`
	Rotation       bool                    `json:"rotation,omitempty"`
	RotationLambda string                  `json:"rotation_lambda,omitempty"`
	RotationRules  *RotationRulesType      `json:"rotation_rules,omitempty"`
	LastRotated    time.Time               `json:"last_rotated,omitzero"`
	Policy         string                  `json:"policy,omitempty"`
	Tags           []Tag                   `json:"tags,omitempty"`
	Replicas       []ReplicationStatusType `json:"replicas,omitempty"`
	Versions       []versionState          `json:"versions"`
}

type versionState struct {
	ID         string    `json:"id"`
	Created    time.Time `json:"created"`
	Accessed   time.Time `json:"accessed,omitzero"`
	Stages     []string  `json:"stages"`
	Binary     bool      `json:"binary,omitempty"`
	Ciphertext []byte    `json:"ciphertext"`
	KeyARN     string    `json:"key_arn,omitempty"`
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
		doc := stores[i].snapshot()
		if len(doc.Secrets) == 0 {
			continue
		}
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, doc); err != nil {
			return err
		}
	}
	return nil
}

func (st *store) snapshot() secretsState {
	st.mu.Lock()
	defer st.mu.Unlock()
	doc := secretsState{Secrets: []secretState{}}
	for _, sec := range st.secrets {
		ss := secretState{Name: sec.name, ARN: sec.arn, Description: sec.description, KmsKeyID: sec.kmsKeyID, Type: sec.secretType,
			Created: sec.created.UTC(), LastChanged: sec.lastChanged.UTC(), LastAccessed: sec.lastAccessed.UTC(), Deleted: sec.deleted.UTC(),
			DeletionDate: sec.deletionDate.UTC(), Rotation: sec.rotation, RotationLambda: sec.rotationLambda, RotationRules: sec.rotationRules,
			LastRotated: sec.lastRotated.UTC(), Policy: sec.policy, Tags: sec.tags, Replicas: sec.replicas, Versions: []versionState{}}
		for _, id := range sec.order {
			v := sec.versions[id]
			ss.Versions = append(ss.Versions, versionState{ID: v.id, Created: v.created.UTC(), Accessed: v.accessed.UTC(),
				Stages: append([]string{}, v.stages...), Binary: v.binary, Ciphertext: v.ciphertext, KeyARN: v.keyARN})
		}
		doc.Secrets = append(doc.Secrets, ss)
	}
	sort.Slice(doc.Secrets, func(i, j int) bool { return doc.Secrets[i].Name < doc.Secrets[j].Name })
	return doc
}

// LoadState implements state.Service: with merge, loaded secrets replace
// same-named ones; without, all.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]*store{}
	for _, sc := range r.Scopes() {
		var doc secretsState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		st := &store{secrets: map[string]*secret{}}
		for _, ss := range doc.Secrets {
			if ss.Name == "" || ss.ARN == "" {
				return fmt.Errorf("secretsmanager: snapshot secret in %s/%s has no name or ARN", sc.Account, sc.Region)
			}
			sec := &secret{name: ss.Name, arn: ss.ARN, description: ss.Description, kmsKeyID: ss.KmsKeyID, secretType: ss.Type,
				created: ss.Created, lastChanged: ss.LastChanged, lastAccessed: ss.LastAccessed, deleted: ss.Deleted,
				deletionDate: ss.DeletionDate, rotation: ss.Rotation, rotationLambda: ss.RotationLambda, rotationRules: ss.RotationRules,
				lastRotated: ss.LastRotated, policy: ss.Policy, tags: ss.Tags, replicas: ss.Replicas, versions: map[string]*version{}}
			for _, vs := range ss.Versions {
				sec.versions[vs.ID] = &version{id: vs.ID, created: vs.Created, accessed: vs.Accessed, stages: vs.Stages,
					binary: vs.Binary, ciphertext: vs.Ciphertext, keyARN: vs.KeyARN}
				sec.order = append(sec.order, vs.ID)
			}
			st.secrets[sec.name] = sec
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
		for n, sec := range in.secrets {
			cur.secrets[n] = sec
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
