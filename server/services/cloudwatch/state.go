package cloudwatch

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// CloudWatch state in a snapshot: one document per account and region, the
// store's data as is (metric series with their data points, alarms with
// their state, history, dashboards, tags).

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
		empty := len(st.data.Series) == 0 && len(st.data.Alarms) == 0 && len(st.data.Dashboards) == 0 &&
			len(st.data.InsightRules) == 0 && len(st.data.MetricStreams) == 0 && len(st.data.Anomaly) == 0
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

// LoadState implements state.Service: with merge, loaded metrics, alarms and
// dashboards replace same-named ones as a whole; without, everything.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]storeData{}
	for _, sc := range r.Scopes() {
		var doc storeData
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		fresh := newStoreData()
		if doc.Series == nil {
			doc.Series = fresh.Series
		}
		if doc.Alarms == nil {
			doc.Alarms = fresh.Alarms
		}
		if doc.Dashboards == nil {
			doc.Dashboards = fresh.Dashboards
		}
		if doc.Tags == nil {
			doc.Tags = fresh.Tags
		}
		if doc.InsightRules == nil {
			doc.InsightRules = fresh.InsightRules
		}
		if doc.MetricStreams == nil {
			doc.MetricStreams = fresh.MetricStreams
		}
		if doc.Anomaly == nil {
			doc.Anomaly = fresh.Anomaly
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
		for k, v := range doc.Series {
			st.data.Series[k] = v
		}
		for k, v := range doc.Alarms {
			st.data.Alarms[k] = v
		}
		for k, v := range doc.Dashboards {
			st.data.Dashboards[k] = v
		}
		for k, v := range doc.Tags {
			st.data.Tags[k] = v
		}
		st.data.History = append(st.data.History, doc.History...)
		for k, v := range doc.InsightRules {
			st.data.InsightRules[k] = v
		}
		for k, v := range doc.MetricStreams {
			st.data.MetricStreams[k] = v
		}
		for k, v := range doc.Anomaly {
			st.data.Anomaly[k] = v
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
