package events

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// EventBridge state in a snapshot ("events"): one document per account and
// region with its buses (policy, tags, rules with their targets), archives
// with their events, replays and partner event sources. Targets keep AWS's
// member names. Schedules restart from the time of loading.

type storeState struct {
	Buses           []busState       `json:"buses"`
	Archives        []archiveState   `json:"archives,omitempty"`
	Replays         []replayState    `json:"replays,omitempty"`
	PartnerSources  []sourceState    `json:"partner_sources,omitempty"`
	Connections     []connection     `json:"connections,omitempty"`
	ApiDestinations []apiDestination `json:"api_destinations,omitempty"`
	Endpoints       []globalEndpoint `json:"endpoints,omitempty"`
}

type busState struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	KmsKey      string            `json:"kms_key,omitempty"`
	DeadLetter  *DeadLetterConfig `json:"dead_letter,omitempty"`
	LogConfig   *LogConfig        `json:"log_config,omitempty"`
	Policy      []statement       `json:"policy,omitempty"`
	Created     time.Time         `json:"created"`
	Modified    time.Time         `json:"modified"`
	Tags        map[string]string `json:"tags,omitempty"`
	Rules       []ruleState       `json:"rules"`
}

type ruleState struct {
	Name         string            `json:"name"`
	EventPattern string            `json:"event_pattern,omitempty"`
	Schedule     string            `json:"schedule_expression,omitempty"`
	State        string            `json:"state"`
	Description  string            `json:"description,omitempty"`
	RoleArn      string            `json:"role_arn,omitempty"`
	ManagedBy    string            `json:"managed_by,omitempty"`
	CreatedBy    string            `json:"created_by,omitempty"`
	Created      time.Time         `json:"created"`
	Targets      []Target          `json:"targets,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
}

type archiveState struct {
	Name          string          `json:"name"`
	Source        string          `json:"event_source_arn"`
	Description   string          `json:"description,omitempty"`
	EventPattern  string          `json:"event_pattern,omitempty"`
	KmsKey        string          `json:"kms_key,omitempty"`
	RetentionDays int32           `json:"retention_days,omitempty"`
	State         string          `json:"state"`
	Created       time.Time       `json:"created"`
	Events        []archivedEvent `json:"events,omitempty"`
}

type replayState struct {
	Name         string            `json:"name"`
	Description  string            `json:"description,omitempty"`
	Source       string            `json:"event_source_arn"`
	State        string            `json:"state"`
	Reason       string            `json:"state_reason,omitempty"`
	Destination  ReplayDestination `json:"destination"`
	EventStart   time.Time         `json:"event_start"`
	EventEnd     time.Time         `json:"event_end"`
	LastReplayed time.Time         `json:"last_replayed,omitzero"`
	Started      time.Time         `json:"started"`
	Ended        time.Time         `json:"ended,omitzero"`
}

type sourceState struct {
	Name      string    `json:"name"`
	CreatedBy string    `json:"created_by"`
	State     string    `json:"state"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
}

// SaveState implements state.Service.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	docs := map[storeKey]storeState{}
	for k, st := range s.stores {
		keys = append(keys, k)
		docs[k] = st.snapshot()
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region
	})
	for _, k := range keys {
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, docs[k]); err != nil {
			return err
		}
	}
	return nil
}

func (st *store) snapshot() storeState {
	doc := storeState{Buses: []busState{}}
	for _, name := range sortedKeys(st.buses) {
		b := st.buses[name]
		bs := busState{Name: b.name, Description: b.description, KmsKey: b.kmsKey, DeadLetter: b.deadLetter,
			LogConfig: b.logConfig, Policy: append([]statement(nil), b.policy...), Created: b.created, Modified: b.modified,
			Tags: copyMap(b.tags), Rules: []ruleState{}}
		for _, rn := range sortedKeys(b.rules) {
			r := b.rules[rn]
			bs.Rules = append(bs.Rules, ruleState{Name: r.name, EventPattern: r.eventPattern, Schedule: r.schedule,
				State: r.state, Description: r.description, RoleArn: r.roleArn, ManagedBy: r.managedBy, CreatedBy: r.createdBy,
				Created: r.created, Targets: append([]Target(nil), r.targets...), Tags: copyMap(r.tags)})
		}
		doc.Buses = append(doc.Buses, bs)
	}
	for _, name := range sortedKeys(st.archives) {
		a := st.archives[name]
		doc.Archives = append(doc.Archives, archiveState{Name: a.name, Source: a.source, Description: a.description,
			EventPattern: a.eventPattern, KmsKey: a.kmsKey, RetentionDays: a.retentionDays, State: a.state,
			Created: a.created, Events: append([]archivedEvent(nil), a.events...)})
	}
	for _, name := range sortedKeys(st.replays) {
		rp := st.replays[name]
		doc.Replays = append(doc.Replays, replayState{Name: rp.name, Description: rp.description, Source: rp.source,
			State: rp.state, Reason: rp.reason, Destination: rp.destination, EventStart: rp.eventStart, EventEnd: rp.eventEnd,
			LastReplayed: rp.lastReplayed, Started: rp.started, Ended: rp.ended})
	}
	for _, name := range sortedKeys(st.partnerSources) {
		src := st.partnerSources[name]
		doc.PartnerSources = append(doc.PartnerSources, sourceState{Name: src.name, CreatedBy: src.createdBy,
			State: src.state, Created: src.created, Expires: src.expires})
	}
	for _, name := range sortedKeys(st.connections) {
		doc.Connections = append(doc.Connections, *st.connections[name])
	}
	for _, name := range sortedKeys(st.apiDestinations) {
		doc.ApiDestinations = append(doc.ApiDestinations, *st.apiDestinations[name])
	}
	for _, name := range sortedKeys(st.endpoints) {
		doc.Endpoints = append(doc.Endpoints, *st.endpoints[name])
	}
	return doc
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// LoadState implements state.Service: each document is rebuilt completely
// (patterns and schedules compiled) before anything running changes; with
// merge, loaded buses, archives, replays and sources replace same-named ones.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]*store{}
	for _, sc := range r.Scopes() {
		var doc storeState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		st, err := storeFromState(doc, sc.Account, sc.Region)
		if err != nil {
			return err
		}
		loaded[storeKey{sc.Account, sc.Region}] = st
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.stopAllLocked()
		s.stores = map[storeKey]*store{}
	}
	for k, in := range loaded {
		cur := s.stores[k]
		if cur == nil {
			s.stores[k] = in
			cur = in
		} else {
			for name, b := range in.buses {
				if old := cur.buses[name]; old != nil {
					for _, r := range old.rules {
						s.stopScheduleLocked(r.arn)
					}
				}
				cur.buses[name] = b
			}
			for name, a := range in.archives {
				cur.archives[name] = a
			}
			for name, rp := range in.replays {
				cur.replays[name] = rp
			}
			for name, src := range in.partnerSources {
				cur.partnerSources[name] = src
			}
			for name, c := range in.connections {
				if cur.connections == nil {
					cur.connections = map[string]*connection{}
				}
				cur.connections[name] = c
			}
			for name, e := range in.endpoints {
				if cur.endpoints == nil {
					cur.endpoints = map[string]*globalEndpoint{}
				}
				cur.endpoints[name] = e
			}
			for name, d := range in.apiDestinations {
				if cur.apiDestinations == nil {
					cur.apiDestinations = map[string]*apiDestination{}
				}
				cur.apiDestinations[name] = d
			}
		}
		for _, b := range in.buses {
			for _, r := range b.rules {
				s.restartScheduleLocked(cur, r)
			}
		}
	}
	return nil
}

func storeFromState(doc storeState, account, region string) (*store, error) {
	st := &store{account: account, region: region, buses: map[string]*bus{}, archives: map[string]*archive{},
		replays: map[string]*replay{}, partnerSources: map[string]*partnerSource{}}
	for _, bs := range doc.Buses {
		if bs.Name == "" {
			return nil, fmt.Errorf("events: snapshot bus without a name in %s/%s", account, region)
		}
		b := newBus(st, bs.Name, bs.Created)
		b.description, b.kmsKey, b.deadLetter, b.logConfig = bs.Description, bs.KmsKey, bs.DeadLetter, bs.LogConfig
		b.policy, b.modified = bs.Policy, bs.Modified
		for k, v := range bs.Tags {
			b.tags[k] = v
		}
		for _, rs := range bs.Rules {
			r := &rule{name: rs.Name, arn: ruleARN(st, b.name, rs.Name), busName: b.name, eventPattern: rs.EventPattern,
				schedule: rs.Schedule, state: rs.State, description: rs.Description, roleArn: rs.RoleArn,
				managedBy: rs.ManagedBy, createdBy: rs.CreatedBy, created: rs.Created, targets: rs.Targets, tags: map[string]string{}}
			for k, v := range rs.Tags {
				r.tags[k] = v
			}
			var err error
			if r.eventPattern != "" {
				if r.compiled, err = compilePattern(r.eventPattern); err != nil {
					return nil, fmt.Errorf("events: snapshot rule %s: %w", r.arn, err)
				}
			}
			if r.schedule != "" {
				if r.sched, err = parseSchedule(r.schedule); err != nil {
					return nil, fmt.Errorf("events: snapshot rule %s: %w", r.arn, err)
				}
			}
			b.rules[r.name] = r
		}
		st.buses[b.name] = b
	}
	if st.buses[defaultBus] == nil {
		st.buses[defaultBus] = newBus(st, defaultBus, time.Time{})
	}
	for _, as := range doc.Archives {
		a := &archive{name: as.Name, arn: st.arn("archive/" + as.Name), source: as.Source, description: as.Description,
			eventPattern: as.EventPattern, kmsKey: as.KmsKey, retentionDays: as.RetentionDays, state: as.State,
			created: as.Created, events: as.Events}
		if a.eventPattern != "" {
			var err error
			if a.compiled, err = compilePattern(a.eventPattern); err != nil {
				return nil, fmt.Errorf("events: snapshot archive %s: %w", a.arn, err)
			}
		}
		for _, e := range a.events {
			a.size += int64(len(e.Event))
		}
		st.archives[a.name] = a
	}
	for _, rs := range doc.Replays {
		st.replays[rs.Name] = &replay{name: rs.Name, arn: st.arn("replay/" + rs.Name), description: rs.Description,
			source: rs.Source, state: rs.State, reason: rs.Reason, destination: rs.Destination, eventStart: rs.EventStart,
			eventEnd: rs.EventEnd, lastReplayed: rs.LastReplayed, started: rs.Started, ended: rs.Ended}
	}
	for _, ss := range doc.PartnerSources {
		st.partnerSources[ss.Name] = &partnerSource{name: ss.Name, arn: "arn:aws:events:" + region + "::event-source/" + ss.Name,
			createdBy: ss.CreatedBy, state: ss.State, created: ss.Created, expires: ss.Expires}
	}
	for _, c := range doc.Connections {
		if st.connections == nil {
			st.connections = map[string]*connection{}
		}
		st.connections[c.Name] = &c
	}
	for _, d := range doc.ApiDestinations {
		if st.apiDestinations == nil {
			st.apiDestinations = map[string]*apiDestination{}
		}
		st.apiDestinations[d.Name] = &d
	}
	for _, e := range doc.Endpoints {
		if st.endpoints == nil {
			st.endpoints = map[string]*globalEndpoint{}
		}
		st.endpoints[e.Name] = &e
	}
	return st, nil
}

func (s *Service) stopAllLocked() {
	for arn := range s.schedules {
		s.stopScheduleLocked(arn)
	}
}

// ResetState implements state.Service: every resource goes and every
// schedule stops.
func (s *Service) ResetState(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopAllLocked()
	s.stores = map[storeKey]*store{}
	return nil
}

var _ state.Service = (*Service)(nil)
