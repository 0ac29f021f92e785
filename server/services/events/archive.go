package events

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// archive keeps the events sent to a bus that match its pattern.
type archive struct {
	name, arn, source, description string
	eventPattern, kmsKey           string
	compiled                       *pattern
	retentionDays                  int32
	state                          string
	created                        time.Time
	events                         []archivedEvent
	size                           int64
}

type archivedEvent struct {
	Time  time.Time `json:"time"` // when the bus received it
	Event string    `json:"event"`
}

// replay is a replay of an archive's events into its bus.
type replay struct {
	name, arn, description, source, state, reason string
	destination                                   ReplayDestination
	eventStart, eventEnd, lastReplayed            time.Time
	started, ended                                time.Time
}

var archiveName = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,48}$`)

// archiveLocked stores an event in every enabled archive of the bus whose
// pattern matches. Replayed events are not archived again.
func (st *store) archiveLocked(busArn string, raw []byte, now time.Time) {
	var parsed map[string]any
	for _, a := range st.archives {
		if a.source != busArn || a.state != "ENABLED" {
			continue
		}
		if parsed == nil {
			var err error
			if parsed, err = decodeEvent(raw); err != nil {
				return
			}
			if _, ok := parsed["replay-name"]; ok {
				return
			}
		}
		if a.compiled != nil && !a.compiled.matches(parsed) {
			continue
		}
		// Events past RetentionDays (0: forever) leave the archive.
		for a.retentionDays > 0 && len(a.events) > 0 && now.Sub(a.events[0].Time) > time.Duration(a.retentionDays)*24*time.Hour {
			a.size -= int64(len(a.events[0].Event))
			a.events = a.events[1:]
		}
		a.events = append(a.events, archivedEvent{Time: now, Event: string(raw)})
		a.size += int64(len(raw))
	}
}

// CreateArchive creates an archive of a bus's events (all, or those
// matching EventPattern). Errors: ResourceAlreadyExistsException,
// ResourceNotFoundException (bus), InvalidEventPatternException,
// ValidationException.
func (s *Service) CreateArchive(ctx context.Context, in *CreateArchiveRequest) (*CreateArchiveResponse, error) {
	name := deref(in.ArchiveName)
	if !archiveName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	var compiled *pattern
	if p := deref(in.EventPattern); p != "" {
		var err error
		if compiled, err = compilePattern(p); err != nil {
			return nil, err
		}
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if st.archives[name] != nil {
		return nil, errExists("Archive %s already exists.", name)
	}
	src := deref(in.EventSourceArn)
	var b *bus
	for _, x := range st.buses {
		if x.arn == src {
			b = x
		}
	}
	if b == nil {
		return nil, errNotFound("Event bus %s does not exist.", busRef(&src))
	}
	a := &archive{name: name, arn: st.arn("archive/" + name), source: src, description: deref(in.Description),
		eventPattern: deref(in.EventPattern), kmsKey: deref(in.KmsKeyIdentifier), compiled: compiled,
		state: "ENABLED", created: s.env.Now()}
	if in.RetentionDays != nil {
		a.retentionDays = *in.RetentionDays
	}
	st.archives[name] = a
	return &CreateArchiveResponse{ArchiveArn: ptr(a.arn), State: ptr(a.state), CreationTime: ptr(a.created)}, nil
}

func (st *store) archiveByName(name string) (*archive, error) {
	a := st.archives[name]
	if a == nil {
		return nil, errNotFound("Archive %s does not exist.", name)
	}
	return a, nil
}

// DescribeArchive describes an archive. Errors: ResourceNotFoundException.
func (s *Service) DescribeArchive(ctx context.Context, in *DescribeArchiveRequest) (*DescribeArchiveResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	a, err := st.archiveByName(deref(in.ArchiveName))
	if err != nil {
		return nil, err
	}
	return &DescribeArchiveResponse{ArchiveArn: ptr(a.arn), ArchiveName: ptr(a.name), EventSourceArn: ptr(a.source),
		Description: optional(a.description), EventPattern: optional(a.eventPattern), State: ptr(a.state),
		KmsKeyIdentifier: optional(a.kmsKey), RetentionDays: ptr(a.retentionDays), SizeBytes: ptr(a.size),
		EventCount: ptr(int64(len(a.events))), CreationTime: ptr(a.created)}, nil
}

// UpdateArchive changes an archive's description, pattern and retention.
// Errors: ResourceNotFoundException, InvalidEventPatternException.
func (s *Service) UpdateArchive(ctx context.Context, in *UpdateArchiveRequest) (*UpdateArchiveResponse, error) {
	var compiled *pattern
	if p := deref(in.EventPattern); p != "" {
		var err error
		if compiled, err = compilePattern(p); err != nil {
			return nil, err
		}
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	a, err := st.archiveByName(deref(in.ArchiveName))
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		a.description = *in.Description
	}
	if in.EventPattern != nil {
		a.eventPattern, a.compiled = *in.EventPattern, compiled
	}
	if in.RetentionDays != nil {
		a.retentionDays = *in.RetentionDays
	}
	if in.KmsKeyIdentifier != nil {
		a.kmsKey = *in.KmsKeyIdentifier
	}
	return &UpdateArchiveResponse{ArchiveArn: ptr(a.arn), State: ptr(a.state), CreationTime: ptr(a.created)}, nil
}

// DeleteArchive deletes an archive and its events. Errors:
// ResourceNotFoundException.
func (s *Service) DeleteArchive(ctx context.Context, in *DeleteArchiveRequest) (*DeleteArchiveResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	a, err := st.archiveByName(deref(in.ArchiveName))
	if err != nil {
		return nil, err
	}
	delete(st.archives, a.name)
	return &DeleteArchiveResponse{}, nil
}

// ListArchives lists archives in name order, filtered by at most one of
// NamePrefix, EventSourceArn and State. Errors: ValidationException.
func (s *Service) ListArchives(ctx context.Context, in *ListArchivesRequest) (*ListArchivesResponse, error) {
	n := 0
	for _, f := range []*string{in.NamePrefix, in.EventSourceArn, in.State} {
		if f != nil {
			n++
		}
	}
	if n > 1 {
		return nil, errValidation("At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.")
	}
	st := s.storeFor(ctx)
	var all []Archive
	for _, name := range sortedKeys(st.archives) {
		a := st.archives[name]
		if !strings.HasPrefix(name, deref(in.NamePrefix)) || (in.EventSourceArn != nil && a.source != *in.EventSourceArn) ||
			(in.State != nil && a.state != *in.State) {
			continue
		}
		all = append(all, Archive{ArchiveName: ptr(a.name), EventSourceArn: ptr(a.source), State: ptr(a.state),
			RetentionDays: ptr(a.retentionDays), SizeBytes: ptr(a.size), EventCount: ptr(int64(len(a.events))),
			CreationTime: ptr(a.created)})
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListArchivesResponse{Archives: page, NextToken: next}, nil
}

// StartReplay re-sends an archive's events received in [EventStartTime,
// EventEndTime) to its bus, each with a replay-name, to the rules of
// Destination.FilterArns (all rules without). The replay runs at once and
// ends COMPLETED; the answer reports STARTING as AWS does. Errors:
// ResourceAlreadyExistsException, ResourceNotFoundException,
// ValidationException.
func (s *Service) StartReplay(ctx context.Context, in *StartReplayRequest) (*StartReplayResponse, error) {
	name := deref(in.ReplayName)
	if !archiveName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	if in.EventStartTime == nil || in.EventEndTime == nil || in.Destination == nil {
		return nil, errValidation("Parameter(s) EventStartTime, EventEndTime and Destination must be specified.")
	}
	if !in.EventStartTime.Before(*in.EventEndTime) {
		return nil, errValidation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.")
	}
	st := s.storeFor(ctx)
	if st.replays[name] != nil {
		s.mu.Unlock()
		return nil, errExists("Replay %s already exists.", name)
	}
	src := deref(in.EventSourceArn)
	var a *archive
	for _, x := range st.archives {
		if x.arn == src {
			a = x
		}
	}
	if a == nil {
		s.mu.Unlock()
		return nil, errValidation("Parameter EventSourceArn is not valid. Reason: Archive %s does not exist.", src)
	}
	if deref(in.Destination.Arn) != a.source {
		s.mu.Unlock()
		return nil, errValidation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.")
	}
	now := s.env.Now()
	rp := &replay{name: name, arn: st.arn("replay/" + name), description: deref(in.Description), source: src,
		state: "STARTING", destination: *in.Destination, eventStart: *in.EventStartTime, eventEnd: *in.EventEndTime, started: now}
	st.replays[name] = rp
	var filter map[string]bool
	if len(in.Destination.FilterArns) > 0 {
		filter = map[string]bool{}
		for _, f := range in.Destination.FilterArns {
			filter[f] = true
		}
	}
	var b *bus
	for _, x := range st.buses {
		if x.arn == a.source {
			b = x
		}
	}
	var ds []delivery
	for _, e := range a.events {
		if e.Time.Before(rp.eventStart) || !e.Time.Before(rp.eventEnd) || b == nil {
			continue
		}
		raw := withReplayName(e.Event, name)
		ds = append(ds, st.routeLocked(b, raw, filter)...)
		rp.lastReplayed = e.Time
	}
	s.mu.Unlock()
	s.deliverAll(ctx, ds)
	s.mu.Lock()
	if rp.state == "STARTING" {
		rp.state, rp.ended = "COMPLETED", s.env.Now()
	}
	s.mu.Unlock()
	return &StartReplayResponse{ReplayArn: ptr(rp.arn), State: ptr("STARTING"), ReplayStartTime: ptr(now)}, nil
}

// withReplayName adds "replay-name" to an archived event (a compact JSON
// object).
func withReplayName(event, name string) []byte {
	raw := []byte(event)
	if len(raw) < 2 || raw[len(raw)-1] != '}' {
		return raw
	}
	q, _ := json.Marshal(name)
	out := append([]byte{}, raw[:len(raw)-1]...)
	return append(out, []byte(`,"replay-name":`+string(q)+`}`)...)
}

// DescribeReplay describes a replay. Errors: ResourceNotFoundException.
func (s *Service) DescribeReplay(ctx context.Context, in *DescribeReplayRequest) (*DescribeReplayResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	rp := st.replays[deref(in.ReplayName)]
	if rp == nil {
		return nil, errNotFound("Replay %s does not exist.", deref(in.ReplayName))
	}
	return &DescribeReplayResponse{ReplayName: ptr(rp.name), ReplayArn: ptr(rp.arn), Description: optional(rp.description),
		State: ptr(rp.state), StateReason: optional(rp.reason), EventSourceArn: ptr(rp.source), Destination: ptr(rp.destination),
		EventStartTime: ptr(rp.eventStart), EventEndTime: ptr(rp.eventEnd), EventLastReplayedTime: timeOrNil(rp.lastReplayed),
		ReplayStartTime: ptr(rp.started), ReplayEndTime: timeOrNil(rp.ended)}, nil
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// ListReplays lists replays in name order, filtered by at most one of
// NamePrefix, State and EventSourceArn. Errors: ValidationException.
func (s *Service) ListReplays(ctx context.Context, in *ListReplaysRequest) (*ListReplaysResponse, error) {
	n := 0
	for _, f := range []*string{in.NamePrefix, in.EventSourceArn, in.State} {
		if f != nil {
			n++
		}
	}
	if n > 1 {
		return nil, errValidation("At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix.")
	}
	st := s.storeFor(ctx)
	var all []Replay
	for _, name := range sortedKeys(st.replays) {
		rp := st.replays[name]
		if !strings.HasPrefix(name, deref(in.NamePrefix)) || (in.EventSourceArn != nil && rp.source != *in.EventSourceArn) ||
			(in.State != nil && rp.state != *in.State) {
			continue
		}
		all = append(all, Replay{ReplayName: ptr(rp.name), EventSourceArn: ptr(rp.source), State: ptr(rp.state),
			StateReason: optional(rp.reason), EventStartTime: ptr(rp.eventStart), EventEndTime: ptr(rp.eventEnd),
			EventLastReplayedTime: timeOrNil(rp.lastReplayed), ReplayStartTime: ptr(rp.started), ReplayEndTime: timeOrNil(rp.ended)})
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListReplaysResponse{Replays: page, NextToken: next}, nil
}

// CancelReplay cancels a replay that is not finished. Errors:
// ResourceNotFoundException, IllegalStatusException.
func (s *Service) CancelReplay(ctx context.Context, in *CancelReplayRequest) (*CancelReplayResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	rp := st.replays[deref(in.ReplayName)]
	if rp == nil {
		return nil, errNotFound("Replay %s does not exist.", deref(in.ReplayName))
	}
	if rp.state != "STARTING" && rp.state != "RUNNING" {
		return nil, awsapi.NewError(400, "IllegalStatusException", "Replay %s is not in a valid state for this operation.", rp.name)
	}
	rp.state, rp.ended = "CANCELLED", s.env.Now()
	return &CancelReplayResponse{ReplayArn: ptr(rp.arn), State: ptr("CANCELLING")}, nil
}
