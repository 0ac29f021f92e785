package dynamodb

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Streams: a table with StreamSpecification.StreamEnabled writes one record
// per item change to its stream (DynamoDB Developer Guide, "Change data
// capture for DynamoDB Streams"). The dynamodbstreams provider reads them
// through the exported Streams and StreamRecords methods.

// streamRetention is how long stream records stay readable (24 hours).
const streamRetention = 24 * time.Hour

// StreamEvent is one stream record: the change to one item.
type StreamEvent struct {
	Seq       int64     // sequence number, increasing within the stream
	EventID   string    // 32 hex digits
	EventName string    // INSERT, MODIFY or REMOVE
	At        time.Time // ApproximateCreationDateTime
	Keys      map[string]AttributeValue
	NewImage  map[string]AttributeValue // set for NEW_IMAGE and NEW_AND_OLD_IMAGES
	OldImage  map[string]AttributeValue // set for OLD_IMAGE and NEW_AND_OLD_IMAGES
	SizeBytes int64
	ViewType  string
	TTL       bool // removed by Time to Live (userIdentity dynamodb.amazonaws.com)
}

// StreamInfo describes one stream and its single shard.
type StreamInfo struct {
	ARN, Label, TableName string
	Status                string // ENABLED or DISABLED
	ViewType              string
	KeySchema             []KeySchemaElement
	Created               time.Time
	ShardID               string
	FirstSeq              int64 // sequence number of the shard's first record
	NextSeq               int64 // sequence number the next record will get
	Closed                bool  // the stream was disabled: no more records
}

// streamLog is a stream's records, oldest first. It outlives its table's
// setting: a disabled stream (or a deleted table's) stays readable.
type streamLog struct {
	mu      sync.RWMutex
	info    StreamInfo
	records []StreamEvent
	now     func() time.Time
	newID   func() string
}

// firstSeq is the first sequence number a stream hands out (AWS's are 21
// digits or more; only their order is documented).
const firstSeq = 100000000000000000

// SequenceNumberString renders a sequence number as the streams API does.
func SequenceNumberString(n int64) string { return "1" + strconv.FormatInt(n, 10) }

// ParseSequenceNumber reads a sequence number given by a client.
func ParseSequenceNumber(s string) (int64, bool) {
	if len(s) < 2 || s[0] != '1' {
		return 0, false
	}
	n, err := strconv.ParseInt(s[1:], 10, 64)
	return n, err == nil && n >= firstSeq
}

// openStream starts a new stream for t with spec's view type. Caller holds
// t.mu for writing (or owns t).
func (s *Service) openStream(st *store, t *table, viewType string) {
	now := s.env.Now()
	label := now.UTC().Format("2006-01-02T15:04:05.000")
	id := strings.ReplaceAll(s.env.NewID(), "-", "")
	l := &streamLog{now: s.env.Now, newID: s.env.NewID, info: StreamInfo{
		ARN: t.arn + "/stream/" + label, Label: label, TableName: t.name, Status: "ENABLED",
		ViewType: viewType, KeySchema: t.keySchema, Created: now,
		ShardID:  "shardId-" + strconv.FormatInt(now.UnixMilli(), 10) + "-" + id[:8],
		FirstSeq: firstSeq, NextSeq: firstSeq,
	}}
	t.streamLog = l
	st.streams = append(st.streams, l)
}

// closeStream disables t's stream; its records stay readable.
func (t *table) closeStream() {
	if l := t.streamLog; l != nil {
		l.mu.Lock()
		l.info.Status, l.info.Closed = "DISABLED", true
		l.mu.Unlock()
	}
}

// emit appends the record of one item change (old nil: INSERT; item nil:
// REMOVE). Caller holds t.mu for writing.
func (t *table) emit(old, item map[string]AttributeValue, byTTL bool) {
	l := t.streamLog
	if l == nil || old == nil && item == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.info.Closed {
		return
	}
	e := StreamEvent{Seq: l.info.NextSeq, ViewType: l.info.ViewType, At: l.now(), TTL: byTTL}
	e.EventID = strings.ReplaceAll(l.newID(), "-", "")
	src := item
	switch {
	case old == nil:
		e.EventName = "INSERT"
	case item == nil:
		e.EventName, src = "REMOVE", old
	default:
		e.EventName = "MODIFY"
	}
	e.Keys = t.keyAttributes(src)
	switch l.info.ViewType {
	case "NEW_IMAGE":
		e.NewImage = item
	case "OLD_IMAGE":
		e.OldImage = old
	case "NEW_AND_OLD_IMAGES":
		e.NewImage, e.OldImage = item, old
	}
	for _, m := range []map[string]AttributeValue{e.Keys, e.NewImage, e.OldImage} {
		n, _ := checkItem(m)
		e.SizeBytes += n
	}
	l.info.NextSeq++
	l.records = append(l.records, e)
	l.trim(e.At)
}

// trim drops records older than the retention period. Caller holds l.mu.
func (l *streamLog) trim(now time.Time) {
	i := 0
	for i < len(l.records) && now.Sub(l.records[i].At) > streamRetention {
		i++
	}
	if i > 0 {
		l.info.FirstSeq = l.records[i-1].Seq + 1
		l.records = append([]StreamEvent(nil), l.records[i:]...)
	}
}

// Streams lists the caller's streams (account and region of ctx), oldest
// first, including disabled ones.
func (s *Service) Streams(ctx context.Context) []StreamInfo {
	st := s.store(ctx)
	st.mu.RLock()
	logs := append([]*streamLog(nil), st.streams...)
	st.mu.RUnlock()
	out := make([]StreamInfo, 0, len(logs))
	for _, l := range logs {
		l.mu.Lock()
		l.trim(l.now())
		out = append(out, l.info)
		l.mu.Unlock()
	}
	return out
}

// StreamRecords returns up to limit records of the stream with the given
// ARN starting at sequence number from, and the stream's description; ok is
// false when there is no such stream.
func (s *Service) StreamRecords(ctx context.Context, arn string, from int64, limit int) (records []StreamEvent, info StreamInfo, ok bool) {
	st := s.store(ctx)
	st.mu.RLock()
	var l *streamLog
	for _, x := range st.streams {
		if x.info.ARN == arn {
			l = x
		}
	}
	st.mu.RUnlock()
	if l == nil {
		return nil, StreamInfo{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.trim(l.now())
	for _, e := range l.records {
		if len(records) == limit {
			break
		}
		if e.Seq >= from {
			records = append(records, e)
		}
	}
	return records, l.info, true
}

// streamOn reports whether spec enables a stream.
func streamOn(spec *StreamSpecification) bool {
	return spec != nil && spec.StreamEnabled != nil && *spec.StreamEnabled
}

// checkStreamSpec applies the StreamSpecification rules of CreateTable and
// UpdateTable: an enabled stream needs a StreamViewType.
func checkStreamSpec(spec *StreamSpecification) error {
	if spec == nil {
		return nil
	}
	if spec.StreamEnabled == nil {
		return validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null")
	}
	if *spec.StreamEnabled && spec.StreamViewType == nil {
		return validation("One or more parameter values were invalid: You must specify a StreamViewType when enabling a stream")
	}
	if !*spec.StreamEnabled && spec.StreamViewType != nil {
		return validation("One or more parameter values were invalid: You cannot specify a StreamViewType when disabling a stream")
	}
	return nil
}
