package sqs

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"time"
)

// moveTask is a message move task (SQS Developer Guide, "Configure a
// dead-letter queue redrive"): it moves a dead-letter queue's available
// messages to DestinationArn, or each back to the queue it came from.
type moveTask struct {
	handle, source, dest string
	rate                 int32 // messages per second, 0 for as fast as possible
	started              time.Time
	status               string // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
	moved, toMove        int64
	failure              string
	cancel               chan struct{}
}

// StartMessageMoveTask starts moving the messages of SourceArn (a queue some
// queue's RedrivePolicy targets) to DestinationArn (default: the queue each
// message was dead-lettered from), at most MaxNumberOfMessagesPerSecond
// (1–500) when given. One task may run per source. Errors:
// ResourceNotFoundException, InvalidParameterValue, UnsupportedOperation.
func (s *Service) StartMessageMoveTask(ctx context.Context, in *StartMessageMoveTaskRequest) (*StartMessageMoveTaskResult, error) {
	src := s.queueByARN(deref(in.SourceArn))
	if src == nil {
		return nil, &ResourceNotFoundException{Message: ptr("The resource that you specified for the SourceArn parameter doesn't exist.")}
	}
	if !s.isDeadLetterQueue(src) {
		return nil, errInvalidParameter("Source queue must be configured as a Dead Letter Queue.")
	}
	if d := deref(in.DestinationArn); d != "" && s.queueByARN(d) == nil {
		return nil, &ResourceNotFoundException{Message: ptr("The resource that you specified for the DestinationArn parameter doesn't exist.")}
	}
	var rate int32
	if in.MaxNumberOfMessagesPerSecond != nil {
		rate = *in.MaxNumberOfMessagesPerSecond
		if rate < 1 || rate > 500 {
			return nil, errInvalidParameter("Value %d for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: must be between 1 and 500.", rate)
		}
	}
	now := s.env.Now()
	src.mu.Lock()
	src.advance(now)
	toMove := int64(src.ready)
	src.mu.Unlock()
	s.mu.Lock()
	for _, t := range s.moveTasks {
		if t.source == src.arn && t.status == "RUNNING" {
			s.mu.Unlock()
			return nil, &UnsupportedOperation{Message: ptr("There is already a task running. Only one active task is allowed for a source queue arn at a given time.")}
		}
	}
	raw, _ := json.Marshal(map[string]string{"taskId": s.env.NewID(), "sourceArn": src.arn})
	t := &moveTask{handle: base64.StdEncoding.EncodeToString(raw), source: src.arn, dest: deref(in.DestinationArn),
		rate: rate, started: now, status: "RUNNING", toMove: toMove, cancel: make(chan struct{})}
	s.moveTasks = append(s.moveTasks, t)
	s.mu.Unlock()
	go s.runMoveTask(ctx, t, src)
	return &StartMessageMoveTaskResult{TaskHandle: ptr(t.handle)}, nil
}

// isDeadLetterQueue reports whether some queue's RedrivePolicy targets q.
func (s *Service) isDeadLetterQueue(q *queue) bool {
	st := s.store(q.account, q.region)
	st.mu.RLock()
	queues := make([]*queue, 0, len(st.queues))
	for _, x := range st.queues {
		queues = append(queues, x)
	}
	st.mu.RUnlock()
	for _, x := range queues {
		x.mu.Lock()
		target, _ := x.redrive()
		x.mu.Unlock()
		if target == q.arn {
			return true
		}
	}
	return false
}

// runMoveTask moves messages one at a time until the source has none
// ready, the task is cancelled or a destination is missing.
func (s *Service) runMoveTask(ctx context.Context, t *moveTask, src *queue) {
	ctx = context.WithoutCancel(ctx)
	status, failure := "COMPLETED", ""
	for {
		select {
		case <-t.cancel:
			status = "CANCELLED"
		default:
		}
		if status == "CANCELLED" {
			break
		}
		now := s.env.Now()
		src.mu.Lock()
		src.advance(now)
		msgs := src.take(1, now, src.seconds("MessageRetentionPeriod"))
		src.mu.Unlock()
		if len(msgs) == 0 {
			break
		}
		m := msgs[0]
		dest := t.dest
		if dest == "" {
			dest = m.deadLetterSource
		}
		dq := s.queueByARN(dest)
		if dq == nil {
			src.mu.Lock()
			src.makeReady(m)
			src.settle(m.group)
			src.mu.Unlock()
			status, failure = "FAILED", "AWS.SimpleQueueService.NonExistentQueue"
			break
		}
		if m.receipt != "" {
			src.mu.Lock()
			delete(src.receipts, m.receipt)
			src.settle(m.group)
			src.mu.Unlock()
		} else {
			src.mu.Lock()
			src.settle(m.group)
			src.mu.Unlock()
		}
		in := sendInput{body: m.body, attrs: m.attrs, sysAttrs: m.sysAttrs}
		if dq.fifo {
			in.groupID, in.dedupID = ptr(m.groupID), ptr(m.dedupID)
			if m.groupID == "" {
				in.groupID = ptr("default")
			}
			if m.dedupID == "" {
				in.dedupID = ptr(m.id)
			}
		}
		s.send(ctx, dq, in)
		s.mu.Lock()
		t.moved++
		s.mu.Unlock()
		if t.rate > 0 {
			select {
			case <-time.After(time.Second / time.Duration(t.rate)):
			case <-t.cancel:
			}
		}
	}
	s.mu.Lock()
	if t.status == "CANCELLING" {
		status = "CANCELLED"
	}
	t.status, t.failure = status, failure
	s.mu.Unlock()
}

// ListMessageMoveTasks lists the most recent tasks of a source queue,
// newest first, up to MaxResults (1–10, default 1). Errors:
// ResourceNotFoundException, InvalidParameterValue.
func (s *Service) ListMessageMoveTasks(ctx context.Context, in *ListMessageMoveTasksRequest) (*ListMessageMoveTasksResult, error) {
	src := s.queueByARN(deref(in.SourceArn))
	if src == nil {
		return nil, &ResourceNotFoundException{Message: ptr("The resource that you specified for the SourceArn parameter doesn't exist.")}
	}
	limit := 1
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 10 {
			return nil, errInvalidParameter("Value %d for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.", *in.MaxResults)
		}
		limit = int(*in.MaxResults)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &ListMessageMoveTasksResult{Results: []ListMessageMoveTasksResultEntry{}}
	for i := len(s.moveTasks) - 1; i >= 0 && len(out.Results) < limit; i-- {
		t := s.moveTasks[i]
		if t.source != src.arn {
			continue
		}
		e := ListMessageMoveTasksResultEntry{Status: ptr(t.status), SourceArn: ptr(t.source),
			ApproximateNumberOfMessagesMoved: ptr(t.moved), ApproximateNumberOfMessagesToMove: ptr(t.toMove),
			StartedTimestamp: ptr(t.started.UnixMilli())}
		if t.status == "RUNNING" {
			e.TaskHandle = ptr(t.handle)
		}
		if t.dest != "" {
			e.DestinationArn = ptr(t.dest)
		}
		if t.rate > 0 {
			e.MaxNumberOfMessagesPerSecond = ptr(t.rate)
		}
		if t.failure != "" {
			e.FailureReason = ptr(t.failure)
		}
		out.Results = append(out.Results, e)
	}
	return out, nil
}

// CancelMessageMoveTask cancels a running task and returns how many
// messages it moved. Errors: ResourceNotFoundException.
func (s *Service) CancelMessageMoveTask(ctx context.Context, in *CancelMessageMoveTaskRequest) (*CancelMessageMoveTaskResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.moveTasks {
		if t.handle == deref(in.TaskHandle) && t.status == "RUNNING" {
			t.status = "CANCELLING"
			close(t.cancel)
			return &CancelMessageMoveTaskResult{ApproximateNumberOfMessagesMoved: ptr(t.moved)}, nil
		}
	}
	return nil, &ResourceNotFoundException{Message: ptr("Task does not exist.")}
}
