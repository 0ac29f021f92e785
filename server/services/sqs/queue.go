package sqs

import (
	"container/heap"
	"container/list"
	"sync"
	"time"
)

// message state: where the message currently lives in its queue.
const (
	stateReady    = iota // in its group's ready list
	stateDelayed         // in the hidden heap until its delay passes
	stateInflight        // in the hidden heap until its visibility timeout passes
)

// message is one stored message and its receive bookkeeping.
type message struct {
	id          string
	body        string
	md5Body     string
	md5Attrs    string // "" without message attributes
	md5SysAttrs string // "" without system attributes
	attrs       map[string]MessageAttributeValue
	sysAttrs    map[string]MessageSystemAttributeValue
	sent        time.Time
	senderID    string

	firstReceive time.Time
	receiveCount int
	receipt      string // latest receipt handle, "" before the first receive

	groupID, dedupID, seq string // FIFO queues only
	deadLetterSource      string // ARN of the queue it was moved from

	state     int
	visibleAt time.Time     // delayed or in flight: when it becomes ready
	heapIndex int           // position in queue.hidden
	elem      *list.Element // ready: position in its group's list
	group     *group
}

// group is a FIFO message group (a standard queue has a single group that is
// never locked). Its messages are kept in send order.
type group struct {
	id       string
	msgs     list.List     // ready *message, oldest first
	inflight int           // messages of the group in flight
	elem     *list.Element // position in queue.available, nil when not there
}

// queue is one queue's configuration and messages. mu guards every field.
type queue struct {
	mu sync.Mutex

	name, account, region, arn string
	fifo                       bool
	attrs                      map[string]string // settable attributes, defaults filled in
	created, modified          time.Time
	tags                       map[string]string
	deleted                    bool
	lastPurge                  time.Time

	groups                   map[string]*group
	available                list.List // *group that has ready messages and may be received from
	hidden                   hiddenHeap
	receipts                 map[string]*message // latest receipt handle -> message
	ready, delayed, inflight int

	// notify is closed (and replaced) whenever a message becomes ready, to
	// wake long polls.
	notify chan struct{}

	// FIFO deduplication: id -> entry for 5 minutes, expiring in send order.
	dedup      map[string]*dedupEntry
	dedupOrder list.List
	seq        uint64

	// attempts: FIFO ReceiveRequestAttemptId -> what that receive returned
	// (runtime only; nil until used).
	attempts map[string]*receiveAttempt
}

type dedupEntry struct {
	key     string
	msgID   string
	seq     string
	expires time.Time
}

func newQueue(name, account, region string, attrs map[string]string, now time.Time) *queue {
	q := &queue{
		name: name, account: account, region: region,
		arn:     "arn:aws:sqs:" + region + ":" + account + ":" + name,
		fifo:    attrs["FifoQueue"] == "true",
		attrs:   attrs,
		created: now, modified: now,
		tags:     map[string]string{},
		groups:   map[string]*group{},
		receipts: map[string]*message{},
		notify:   make(chan struct{}),
		dedup:    map[string]*dedupEntry{},
	}
	return q
}

// wake wakes every long poll waiting on the queue.
func (q *queue) wake() {
	close(q.notify)
	q.notify = make(chan struct{})
}

// advance makes ready every hidden message whose time has come.
func (q *queue) advance(now time.Time) {
	for len(q.hidden) > 0 && !q.hidden[0].visibleAt.After(now) {
		m := heap.Pop(&q.hidden).(*message)
		q.leaveHidden(m)
		q.makeReady(m)
	}
}

// nextVisible returns when the next hidden message becomes ready (zero if none).
func (q *queue) nextVisible() time.Time {
	if len(q.hidden) == 0 {
		return time.Time{}
	}
	return q.hidden[0].visibleAt
}

// hide puts m in the hidden heap in state st until at.
func (q *queue) hide(m *message, st int, at time.Time) {
	m.state, m.visibleAt = st, at
	heap.Push(&q.hidden, m)
	if st == stateDelayed {
		q.delayed++
	} else {
		q.inflight++
		m.group.inflight++
	}
}

// leaveHidden updates the counters of a message just taken out of the heap.
func (q *queue) leaveHidden(m *message) {
	if m.state == stateDelayed {
		q.delayed--
		return
	}
	q.inflight--
	m.group.inflight--
	if q.fifo && m.group.inflight == 0 && m.group.msgs.Len() > 0 && m.group.elem == nil {
		m.group.elem = q.available.PushBack(m.group)
		q.wake()
	}
}

// groupFor returns (creating) the group of id.
func (q *queue) groupFor(id string) *group {
	g := q.groups[id]
	if g == nil {
		g = &group{id: id}
		q.groups[id] = g
	}
	return g
}

// makeReady puts m back in its group's ready list: a standard queue appends,
// a FIFO queue keeps send (sequence) order.
func (q *queue) makeReady(m *message) {
	g := m.group
	m.state = stateReady
	if q.fifo && m.receiveCount > 0 {
		e := g.msgs.Front()
		for e != nil && e.Value.(*message).seq < m.seq {
			e = e.Next()
		}
		if e != nil {
			m.elem = g.msgs.InsertBefore(m, e)
		} else {
			m.elem = g.msgs.PushBack(m)
		}
	} else {
		m.elem = g.msgs.PushBack(m)
	}
	q.ready++
	if g.elem == nil && (!q.fifo || g.inflight == 0) {
		g.elem = q.available.PushBack(g)
	}
	q.wake()
}

// enqueue stores a new message, ready now or after delay.
func (q *queue) enqueue(m *message, now time.Time, delay time.Duration) {
	gid := ""
	if q.fifo {
		gid = m.groupID
	}
	m.group = q.groupFor(gid)
	if delay > 0 {
		q.hide(m, stateDelayed, now.Add(delay))
		return
	}
	q.makeReady(m)
}

// remove drops m from wherever it is.
func (q *queue) remove(m *message) {
	switch m.state {
	case stateReady:
		m.group.msgs.Remove(m.elem)
		m.elem = nil
		q.ready--
	default:
		heap.Remove(&q.hidden, m.heapIndex)
		q.leaveHidden(m)
	}
	if m.receipt != "" {
		delete(q.receipts, m.receipt)
	}
	q.dropGroupIfIdle(m.group)
}

// dropGroupIfIdle forgets an empty group with nothing in flight.
func (q *queue) dropGroupIfIdle(g *group) {
	if g.msgs.Len() == 0 && g.elem != nil {
		q.available.Remove(g.elem)
		g.elem = nil
	}
	if g.msgs.Len() == 0 && g.inflight == 0 && q.fifo {
		delete(q.groups, g.id)
	}
}

// take removes up to n ready messages for a receive: from the first
// available group on, taking a FIFO group's messages in order and then locking
// the group until nothing of it is in flight. Expired messages
// (MessageRetentionPeriod) are dropped on the way.
func (q *queue) take(n int, now time.Time, retention time.Duration) []*message {
	var out []*message
	for e := q.available.Front(); e != nil && len(out) < n; {
		g, next := e.Value.(*group), e.Next()
		took := 0
		for len(out) < n && g.msgs.Len() > 0 {
			m := g.msgs.Remove(g.msgs.Front()).(*message)
			m.elem = nil
			q.ready--
			if now.Sub(m.sent) >= retention {
				if m.receipt != "" {
					delete(q.receipts, m.receipt)
				}
				continue
			}
			out = append(out, m)
			took++
		}
		// An emptied group leaves the available list; a FIFO group we took
		// from is locked until its messages leave flight.
		if g.msgs.Len() == 0 || (q.fifo && took > 0) {
			q.available.Remove(e)
			g.elem = nil
		}
		if took == 0 {
			q.dropGroupIfIdle(g)
		}
		e = next
	}
	return out
}

// dropExpired deletes the ready messages older than retention found at the
// front of each group's list (send order), so that the approximate counts
// leave them out; take drops any other expired message when it meets it.
// It costs O(groups + expired).
func (q *queue) dropExpired(now time.Time, retention time.Duration) {
	for _, g := range q.groups {
		for g.msgs.Len() > 0 {
			m := g.msgs.Front().Value.(*message)
			if now.Sub(m.sent) < retention {
				break
			}
			q.remove(m)
		}
		if g.msgs.Len() == 0 {
			q.dropGroupIfIdle(g)
		}
	}
}

// settle puts a group back in the available list when it has ready
// messages and, for FIFO, nothing in flight; or forgets it when idle.
func (q *queue) settle(g *group) {
	if g.elem == nil && g.msgs.Len() > 0 && (!q.fifo || g.inflight == 0) {
		g.elem = q.available.PushBack(g)
		q.wake()
	}
	q.dropGroupIfIdle(g)
}

// purge deletes every message.
func (q *queue) purge() {
	q.groups = map[string]*group{}
	q.available.Init()
	q.hidden = nil
	q.receipts = map[string]*message{}
	q.ready, q.delayed, q.inflight = 0, 0, 0
}

// hiddenHeap is a min-heap of messages by visibleAt.
type hiddenHeap []*message

func (h hiddenHeap) Len() int           { return len(h) }
func (h hiddenHeap) Less(i, j int) bool { return h[i].visibleAt.Before(h[j].visibleAt) }
func (h hiddenHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIndex, h[j].heapIndex = i, j
}
func (h *hiddenHeap) Push(x any) {
	m := x.(*message)
	m.heapIndex = len(*h)
	*h = append(*h, m)
}
func (h *hiddenHeap) Pop() any {
	old := *h
	m := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	m.heapIndex = -1
	return m
}
