package logs

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// logStream is a log stream and its events, kept in timestamp order.
type logStream struct {
	Name       string  `json:"name"`
	ARN        string  `json:"arn"`
	Created    int64   `json:"created"`
	LastIngest int64   `json:"last_ingest,omitempty"`
	Bytes      int64   `json:"bytes"`
	Events     []event `json:"events,omitempty"`
}

type event struct {
	ID      uint64 `json:"id"`
	Time    int64  `json:"t"`  // event timestamp, ms
	Ingest  int64  `json:"in"` // ingestion time, ms
	Message string `json:"m"`
}

func (ls *logStream) describe() LogStream {
	out := LogStream{LogStreamName: ptr(ls.Name), CreationTime: ptr(ls.Created), Arn: ptr(ls.ARN), StoredBytes: ptr(ls.Bytes)}
	if n := len(ls.Events); n > 0 {
		out.FirstEventTimestamp = ptr(ls.Events[0].Time)
		out.LastEventTimestamp = ptr(ls.Events[n-1].Time)
		out.LastIngestionTime = ptr(ls.LastIngest)
		out.UploadSequenceToken = ptr(seqToken(ls.LastIngest))
	}
	return out
}

func seqToken(n int64) string { return fmt.Sprintf("%056d", n) }

// CreateLogStream creates a stream (ResourceAlreadyExistsException when it
// exists).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
func (s *Service) CreateLogStream(ctx context.Context, in *CreateLogStreamRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	name := valueOf(in.LogStreamName)
	if strings.ContainsAny(name, ":*") {
		return nil, invalidParameter("Log stream name %s must not contain ':' or '*'.", name)
	}
	if g.Streams[name] != nil {
		return nil, alreadyExists("The specified log stream already exists")
	}
	g.Streams[name] = &logStream{Name: name, ARN: g.ARN + ":log-stream:" + name, Created: s.env.Now().UnixMilli()}
	return &awsEmpty{}, nil
}

// DeleteLogStream deletes a stream and its events.
func (s *Service) DeleteLogStream(ctx context.Context, in *DeleteLogStreamRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if g.Streams[valueOf(in.LogStreamName)] == nil {
		return nil, notFound("The specified log stream does not exist.")
	}
	delete(g.Streams, valueOf(in.LogStreamName))
	return &awsEmpty{}, nil
}

// DescribeLogStreams lists a group's streams by prefix, ordered by
// LogStreamName or LastEventTime (not with a prefix:
// InvalidParameterException), limit (default and most 50) a page.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
func (s *Service) DescribeLogStreams(ctx context.Context, in *DescribeLogStreamsRequest) (*DescribeLogStreamsResponse, error) {
	if valueOf(in.OrderBy) == "LastEventTime" && in.LogStreamNamePrefix != nil {
		return nil, invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	var names []string
	for n := range g.Streams {
		if strings.HasPrefix(n, valueOf(in.LogStreamNamePrefix)) {
			names = append(names, n)
		}
	}
	last := func(n string) int64 {
		if ev := g.Streams[n].Events; len(ev) > 0 {
			return ev[len(ev)-1].Time
		}
		return 0
	}
	desc := valueOf(in.Descending)
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if desc {
			a, b = b, a
		}
		if valueOf(in.OrderBy) == "LastEventTime" && last(a) != last(b) {
			return last(a) < last(b)
		}
		return a < b
	})
	page, next, err := paginate(names, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeLogStreamsResponse{LogStreams: []LogStream{}, NextToken: next}
	for _, n := range page {
		out.LogStreams = append(out.LogStreams, g.Streams[n].describe())
	}
	return out, nil
}

// PutLogEvents batch limits (PutLogEvents API reference).
const (
	maxBatchEvents = 10000
	maxBatchBytes  = 1048576
	eventOverhead  = 26 // bytes counted per event on top of its message
	maxSpan        = 24 * time.Hour
	maxEventAge    = 14 * 24 * time.Hour
	maxEventAhead  = 2 * time.Hour
)

// PutLogEvents appends a batch to a stream. A batch out of chronological
// order, spanning more than 24 hours, over 10,000 events or 1 MiB (message
// bytes + 26 per event) is InvalidParameterException. Events more than two
// hours ahead, older than 14 days or older than the group's retention are
// skipped and reported in rejectedLogEventsInfo. Accepted events feed the
// group's metric and subscription filters. The sequence token is ignored, as
// AWS now does.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
func (s *Service) PutLogEvents(ctx context.Context, in *PutLogEventsRequest) (*PutLogEventsResponse, error) {
	evs := in.LogEvents
	if len(evs) == 0 {
		return nil, invalidParameter("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	if len(evs) > maxBatchEvents {
		return nil, invalidParameter("Too many log events in the batch: %d (at most %d).", len(evs), maxBatchEvents)
	}
	size := 0
	for i, e := range evs {
		size += len(valueOf(e.Message)) + eventOverhead
		if i > 0 && valueOf(e.Timestamp) < valueOf(evs[i-1].Timestamp) {
			return nil, invalidParameter("Log events in a single PutLogEvents request must be in chronological order.")
		}
	}
	if size > maxBatchBytes {
		return nil, invalidParameter("Upload too large: %d bytes exceeds limit of %d", size, maxBatchBytes)
	}
	if time.Duration(valueOf(evs[len(evs)-1].Timestamp)-valueOf(evs[0].Timestamp))*time.Millisecond > maxSpan {
		return nil, invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	st, r := s.locked(ctx)
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		st.mu.Unlock()
		return nil, err
	}
	ls := g.Streams[valueOf(in.LogStreamName)]
	if ls == nil {
		st.mu.Unlock()
		return nil, notFound("The specified log stream does not exist.")
	}
	now := s.env.Now()
	nowMs := now.UnixMilli()
	tooOld := now.Add(-maxEventAge).UnixMilli()
	tooNew := now.Add(maxEventAhead).UnixMilli()
	expired := g.retentionHorizon(now)
	rej := &RejectedLogEventsInfo{}
	var accepted []event
	for i, e := range evs {
		t := valueOf(e.Timestamp)
		switch {
		case t > tooNew:
			if rej.TooNewLogEventStartIndex == nil {
				rej.TooNewLogEventStartIndex = ptr(int32(i))
			}
			continue
		case expired > 0 && t < expired:
			rej.ExpiredLogEventEndIndex = ptr(int32(i))
			continue
		case t < tooOld:
			rej.TooOldLogEventEndIndex = ptr(int32(i))
			continue
		}
		g.NextEventID++
		ev := event{ID: g.NextEventID, Time: t, Ingest: nowMs, Message: valueOf(e.Message)}
		accepted = append(accepted, ev)
		ls.Bytes += int64(len(ev.Message))
	}
	if len(accepted) > 0 {
		ls.Events = mergeEvents(ls.Events, accepted)
		ls.LastIngest = nowMs
	}
	deliveries := g.filterDeliveries(ls.Name, accepted, r.Account)
	st.mu.Unlock()
	s.deliver(ctx, deliveries)
	out := &PutLogEventsResponse{NextSequenceToken: ptr(seqToken(nowMs))}
	if rej.TooNewLogEventStartIndex != nil || rej.TooOldLogEventEndIndex != nil || rej.ExpiredLogEventEndIndex != nil {
		out.RejectedLogEventsInfo = rej
	}
	return out, nil
}

// mergeEvents inserts sorted batch into sorted events, keeping equal
// timestamps in arrival order.
func mergeEvents(events, batch []event) []event {
	if len(events) == 0 || events[len(events)-1].Time <= batch[0].Time {
		return append(events, batch...)
	}
	out := make([]event, 0, len(events)+len(batch))
	i, j := 0, 0
	for i < len(events) || j < len(batch) {
		if j == len(batch) || (i < len(events) && events[i].Time <= batch[j].Time) {
			out = append(out, events[i])
			i++
		} else {
			out = append(out, batch[j])
			j++
		}
	}
	return out
}

// visible lists the stream's events in [start, end) (ms; 0 = unbounded)
// still inside the group's retention.
func (g *group) visible(ls *logStream, start, end *int64, now time.Time) []event {
	horizon := g.retentionHorizon(now)
	var out []event
	for _, e := range ls.Events {
		if e.Time < horizon || (start != nil && e.Time < *start) || (end != nil && *end > 0 && e.Time >= *end) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// GetLogEvents reads a stream's events in [startTime, endTime): from the
// head (startFromHead) or the tail, limit (default and most 10,000) at a
// time. nextForwardToken "f/<index>" reads on, nextBackwardToken "b/<index>"
// reads back; at the end the forward token comes back unchanged.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
func (s *Service) GetLogEvents(ctx context.Context, in *GetLogEventsRequest) (*GetLogEventsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	ls := g.Streams[valueOf(in.LogStreamName)]
	if ls == nil {
		return nil, notFound("The specified log stream does not exist.")
	}
	evs := g.visible(ls, in.StartTime, in.EndTime, s.env.Now())
	limit := int(valueOf(in.Limit))
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	var a, b int
	forward := valueOf(in.StartFromHead)
	pos := len(evs)
	if forward {
		pos = 0
	}
	if in.NextToken != nil {
		n, dir, ok := parseEventToken(*in.NextToken)
		if !ok {
			return nil, invalidParameter("The specified nextToken is invalid.")
		}
		pos, forward = min(n, len(evs)), dir == 'f'
	}
	if forward {
		a, b = pos, min(pos+limit, len(evs))
	} else {
		a, b = max(pos-limit, 0), pos
	}
	out := &GetLogEventsResponse{Events: []OutputLogEvent{}, NextForwardToken: ptr(fmt.Sprintf("f/%056d", b)),
		NextBackwardToken: ptr(fmt.Sprintf("b/%056d", a))}
	for _, e := range evs[a:b] {
		out.Events = append(out.Events, OutputLogEvent{Timestamp: ptr(e.Time), Message: ptr(e.Message), IngestionTime: ptr(e.Ingest)})
	}
	return out, nil
}

// parseEventToken reads "f/<index>" or "b/<index>" (the index zero-padded
// to 56 digits, as AWS's tokens are long).
func parseEventToken(tok string) (int, byte, bool) {
	if len(tok) < 3 || (tok[:2] != "f/" && tok[:2] != "b/") {
		return 0, 0, false
	}
	digits := strings.TrimLeft(tok[2:], "0")
	if digits == "" {
		return 0, tok[0], true
	}
	n, err := strconv.Atoi(digits)
	return n, tok[0], err == nil && n >= 0
}

// FilterLogEvents searches a group's streams (logStreamNames or
// logStreamNamePrefix, not both) for events in [startTime, endTime) that
// match filterPattern, in timestamp order, limit (default and most 10,000)
// a page.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
func (s *Service) FilterLogEvents(ctx context.Context, in *FilterLogEventsRequest) (*FilterLogEventsResponse, error) {
	if len(in.LogStreamNames) > 0 && in.LogStreamNamePrefix != nil {
		return nil, invalidParameter("Cannot specify both LogStreamNames and LogStreamNamePrefix.")
	}
	pat, err := compilePattern(valueOf(in.FilterPattern))
	if err != nil {
		return nil, err
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	for _, n := range in.LogStreamNames {
		if g.Streams[n] == nil {
			return nil, notFound("The specified log stream does not exist.")
		}
	}
	type hit struct {
		stream string
		e      event
	}
	var hits []hit
	var searched []SearchedLogStream
	var names []string
	for n := range g.Streams {
		if (len(in.LogStreamNames) == 0 || containsStr(in.LogStreamNames, n)) && strings.HasPrefix(n, valueOf(in.LogStreamNamePrefix)) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	now := s.env.Now()
	for _, n := range names {
		searched = append(searched, SearchedLogStream{LogStreamName: ptr(n), SearchedCompletely: ptr(true)})
		for _, e := range g.visible(g.Streams[n], in.StartTime, in.EndTime, now) {
			if ok, _ := pat.match(e.Message); ok {
				hits = append(hits, hit{n, e})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].e.Time != hits[j].e.Time {
			return hits[i].e.Time < hits[j].e.Time
		}
		return hits[i].e.ID < hits[j].e.ID
	})
	off := 0
	if in.NextToken != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*in.NextToken)
		n, err2 := strconv.Atoi(string(raw))
		if err != nil || err2 != nil || n < 0 || n > len(hits) {
			return nil, invalidParameter("The specified nextToken is invalid.")
		}
		off = n
	}
	limit := int(valueOf(in.Limit))
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	end := min(off+limit, len(hits))
	out := &FilterLogEventsResponse{Events: []FilteredLogEvent{}, SearchedLogStreams: searched}
	for _, h := range hits[off:end] {
		out.Events = append(out.Events, FilteredLogEvent{LogStreamName: ptr(h.stream), Timestamp: ptr(h.e.Time), Message: ptr(h.e.Message),
			IngestionTime: ptr(h.e.Ingest), EventId: ptr(eventID(h.e))})
	}
	if end < len(hits) {
		out.NextToken = ptr(base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
	}
	return out, nil
}

// eventID is an event's id as AWS shows it: a long decimal string.
func eventID(e event) string { return fmt.Sprintf("%020d%036d", e.Time, e.ID) }

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
