package dynamodb

import (
	"encoding/json"
	"fmt"
)

// extrasState is what a snapshot keeps of a store besides tables and
// backups: resource policies by ARN, 2017.11.29 global tables, exports and
// imports (AWS's member names; unset members omitted).
type extrasState struct {
	Policies     map[string]resourcePolicy `json:"resource_policies,omitempty"`
	GlobalTables json.RawMessage           `json:"global_tables,omitempty"`
	Exports      json.RawMessage           `json:"exports,omitempty"`
	Imports      json.RawMessage           `json:"imports,omitempty"`
}

func (x extrasState) empty() bool {
	return len(x.Policies) == 0 && len(x.GlobalTables) == 0 && len(x.Exports) == 0 && len(x.Imports) == 0
}

// snapshotExtras captures the store's extras. Caller holds st.mu.
func (st *store) snapshotExtras() (extrasState, error) {
	x := extrasState{Policies: st.policies}
	var err error
	for _, f := range []struct {
		dst *json.RawMessage
		v   any
		n   int
	}{{&x.GlobalTables, st.globalTables, len(st.globalTables)}, {&x.Exports, st.exports, len(st.exports)}, {&x.Imports, st.imports, len(st.imports)}} {
		if f.n == 0 {
			continue
		}
		if *f.dst, err = shapeJSON(f.v); err != nil {
			return x, fmt.Errorf("dynamodb: %w", err)
		}
	}
	if len(x.Policies) > 0 {
		x.Policies = make(map[string]resourcePolicy, len(st.policies))
		for k, v := range st.policies {
			x.Policies[k] = v
		}
	}
	return x, nil
}

// extras is a store's loaded extras.
type extras struct {
	policies     map[string]resourcePolicy
	globalTables []*GlobalTableDescription
	exports      []*ExportDescription
	imports      []*ImportTableDescription
}

func (x extrasState) load() (*extras, error) {
	e := &extras{policies: x.Policies}
	for _, f := range []struct {
		raw json.RawMessage
		dst any
	}{{x.GlobalTables, &e.globalTables}, {x.Exports, &e.exports}, {x.Imports, &e.imports}} {
		if err := fromShapeJSON(f.raw, f.dst); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// installExtras adds loaded extras to their stores (after install, which
// emptied the stores unless merging), replacing those with the same ARN
// or name.
func (s *Service) installExtras(loaded map[storeKey]*extras) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, x := range loaded {
		if len(x.policies) == 0 && len(x.globalTables) == 0 && len(x.exports) == 0 && len(x.imports) == 0 {
			continue
		}
		st := s.stores[k]
		if st == nil {
			st = &store{tables: map[string]*table{}}
			s.stores[k] = st
		}
		st.mu.Lock()
		for arn, p := range x.policies {
			if st.policies == nil {
				st.policies = map[string]resourcePolicy{}
			}
			st.policies[arn] = p
		}
		st.globalTables = mergeBy(st.globalTables, x.globalTables, func(g *GlobalTableDescription) string { return deref(g.GlobalTableName) })
		st.exports = mergeBy(st.exports, x.exports, func(e *ExportDescription) string { return deref(e.ExportArn) })
		st.imports = mergeBy(st.imports, x.imports, func(i *ImportTableDescription) string { return deref(i.ImportArn) })
		st.mu.Unlock()
	}
}

// mergeBy appends loaded to running, dropping running entries with a
// loaded entry's key.
func mergeBy[T any](running, loaded []T, key func(T) string) []T {
	if len(loaded) == 0 {
		return running
	}
	seen := map[string]bool{}
	for _, v := range loaded {
		seen[key(v)] = true
	}
	out := make([]T, 0, len(running)+len(loaded))
	for _, v := range running {
		if !seen[key(v)] {
			out = append(out, v)
		}
	}
	return append(out, loaded...)
}
