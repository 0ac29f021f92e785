package kms

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// KMS state in a snapshot: one document per account and region with its
// keys (metadata, policy, tags, grants, rotations and key material, so that
// ciphertexts made before an export decrypt after an import) and aliases.

type storeState struct {
	Keys      []keyState      `json:"keys"`
	Aliases   []aliasState    `json:"aliases"`
	KeyStores []keyStoreState `json:"custom_key_stores,omitempty"`
}

type keyStoreState struct {
	ID          string                     `json:"id"`
	Name        string                     `json:"name"`
	Type        string                     `json:"type"`
	ClusterID   string                     `json:"cluster_id,omitempty"`
	TrustAnchor string                     `json:"trust_anchor,omitempty"`
	State       string                     `json:"state"`
	Created     time.Time                  `json:"created"`
	Xks         *XksProxyConfigurationType `json:"xks,omitempty"`
}

type keyState struct {
	ID              string          `json:"id"`
	Created         time.Time       `json:"created"`
	Description     string          `json:"description"`
	Usage           string          `json:"usage"`
	Spec            string          `json:"spec"`
	Origin          string          `json:"origin"`
	Manager         string          `json:"manager"`
	MultiRegion     bool            `json:"multi_region,omitempty"`
	State           string          `json:"state"`
	DeletionDate    time.Time       `json:"deletion_date,omitzero"`
	PendingDays     int32           `json:"pending_days,omitempty"`
	Policy          string          `json:"policy"`
	Tags            []Tag           `json:"tags,omitempty"`
	Rotation        bool            `json:"rotation,omitempty"`
	RotationDays    int32           `json:"rotation_days,omitempty"`
	Rotations       []rotationState `json:"rotations,omitempty"`
	OnDemandStart   time.Time       `json:"on_demand_start,omitzero"`
	Material        [][]byte        `json:"material"`
	Grants          []grantState    `json:"grants,omitempty"`
	ValidTo         time.Time       `json:"valid_to,omitzero"`
	ExpirationModel string          `json:"expiration_model,omitempty"`
	PrimaryRegion   string          `json:"primary_region,omitempty"`
	ReplicaRegions  []string        `json:"replica_regions,omitempty"`
	LastUsedOp      string          `json:"last_used_operation,omitempty"`
	LastUsedAt      time.Time       `json:"last_used_at,omitzero"`
	LastUsedRequest string          `json:"last_used_request,omitempty"`
	KeyStore        string          `json:"custom_key_store_id,omitempty"`
	ClusterID       string          `json:"cloud_hsm_cluster_id,omitempty"`
	XksKeyID        string          `json:"xks_key_id,omitempty"`
}

type rotationState struct {
	MaterialID string    `json:"material_id"`
	Date       time.Time `json:"date"`
	Kind       string    `json:"kind"`
}

type grantState struct {
	ID             string            `json:"id"`
	Token          string            `json:"token"`
	Name           string            `json:"name,omitempty"`
	Grantee        string            `json:"grantee"`
	Retiring       string            `json:"retiring,omitempty"`
	Operations     []string          `json:"operations"`
	Constraints    *GrantConstraints `json:"constraints,omitempty"`
	Created        time.Time         `json:"created"`
	IssuingAccount string            `json:"issuing_account"`
}

type aliasState struct {
	Name    string    `json:"name"`
	Target  string    `json:"target"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// SaveState implements state.Service.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	for k := range s.stores {
		keys = append(keys, k)
	}
	stores := make([]*store, len(keys))
	sort.Slice(keys, func(i, j int) bool { return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region })
	for i, k := range keys {
		stores[i] = s.stores[k]
	}
	s.mu.Unlock()
	for i, sk := range keys {
		doc := stores[i].snapshot()
		if len(doc.Keys) == 0 && len(doc.Aliases) == 0 && len(doc.KeyStores) == 0 {
			continue
		}
		if err := w.Document(state.Scope{Account: sk.account, Region: sk.region}, doc); err != nil {
			return err
		}
	}
	return nil
}

func (st *store) snapshot() storeState {
	st.mu.Lock()
	defer st.mu.Unlock()
	doc := storeState{Keys: []keyState{}, Aliases: []aliasState{}}
	for _, k := range st.keys {
		ks := keyState{ID: k.id, Created: k.created.UTC(), Description: k.description, Usage: k.usage, Spec: k.spec,
			Origin: k.origin, Manager: k.manager, MultiRegion: k.multiRegion, State: k.state, DeletionDate: k.deletionDate.UTC(),
			PendingDays: k.pendingDays, Policy: k.policy, Rotation: k.rotation, RotationDays: k.rotationDays,
			OnDemandStart: k.onDemandStart.UTC(), Material: append([][]byte(nil), k.material...),
			ValidTo: k.validTo.UTC(), ExpirationModel: k.expirationModel, PrimaryRegion: k.primaryRegion,
			ReplicaRegions: append([]string(nil), k.replicaRegions...), LastUsedOp: k.lastUsed.operation,
			LastUsedAt: k.lastUsed.at.UTC(), LastUsedRequest: k.lastUsed.requestID,
			KeyStore: k.keyStore, ClusterID: k.clusterID, XksKeyID: k.xksKeyID}
		for _, t := range k.tagOrder {
			ks.Tags = append(ks.Tags, Tag{TagKey: ptr(t), TagValue: ptr(k.tags[t])})
		}
		for _, r := range k.rotations {
			ks.Rotations = append(ks.Rotations, rotationState{MaterialID: r.materialID, Date: r.date.UTC(), Kind: r.kind})
		}
		for _, g := range k.grants {
			ks.Grants = append(ks.Grants, grantState{ID: g.id, Token: g.token, Name: g.name, Grantee: g.grantee, Retiring: g.retiring,
				Operations: g.operations, Constraints: g.constraints, Created: g.created.UTC(), IssuingAccount: g.issuingAccount})
		}
		doc.Keys = append(doc.Keys, ks)
	}
	sort.Slice(doc.Keys, func(i, j int) bool { return doc.Keys[i].ID < doc.Keys[j].ID })
	for _, a := range st.aliases {
		doc.Aliases = append(doc.Aliases, aliasState{Name: a.name, Target: a.target, Created: a.created.UTC(), Updated: a.updated.UTC()})
	}
	sort.Slice(doc.Aliases, func(i, j int) bool { return doc.Aliases[i].Name < doc.Aliases[j].Name })
	for _, c := range st.keyStores {
		doc.KeyStores = append(doc.KeyStores, keyStoreState{ID: c.id, Name: c.name, Type: c.typ, ClusterID: c.clusterID,
			TrustAnchor: c.trustAnchor, State: c.state, Created: c.created.UTC(), Xks: c.xks})
	}
	sort.Slice(doc.KeyStores, func(i, j int) bool { return doc.KeyStores[i].ID < doc.KeyStores[j].ID })
	return doc
}

// LoadState implements state.Service: with merge, loaded keys and aliases
// replace same-id keys and same-name aliases; without, everything.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]*store{}
	for _, sc := range r.Scopes() {
		var doc storeState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		st := newStore()
		for _, c := range doc.KeyStores {
			st.keyStores[c.ID] = &customKeyStore{id: c.ID, name: c.Name, typ: c.Type, clusterID: c.ClusterID, trustAnchor: c.TrustAnchor,
				state: c.State, created: c.Created, xks: c.Xks}
		}
		for _, ks := range doc.Keys {
			if ks.ID == "" || ks.Spec == "" {
				return fmt.Errorf("kms: snapshot key in %s/%s has no id or spec", sc.Account, sc.Region)
			}
			k := &key{id: ks.ID, account: sc.Account, region: sc.Region, created: ks.Created, description: ks.Description,
				usage: ks.Usage, spec: ks.Spec, origin: ks.Origin, manager: ks.Manager, multiRegion: ks.MultiRegion,
				state: ks.State, deletionDate: ks.DeletionDate, pendingDays: ks.PendingDays, policy: ks.Policy,
				tags: map[string]string{}, rotation: ks.Rotation, rotationDays: ks.RotationDays,
				onDemandStart: ks.OnDemandStart, material: ks.Material, validTo: ks.ValidTo,
				expirationModel: ks.ExpirationModel, primaryRegion: ks.PrimaryRegion, replicaRegions: ks.ReplicaRegions,
				lastUsed: lastUsage{operation: ks.LastUsedOp, at: ks.LastUsedAt, requestID: ks.LastUsedRequest},
				keyStore: ks.KeyStore, clusterID: ks.ClusterID, xksKeyID: ks.XksKeyID}
			for _, t := range ks.Tags {
				k.tags[valueOf(t.TagKey)] = valueOf(t.TagValue)
				k.tagOrder = append(k.tagOrder, valueOf(t.TagKey))
			}
			for _, rs := range ks.Rotations {
				k.rotations = append(k.rotations, rotation{materialID: rs.MaterialID, date: rs.Date, kind: rs.Kind})
			}
			for _, g := range ks.Grants {
				k.grants = append(k.grants, &grant{id: g.ID, token: g.Token, name: g.Name, grantee: g.Grantee, retiring: g.Retiring,
					operations: g.Operations, constraints: g.Constraints, created: g.Created, issuingAccount: g.IssuingAccount})
			}
			st.keys[k.id] = k
		}
		for _, as := range doc.Aliases {
			st.aliases[as.Name] = &alias{name: as.Name, target: as.Target, created: as.Created, updated: as.Updated}
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
		for id, key := range in.keys {
			cur.keys[id] = key
		}
		for n, a := range in.aliases {
			cur.aliases[n] = a
		}
		for id, c := range in.keyStores {
			cur.keyStores[id] = c
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
