package sns

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// SNS state in a snapshot (service "sns"): one document per account and
// region with its topics, each with its attributes, tags, deleted-subscription
// count, FIFO sequence number and deduplication window, and its
// subscriptions in subscribe order (endpoint, attributes, pending
// confirmation and token), and its platform applications with their
// endpoints, and its SMS settings and opted-out numbers. Recorded deliveries (SentMessages) and the signing key are
// runtime-only.

type topicsState struct {
	Topics               []topicState       `json:"topics"`
	PlatformApplications []platformAppState `json:"platform_applications,omitempty"`
	SMSAttributes        map[string]string  `json:"sms_attributes,omitempty"`
	OptedOut             []string           `json:"opted_out,omitempty"`
}

type platformAppState struct {
	Name       string                  `json:"name"`
	Platform   string                  `json:"platform"`
	Attributes map[string]string       `json:"attributes,omitempty"`
	Endpoints  []platformEndpointState `json:"endpoints,omitempty"`
}

type platformEndpointState struct {
	Arn        string            `json:"arn"`
	Attributes map[string]string `json:"attributes"`
}

type topicState struct {
	Name                 string              `json:"name"`
	FIFO                 bool                `json:"fifo,omitempty"`
	Attributes           map[string]string   `json:"attributes,omitempty"`
	Tags                 map[string]string   `json:"tags,omitempty"`
	DeletedSubscriptions int                 `json:"deleted_subscriptions,omitempty"`
	Sequence             uint64              `json:"sequence,omitempty"`
	Dedup                []topicDedupState   `json:"dedup,omitempty"` // oldest first
	Subscriptions        []subscriptionState `json:"subscriptions"`
}

type topicDedupState struct {
	ID        string    `json:"id"`
	MessageID string    `json:"message_id"`
	Sequence  string    `json:"sequence"`
	Expires   time.Time `json:"expires"`
}

type subscriptionState struct {
	Arn           string            `json:"arn"`
	Protocol      string            `json:"protocol"`
	Endpoint      string            `json:"endpoint"`
	Owner         string            `json:"owner"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	Pending       bool              `json:"pending,omitempty"`
	Token         string            `json:"token,omitempty"`
	Authenticated bool              `json:"authenticated,omitempty"`
}

// SaveState implements state.Service.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	docs := map[storeKey]topicsState{}
	for k, st := range s.stores {
		if len(st.topics) == 0 && len(st.apps) == 0 && len(st.smsAttrs) == 0 && len(st.optedOut) == 0 {
			continue
		}
		doc := topicsState{Topics: []topicState{}, SMSAttributes: maps.Clone(st.smsAttrs)}
		for _, phone := range slices.Sorted(maps.Keys(st.optedOut)) {
			doc.OptedOut = append(doc.OptedOut, phone)
		}
		for _, arn := range slices.Sorted(maps.Keys(st.topics)) {
			doc.Topics = append(doc.Topics, st.topics[arn].snapshot())
		}
		for _, arn := range slices.Sorted(maps.Keys(st.apps)) {
			app := st.apps[arn]
			as := platformAppState{Name: app.name, Platform: app.platform, Attributes: maps.Clone(app.attrs)}
			for _, e := range app.endpoints {
				as.Endpoints = append(as.Endpoints, platformEndpointState{Arn: e.arn, Attributes: maps.Clone(e.attrs)})
			}
			doc.PlatformApplications = append(doc.PlatformApplications, as)
		}
		docs[k] = doc
	}
	s.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(docs), func(a, b storeKey) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.region, b.region))
	})
	for _, k := range keys {
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, docs[k]); err != nil {
			return err
		}
	}
	return nil
}

// snapshot copies the topic; s.mu is held.
func (t *topic) snapshot() topicState {
	ts := topicState{Name: t.name, FIFO: t.fifo, Attributes: maps.Clone(t.attrs), Tags: maps.Clone(t.tags),
		DeletedSubscriptions: t.deletedSubs, Sequence: t.seq, Subscriptions: []subscriptionState{}}
	for _, id := range t.dedupOrder {
		e := t.dedup[id]
		ts.Dedup = append(ts.Dedup, topicDedupState{ID: id, MessageID: e.messageID, Sequence: e.seq, Expires: e.expires.UTC()})
	}
	for _, sub := range t.subs {
		ts.Subscriptions = append(ts.Subscriptions, subscriptionState{Arn: sub.arn, Protocol: sub.protocol, Endpoint: sub.endpoint,
			Owner: sub.owner, Attributes: maps.Clone(sub.attrs), Pending: sub.pending, Token: sub.token, Authenticated: sub.authenticated})
	}
	return ts
}

// LoadState implements state.Service: topics are rebuilt completely, then
// replace the running ones (all of them, or with merge the same-named ones,
// with their subscriptions).
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey]*loadedScope{}
	for _, sc := range r.Scopes() {
		var doc topicsState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		ls := &loadedScope{smsAttrs: doc.SMSAttributes, optedOut: doc.OptedOut}
		for _, ts := range doc.Topics {
			t, err := topicFromState(ts, sc.Account, sc.Region)
			if err != nil {
				return err
			}
			ls.topics = append(ls.topics, t)
		}
		for _, as := range doc.PlatformApplications {
			ls.apps = append(ls.apps, appFromState(as, sc.Account, sc.Region))
		}
		loaded[storeKey{sc.Account, sc.Region}] = ls
	}
	s.install(loaded, merge)
	return nil
}

// loadedScope is what a snapshot holds for one account and region.
type loadedScope struct {
	topics   []*topic
	apps     []*platformApp
	smsAttrs map[string]string
	optedOut []string
}

func appFromState(as platformAppState, account, region string) *platformApp {
	app := &platformApp{arn: "arn:aws:sns:" + region + ":" + account + ":app/" + as.Platform + "/" + as.Name,
		name: as.Name, platform: as.Platform, account: account, region: region, attrs: maps.Clone(as.Attributes)}
	if app.attrs == nil {
		app.attrs = map[string]string{}
	}
	for _, es := range as.Endpoints {
		e := &platformEndpoint{arn: es.Arn, app: app, attrs: maps.Clone(es.Attributes)}
		if e.attrs == nil {
			e.attrs = map[string]string{}
		}
		app.endpoints = append(app.endpoints, e)
	}
	return app
}

func topicFromState(ts topicState, account, region string) (*topic, error) {
	if !standardName.MatchString(ts.Name) && !fifoName.MatchString(ts.Name) {
		return nil, fmt.Errorf("sns: snapshot topic %q in %s/%s has an invalid name", ts.Name, account, region)
	}
	t := &topic{
		arn: "arn:aws:sns:" + region + ":" + account + ":" + ts.Name, name: ts.Name, account: account, region: region,
		fifo: ts.FIFO, attrs: maps.Clone(ts.Attributes), tags: maps.Clone(ts.Tags), deletedSubs: ts.DeletedSubscriptions,
		seq: ts.Sequence, dedup: map[string]dedupEntry{},
	}
	if t.attrs == nil {
		t.attrs = map[string]string{}
	}
	if t.tags == nil {
		t.tags = map[string]string{}
	}
	for _, d := range ts.Dedup {
		t.dedup[d.ID] = dedupEntry{messageID: d.MessageID, seq: d.Sequence, expires: d.Expires}
		t.dedupOrder = append(t.dedupOrder, d.ID)
	}
	for _, ss := range ts.Subscriptions {
		sub := &subscription{arn: ss.Arn, topicArn: t.arn, protocol: ss.Protocol, endpoint: ss.Endpoint, owner: ss.Owner,
			attrs: maps.Clone(ss.Attributes), pending: ss.Pending, token: ss.Token, authenticated: ss.Authenticated}
		if sub.attrs == nil {
			sub.attrs = map[string]string{}
		}
		if p := sub.attrs["FilterPolicy"]; p != "" {
			scope := sub.attrs["FilterPolicyScope"]
			if scope == "" {
				scope = scopeAttributes
			}
			f, err := parseFilterPolicy(p, scope)
			if err != nil {
				return nil, fmt.Errorf("sns: snapshot subscription %s: %v", ss.Arn, err)
			}
			sub.filter = f
		}
		t.subs = append(t.subs, sub)
	}
	return t, nil
}

// install swaps loaded topics and applications in (same-named ones replace
// the running ones with everything they hold).
func (s *Service) install(loaded map[storeKey]*loadedScope, merge bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.stores = map[storeKey]*store{}
	}
	for k, ls := range loaded {
		st := s.storeFor(k.account, k.region)
		for _, t := range ls.topics {
			if old := st.topics[t.arn]; old != nil {
				for _, sub := range old.subs {
					delete(st.subs, sub.arn)
				}
			}
			st.topics[t.arn] = t
			for _, sub := range t.subs {
				st.subs[sub.arn] = sub
			}
		}
		if len(ls.smsAttrs) > 0 {
			if st.smsAttrs == nil {
				st.smsAttrs = map[string]string{}
			}
			maps.Copy(st.smsAttrs, ls.smsAttrs)
		}
		for _, phone := range ls.optedOut {
			st.optedOut[phone] = true
		}
		for _, app := range ls.apps {
			if old := st.apps[app.arn]; old != nil {
				for _, e := range old.endpoints {
					delete(st.endpoints, e.arn)
				}
			}
			st.apps[app.arn] = app
			for _, e := range app.endpoints {
				st.endpoints[e.arn] = e
			}
		}
	}
}

// ResetState implements state.Service: every topic and subscription of every
// account and region goes.
func (s *Service) ResetState(ctx context.Context) error {
	s.install(nil, false)
	return nil
}
