package kinesis

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Kinesis state in a snapshot: one document per account and region, the
// store's data as is (streams with every shard, open or closed, and their
// records, consumers, tags, policies and the account settings).

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
		empty := len(st.data.Streams) == 0 && st.data.BillingCommitment == ""
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

// LoadState implements state.Service: with merge, loaded streams replace
// same-named streams as a whole; without, everything.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]storeData{}
	for _, sc := range r.Scopes() {
		var doc storeData
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		for name, str := range doc.Streams {
			if str == nil || str.Name != name {
				return fmt.Errorf("kinesis: snapshot stream %q in %s/%s is malformed", name, sc.Account, sc.Region)
			}
		}
		if doc.Streams == nil {
			doc.Streams = map[string]*stream{}
		}
		if doc.Policies == nil {
			doc.Policies = map[string]string{}
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
		for n, str := range doc.Streams {
			st.data.Streams[n] = str
		}
		for a, p := range doc.Policies {
			st.data.Policies[a] = p
		}
		if doc.BillingCommitment != "" {
			st.data.BillingCommitment, st.data.BillingStarted = doc.BillingCommitment, doc.BillingStarted
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
