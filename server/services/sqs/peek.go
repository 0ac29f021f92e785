package sqs

import (
	"sort"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// PeekReceiptHandle is the receipt handle of peeked messages (LocalStack's
// developer endpoint uses the same constant).
const PeekReceiptHandle = "SQS/BACKDOOR/ACCESS"

// ParseQueueURL returns the account, region and name of a queue URL in any
// SQS_ENDPOINT_STRATEGY form (or a bare name: default account and region).
func ParseQueueURL(url string) (account, region, name string) {
	ref := parseQueueRef(&awsapi.Request{}, url)
	return ref.account, ref.region, ref.name
}

// PeekMessages returns every visible message of a queue with all its system
// and message attributes and ReceiptHandle PeekReceiptHandle, without
// changing anything (no receive count, no visibility change): the
// developer endpoint /_aws/sqs/messages. showInvisible adds in-flight
// messages, showDelayed delayed ones. Messages come oldest first. Errors:
// QueueDoesNotExist.
func (s *Service) PeekMessages(account, region, name string, showInvisible, showDelayed bool) ([]Message, error) {
	st := s.store(account, region)
	st.mu.RLock()
	q := st.queues[name]
	st.mu.RUnlock()
	if q == nil {
		return nil, errNoQueue()
	}
	now := s.env.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	retention := q.seconds("MessageRetentionPeriod")
	var msgs []*message
	for _, g := range q.groups {
		for e := g.msgs.Front(); e != nil; e = e.Next() {
			msgs = append(msgs, e.Value.(*message))
		}
	}
	for _, m := range q.hidden {
		visibleNow := !m.visibleAt.After(now)
		if visibleNow || (m.state == stateInflight && showInvisible) || (m.state == stateDelayed && showDelayed) {
			msgs = append(msgs, m)
		}
	}
	sort.SliceStable(msgs, func(i, j int) bool {
		if q.fifo {
			return msgs[i].seq < msgs[j].seq
		}
		return msgs[i].sent.Before(msgs[j].sent)
	})
	f := receiveFilter{allSys: true, allUser: true}
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		if now.Sub(m.sent) >= retention {
			continue
		}
		msg := f.output(m, q.fifo)
		msg.ReceiptHandle = ptr(PeekReceiptHandle)
		if m.firstReceive.IsZero() {
			delete(msg.Attributes, "ApproximateFirstReceiveTimestamp")
		}
		out = append(out, msg)
	}
	return out, nil
}
