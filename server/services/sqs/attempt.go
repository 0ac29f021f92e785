package sqs

import (
	"regexp"
	"time"
)

// fifoIDText: ReceiveRequestAttemptId is up to 128 alphanumeric or
// punctuation characters (ReceiveMessage API Reference).
var fifoIDText = regexp.MustCompile(`^[\x21-\x7e]{1,128}$`)

// attemptWindow is how long a ReceiveRequestAttemptId is remembered (5
// minutes, ReceiveMessage API Reference).
const attemptWindow = 5 * time.Minute

// receiveAttempt is what a FIFO receive with a ReceiveRequestAttemptId
// returned, so that a retry gets the same messages and receipt handles.
type receiveAttempt struct {
	receipts []string
	expires  time.Time
}

// recordAttempt remembers the receipt handles a receive returned.
func (q *queue) recordAttempt(id string, out []Message, now time.Time) {
	if q.attempts == nil {
		q.attempts = map[string]*receiveAttempt{}
	}
	for k, a := range q.attempts {
		if !a.expires.After(now) {
			delete(q.attempts, k)
		}
	}
	a := &receiveAttempt{expires: now.Add(attemptWindow)}
	for _, m := range out {
		a.receipts = append(a.receipts, *m.ReceiptHandle)
	}
	q.attempts[id] = a
}

// repeatAttempt returns the messages of an earlier receive with the same
// attempt id while they are all still in flight under the same receipt
// handles (nothing deleted or made visible since); nil otherwise.
func (q *queue) repeatAttempt(id string, now time.Time, f receiveFilter) []Message {
	a := q.attempts[id]
	if a == nil || !a.expires.After(now) {
		return nil
	}
	var out []Message
	for _, h := range a.receipts {
		m := q.receipts[h]
		if m == nil || m.state != stateInflight {
			delete(q.attempts, id)
			return nil
		}
		out = append(out, f.output(m, q.fifo))
	}
	return out
}
