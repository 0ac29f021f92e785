package logs

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// CloudWatch Logs state in a snapshot: one document per account and region,
// the store's data as is (log groups with their streams and events, metric
// and subscription filters, tags; Insights queries and definitions,
// destinations and resource policies).

// SaveState implements state.Service.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	for k := range s.stores {
		keys = append(keys, k)
	}
	stores := map[storeKey]*store{}
	for _, k := range keys {
		stores[k] = s.stores[k]
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool { return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region })
	for _, k := range keys {
		st := stores[k]
		st.mu.Lock()
		// Marshal under the lock: the document is a consistent copy.
		raw, err := json.Marshal(st.data)
		empty := len(st.data.Groups) == 0 && len(st.data.Defs) == 0 && len(st.data.Destinations) == 0 && len(st.data.Policies) == 0 &&
			len(st.data.AccountPolicies) == 0 && len(st.data.Deliveries.Sources) == 0 &&
			len(st.data.Deliveries.Destinations) == 0
		st.mu.Unlock()
		if err != nil {
			return err
		}
		if empty {
			continue
		}
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, json.RawMessage(raw)); err != nil {
			return err
		}
	}
	return nil
}

// LoadState implements state.Service: with merge, loaded log groups (and
// the other named resources) replace same-named ones as a whole; without,
// everything.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]storeData{}
	for _, sc := range r.Scopes() {
		var doc storeData
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		for name, g := range doc.Groups {
			if g == nil || g.Name != name {
				return fmt.Errorf("logs: snapshot log group %q in %s/%s is malformed", name, sc.Account, sc.Region)
			}
		}
		fresh := newStoreData()
		if doc.Groups == nil {
			doc.Groups = fresh.Groups
		}
		if doc.Queries == nil {
			doc.Queries = fresh.Queries
		}
		if doc.Defs == nil {
			doc.Defs = fresh.Defs
		}
		if doc.Policies == nil {
			doc.Policies = fresh.Policies
		}
		if doc.Destinations == nil {
			doc.Destinations = fresh.Destinations
		}
		if doc.AccountPolicies == nil {
			doc.AccountPolicies = fresh.AccountPolicies
		}
		loaded[storeKey{sc.Account, sc.Region}] = doc
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.stores = map[storeKey]*store{}
	}
	for k, doc := range loaded {
		st := s.stores[k]
		if st == nil {
			s.stores[k] = &store{data: doc}
			continue
		}
		st.mu.Lock()
		for k, v := range doc.Groups {
			st.data.Groups[k] = v
		}
		for k, v := range doc.Queries {
			st.data.Queries[k] = v
		}
		for k, v := range doc.Defs {
			st.data.Defs[k] = v
		}
		for k, v := range doc.Policies {
			st.data.Policies[k] = v
		}
		for k, v := range doc.Destinations {
			st.data.Destinations[k] = v
		}
		for k, v := range doc.AccountPolicies {
			st.data.AccountPolicies[k] = v
		}
		if doc.Deliveries.Sources != nil {
			d := st.deliveries()
			for k, v := range doc.Deliveries.Sources {
				d.Sources[k] = v
			}
			for k, v := range doc.Deliveries.Destinations {
				d.Destinations[k] = v
			}
			for k, v := range doc.Deliveries.Policies {
				d.Policies[k] = v
			}
			for k, v := range doc.Deliveries.Deliveries {
				d.Deliveries[k] = v
			}
		}
		st.mu.Unlock()
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
