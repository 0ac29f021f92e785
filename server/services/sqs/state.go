package sqs

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// SQS state in a snapshot (server/state/FORMAT.md, "sqs"): one document per
// account and region with its queues, each with its attributes, tags, FIFO
// deduplication window and every message, ready, delayed or in flight, with
// its attributes, receive count, receipt handle and the absolute time it
// becomes visible.

type queuesState struct {
	Queues []queueState `json:"queues"`
}

type queueState struct {
	Name       string            `json:"name"`
	Attributes map[string]string `json:"attributes"`
	Created    time.Time         `json:"created"`
	Modified   time.Time         `json:"modified"`
	Tags       map[string]string `json:"tags,omitempty"`
	LastPurge  time.Time         `json:"last_purge,omitzero"`
	Sequence   uint64            `json:"sequence,omitempty"` // last FIFO sequence number
	Dedup      []dedupState      `json:"dedup,omitempty"`    // FIFO deduplication window, oldest first
	Messages   []messageState    `json:"messages"`
}

type dedupState struct {
	Key       string    `json:"key"`
	MessageID string    `json:"message_id"`
	Sequence  string    `json:"sequence"`
	Expires   time.Time `json:"expires"`
}

// Message states in the snapshot.
const (
	msgReady    = "ready"
	msgDelayed  = "delayed"
	msgInflight = "inflight"
)

type messageState struct {
	ID               string               `json:"id"`
	Body             string               `json:"body"`
	MD5Body          string               `json:"md5_body"`
	MD5Attributes    string               `json:"md5_attributes,omitempty"`
	MD5SystemAttrs   string               `json:"md5_system_attributes,omitempty"`
	Attributes       map[string]attrState `json:"attributes,omitempty"`
	SystemAttributes map[string]attrState `json:"system_attributes,omitempty"`
	Sent             time.Time            `json:"sent"`
	SenderID         string               `json:"sender_id"`
	FirstReceive     time.Time            `json:"first_receive,omitzero"`
	ReceiveCount     int                  `json:"receive_count,omitempty"`
	ReceiptHandle    string               `json:"receipt_handle,omitempty"`
	GroupID          string               `json:"group_id,omitempty"`
	DeduplicationID  string               `json:"deduplication_id,omitempty"`
	Sequence         string               `json:"sequence,omitempty"`
	DeadLetterSource string               `json:"dead_letter_source,omitempty"`
	State            string               `json:"state"`               // ready, delayed, inflight
	VisibleAt        time.Time            `json:"visible_at,omitzero"` // delayed or inflight: when it becomes ready
}

// attrState is a message attribute value with AWS's member names.
type attrState struct {
	DataType         string   `json:"DataType"`
	StringValue      *string  `json:"StringValue,omitempty"`
	BinaryValue      []byte   `json:"BinaryValue,omitempty"`
	StringListValues []string `json:"StringListValues,omitempty"`
	BinaryListValues [][]byte `json:"BinaryListValues,omitempty"`
}

func userAttrsToState(in map[string]MessageAttributeValue) map[string]attrState {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]attrState, len(in))
	for k, v := range in {
		out[k] = attrState{DataType: deref(v.DataType), StringValue: v.StringValue, BinaryValue: v.BinaryValue,
			StringListValues: v.StringListValues, BinaryListValues: v.BinaryListValues}
	}
	return out
}

func sysAttrsToState(in map[string]MessageSystemAttributeValue) map[string]attrState {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]attrState, len(in))
	for k, v := range in {
		out[k] = attrState{DataType: deref(v.DataType), StringValue: v.StringValue, BinaryValue: v.BinaryValue,
			StringListValues: v.StringListValues, BinaryListValues: v.BinaryListValues}
	}
	return out
}

func userAttrsFromState(in map[string]attrState) map[string]MessageAttributeValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]MessageAttributeValue, len(in))
	for k, v := range in {
		out[k] = MessageAttributeValue{DataType: ptr(v.DataType), StringValue: v.StringValue, BinaryValue: v.BinaryValue,
			StringListValues: v.StringListValues, BinaryListValues: v.BinaryListValues}
	}
	return out
}

func sysAttrsFromState(in map[string]attrState) map[string]MessageSystemAttributeValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]MessageSystemAttributeValue, len(in))
	for k, v := range in {
		out[k] = MessageSystemAttributeValue{DataType: ptr(v.DataType), StringValue: v.StringValue, BinaryValue: v.BinaryValue,
			StringListValues: v.StringListValues, BinaryListValues: v.BinaryListValues}
	}
	return out
}

// SaveState implements state.Service. Each queue is captured under its lock.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	stores := make(map[storeKey]*store, len(s.stores))
	for k, st := range s.stores {
		keys = append(keys, k)
		stores[k] = st
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region
	})
	for _, k := range keys {
		st := stores[k]
		st.mu.RLock()
		queues := make([]*queue, 0, len(st.queues))
		for _, q := range st.queues {
			queues = append(queues, q)
		}
		st.mu.RUnlock()
		if len(queues) == 0 {
			continue
		}
		sort.Slice(queues, func(i, j int) bool { return queues[i].name < queues[j].name })
		doc := queuesState{Queues: []queueState{}}
		for _, q := range queues {
			if qs, ok := q.snapshot(); ok {
				doc.Queues = append(doc.Queues, qs)
			}
		}
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, doc); err != nil {
			return err
		}
	}
	return nil
}

// snapshot copies the queue's state; false for a queue deleted meanwhile.
func (q *queue) snapshot() (queueState, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return queueState{}, false
	}
	qs := queueState{Name: q.name, Attributes: copyStrings(q.attrs), Created: q.created.UTC(), Modified: q.modified.UTC(),
		Tags: copyStrings(q.tags), LastPurge: q.lastPurge.UTC(), Sequence: q.seq, Messages: []messageState{}}
	for e := q.dedupOrder.Front(); e != nil; e = e.Next() {
		d := e.Value.(*dedupEntry)
		qs.Dedup = append(qs.Dedup, dedupState{Key: d.key, MessageID: d.msgID, Sequence: d.seq, Expires: d.expires.UTC()})
	}
	// Hidden messages first: restoring them first keeps FIFO groups with
	// messages in flight locked.
	hidden := append([]*message(nil), q.hidden...)
	sort.SliceStable(hidden, func(i, j int) bool { return hidden[i].visibleAt.Before(hidden[j].visibleAt) })
	for _, m := range hidden {
		qs.Messages = append(qs.Messages, messageToState(m))
	}
	ids := make([]string, 0, len(q.groups))
	for id := range q.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for e := q.groups[id].msgs.Front(); e != nil; e = e.Next() {
			qs.Messages = append(qs.Messages, messageToState(e.Value.(*message)))
		}
	}
	return qs, true
}

func messageToState(m *message) messageState {
	ms := messageState{
		ID: m.id, Body: m.body, MD5Body: m.md5Body, MD5Attributes: m.md5Attrs, MD5SystemAttrs: m.md5SysAttrs,
		Attributes: userAttrsToState(m.attrs), SystemAttributes: sysAttrsToState(m.sysAttrs),
		Sent: m.sent.UTC(), SenderID: m.senderID, FirstReceive: m.firstReceive.UTC(), ReceiveCount: m.receiveCount,
		ReceiptHandle: m.receipt, GroupID: m.groupID, DeduplicationID: m.dedupID, Sequence: m.seq,
		DeadLetterSource: m.deadLetterSource, State: msgReady,
	}
	switch m.state {
	case stateDelayed:
		ms.State, ms.VisibleAt = msgDelayed, m.visibleAt.UTC()
	case stateInflight:
		ms.State, ms.VisibleAt = msgInflight, m.visibleAt.UTC()
	}
	return ms
}

func copyStrings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// LoadState implements state.Service: queues are rebuilt completely, then
// replace the running ones (all of them, or with merge the same-named).
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey][]*queue{}
	for _, sc := range r.Scopes() {
		var doc queuesState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		for _, qs := range doc.Queues {
			q, err := queueFromState(qs, sc.Account, sc.Region)
			if err != nil {
				return err
			}
			k := storeKey{sc.Account, sc.Region}
			loaded[k] = append(loaded[k], q)
		}
	}
	s.install(loaded, merge)
	return nil
}

func queueFromState(qs queueState, account, region string) (*queue, error) {
	if qs.Name == "" || qs.Attributes == nil {
		return nil, fmt.Errorf("sqs: snapshot queue %q in %s/%s has no name or attributes", qs.Name, account, region)
	}
	q := newQueue(qs.Name, account, region, copyStrings(qs.Attributes), qs.Created)
	q.modified, q.lastPurge, q.seq = qs.Modified, qs.LastPurge, qs.Sequence
	for k, v := range qs.Tags {
		q.tags[k] = v
	}
	for _, d := range qs.Dedup {
		e := &dedupEntry{key: d.Key, msgID: d.MessageID, seq: d.Sequence, expires: d.Expires}
		q.dedup[d.Key] = e
		q.dedupOrder.PushBack(e)
	}
	var ready []*message
	for _, ms := range qs.Messages {
		m := &message{
			id: ms.ID, body: ms.Body, md5Body: ms.MD5Body, md5Attrs: ms.MD5Attributes, md5SysAttrs: ms.MD5SystemAttrs,
			attrs: userAttrsFromState(ms.Attributes), sysAttrs: sysAttrsFromState(ms.SystemAttributes),
			sent: ms.Sent, senderID: ms.SenderID, firstReceive: ms.FirstReceive, receiveCount: ms.ReceiveCount,
			receipt: ms.ReceiptHandle, groupID: ms.GroupID, dedupID: ms.DeduplicationID, seq: ms.Sequence,
			deadLetterSource: ms.DeadLetterSource,
		}
		gid := ""
		if q.fifo {
			gid = m.groupID
		}
		m.group = q.groupFor(gid)
		if m.receipt != "" {
			q.receipts[m.receipt] = m
		}
		switch ms.State {
		case msgDelayed:
			q.hide(m, stateDelayed, ms.VisibleAt)
		case msgInflight:
			q.hide(m, stateInflight, ms.VisibleAt)
		case msgReady:
			ready = append(ready, m)
		default:
			return nil, fmt.Errorf("sqs: snapshot message %s has state %q", ms.ID, ms.State)
		}
	}
	for _, m := range ready {
		q.makeReady(m)
	}
	return q, nil
}

// install swaps loaded queues in; replaced queues are marked deleted (their
// long polls wake and end) and emptied.
func (s *Service) install(loaded map[storeKey][]*queue, merge bool) {
	var replaced []*queue
	s.mu.Lock()
	if !merge {
		for _, st := range s.stores {
			st.mu.Lock()
			for _, q := range st.queues {
				replaced = append(replaced, q)
			}
			st.mu.Unlock()
		}
		s.stores = map[storeKey]*store{}
	}
	for k, queues := range loaded {
		st := s.stores[k]
		if st == nil {
			st = &store{queues: map[string]*queue{}}
			s.stores[k] = st
		}
		st.mu.Lock()
		for _, q := range queues {
			if old := st.queues[q.name]; old != nil {
				replaced = append(replaced, old)
			}
			st.queues[q.name] = q
		}
		st.mu.Unlock()
	}
	s.mu.Unlock()
	for _, q := range replaced {
		q.mu.Lock()
		q.deleted = true
		q.purge()
		q.wake()
		q.mu.Unlock()
	}
}

// ResetState implements state.Service: every queue of every account and region goes.
func (s *Service) ResetState(ctx context.Context) error {
	s.install(nil, false)
	return nil
}
