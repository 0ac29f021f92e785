package events

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// maxEntriesBytes is the largest PutEvents request (256 KB, "Calculating
// PutEvents event entry size" in the EventBridge User Guide).
const maxEntriesBytes = 256 * 1024

// event is an event as EventBridge delivers it (EventBridge User Guide,
// "Amazon EventBridge events"), members in AWS's order.
type event struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
	ReplayName string          `json:"replay-name,omitempty"`
}

// entrySize is an entry's size by the User Guide's formula.
func entrySize(e PutEventsRequestEntry) int {
	n := len(deref(e.Source)) + len(deref(e.DetailType)) + len(deref(e.Detail))
	if e.Time != nil {
		n += 14
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// PutEvents sends 1–10 events to buses (EventBusName per entry, default
// bus otherwise): each is archived by matching archives and delivered to
// every target of every enabled rule whose pattern matches. Entries that
// fail carry ErrorCode and ErrorMessage (InvalidArgument, MalformedDetail,
// ResourceNotFoundException) and count in FailedEntryCount. Errors:
// ValidationException (entry count, total size).
func (s *Service) PutEvents(ctx context.Context, in *PutEventsRequest) (*PutEventsResponse, error) {
	if len(in.Entries) == 0 || len(in.Entries) > 10 {
		return nil, errValidation("1 validation error detected: Value '%d' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1", len(in.Entries))
	}
	total := 0
	for _, e := range in.Entries {
		total += entrySize(e)
	}
	if total > maxEntriesBytes {
		return nil, errValidation("Total size of the entries in the request is over the limit.")
	}
	account, region := scope(ctx)
	out := &PutEventsResponse{FailedEntryCount: ptr(int32(0))}
	for _, e := range in.Entries {
		res := s.putEvent(ctx, account, region, e)
		if res.ErrorCode_ != nil {
			*out.FailedEntryCount++
		}
		out.Entries = append(out.Entries, res)
	}
	return out, nil
}

func entryError(code, msg string) PutEventsResultEntry {
	return PutEventsResultEntry{ErrorCode_: ptr(code), ErrorMessage_: ptr(msg)}
}

// putEvent validates, builds and routes one entry a client sent.
func (s *Service) putEvent(ctx context.Context, account, region string, e PutEventsRequestEntry) PutEventsResultEntry {
	return s.putEventFrom(ctx, account, region, e, false)
}

// putEventFrom validates, builds and routes one entry; awsService entries
// (from other services) may use the reserved "aws." sources.
func (s *Service) putEventFrom(ctx context.Context, account, region string, e PutEventsRequestEntry, awsService bool) PutEventsResultEntry {
	switch {
	case deref(e.Source) == "":
		return entryError("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.")
	case deref(e.DetailType) == "":
		return entryError("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
	case deref(e.Detail) == "":
		return entryError("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.")
	}
	if d := strings.TrimSpace(*e.Detail); !strings.HasPrefix(d, "{") || !validJSON(d) {
		return entryError("MalformedDetail", "Detail is malformed.")
	}
	if !awsService && strings.HasPrefix(*e.Source, "aws.") && !strings.HasPrefix(*e.Source, "aws.partner/") {
		return entryError("NotAuthorizedForSourceException", "Not authorized for the source.")
	}
	t := s.env.Now()
	if e.Time != nil {
		t = *e.Time
	}
	ev := event{Version: "0", ID: s.env.NewID(), DetailType: *e.DetailType, Source: *e.Source,
		Account: account, Time: t.UTC().Format("2006-01-02T15:04:05Z"), Region: region,
		Resources: e.Resources, Detail: json.RawMessage(compactJSON(*e.Detail))}
	if ev.Resources == nil {
		ev.Resources = []string{}
	}
	s.mu.Lock()
	st := s.storeLocked(account, region)
	b, err := st.busLocked(e.EventBusName)
	if err != nil {
		s.mu.Unlock()
		return entryError("ResourceNotFoundException", "Event bus "+busRef(e.EventBusName)+" does not exist.")
	}
	raw, _ := json.Marshal(ev)
	st.archiveLocked(b.arn, raw, s.env.Now())
	deliveries := st.routeLocked(b, raw, nil)
	s.mu.Unlock()
	s.deliverAll(ctx, deliveries)
	return PutEventsResultEntry{EventId: ptr(ev.ID)}
}

// delivery is one event to send to one target.
type delivery struct {
	rule   *rule
	target Target
	event  []byte
	parsed map[string]any
}

// routeLocked returns the deliveries of an event (JSON) to the targets of
// the bus's enabled rules whose pattern matches; only rules in filter when
// it is not nil (replays).
func (st *store) routeLocked(b *bus, raw []byte, filter map[string]bool) []delivery {
	parsed, err := decodeEvent(raw)
	if err != nil {
		return nil
	}
	var out []delivery
	for _, name := range sortedKeys(b.rules) {
		r := b.rules[name]
		if !r.enabled() || r.compiled == nil || (filter != nil && !filter[r.arn]) {
			continue
		}
		if !r.compiled.matches(parsed) {
			continue
		}
		for _, t := range r.targets {
			out = append(out, delivery{rule: r, target: t, event: raw, parsed: parsed})
		}
	}
	return out
}

// deliverAll sends each delivery to its target; failures are logged, as
// EventBridge retries and then drops (or dead-letters) them.
func (s *Service) deliverAll(ctx context.Context, ds []delivery) {
	for _, d := range ds {
		if err := s.deliver(ctx, d); err != nil {
			s.env.Logger.Warn("events: delivery failed", "rule", d.rule.arn, "target", deref(d.target.Arn), "error", err)
			s.deadLetter(ctx, d, err)
		}
	}
}

// deadLetter sends an event that could not be delivered to the target's
// dead-letter queue, with the attributes the User Guide lists ("Using
// dead-letter queues to process undelivered events"): RULE_ARN,
// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and
// RETRY_ATTEMPTS.
func (s *Service) deadLetter(ctx context.Context, d delivery, cause error) {
	dlq := d.target.DeadLetterConfig
	if dlq == nil || s.queues == nil || !strings.Contains(deref(dlq.Arn), ":sqs:") {
		return
	}
	code, msg := "InternalException", cause.Error()
	if api, ok := cause.(interface {
		ErrorCode() string
		ErrorMessage() string
	}); ok {
		code, msg = api.ErrorCode(), api.ErrorMessage()
	}
	str := func(v string) sqs.MessageAttributeValue {
		return sqs.MessageAttributeValue{DataType: ptr("String"), StringValue: ptr(v)}
	}
	attrs := map[string]sqs.MessageAttributeValue{
		"RULE_ARN": str(d.rule.arn), "TARGET_ARN": str(deref(d.target.Arn)), "ERROR_CODE": str(code),
		"ERROR_MESSAGE": str(msg), "EXHAUSTED_RETRY_CONDITION": str("MaximumRetryAttempts"),
		"RETRY_ATTEMPTS": {DataType: ptr("Number"), StringValue: ptr("0")},
	}
	if err := s.queues.DeliverToQueue(ctx, *dlq.Arn, string(d.event), attrs, "", ""); err != nil {
		s.env.Logger.Warn("events: dead-letter delivery failed", "queue", *dlq.Arn, "error", err)
	}
}

// deliver transforms the event for the target and sends it.
func (s *Service) deliver(ctx context.Context, d delivery) error {
	body, err := transformInput(d.target, d.event, d.parsed, d.rule)
	if err != nil {
		return err
	}
	arn := deref(d.target.Arn)
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return nil
	}
	switch parts[2] {
	case "sqs":
		if s.queues == nil {
			return nil
		}
		group, dedup := "", ""
		if p := d.target.SqsParameters; p != nil && deref(p.MessageGroupId) != "" {
			group = *p.MessageGroupId
			// EventBridge deduplicates FIFO deliveries by event id.
			if id, ok := d.parsed["id"].(string); ok {
				dedup = id
			}
		}
		return s.queues.DeliverToQueue(ctx, arn, body, nil, group, dedup)
	case "sns":
		if s.topics == nil {
			return nil
		}
		group, dedup := "", ""
		if strings.HasSuffix(arn, ".fifo") {
			group = "default"
			if p := d.target.SqsParameters; p != nil && deref(p.MessageGroupId) != "" {
				group = *p.MessageGroupId
			}
			if id, ok := d.parsed["id"].(string); ok {
				dedup = id
			}
		}
		_, err := s.topics.PublishToTopic(ctx, arn, body, group, dedup)
		return err
	case "kinesis":
		if s.streams == nil {
			return nil
		}
		// The partition key is the value at KinesisParameters.PartitionKeyPath,
		// else the event id (PutTargets API Reference, KinesisParameters).
		key, _ := d.parsed["id"].(string)
		if p := d.target.KinesisParameters; p != nil && deref(p.PartitionKeyPath) != "" {
			if v, ok := jsonPath(d.parsed, *p.PartitionKeyPath); ok {
				if str, ok := v.(string); ok {
					key = str
				} else {
					b, _ := json.Marshal(v)
					key = string(b)
				}
			}
		}
		return s.streams.PutToStream(ctx, arn, key, []byte(body))
	case "events":
		// Another bus as target: the event enters it as-is.
		return s.forward(ctx, arn, d.event)
	}
	s.env.Logger.Info("events: target service not emulated; event dropped", "target", arn)
	return nil
}

// forward puts an already-built event on the bus named by busArn.
func (s *Service) forward(ctx context.Context, busArn string, raw []byte) error {
	p := strings.SplitN(busArn, ":", 6)
	if len(p) < 6 || !strings.HasPrefix(p[5], "event-bus/") {
		return nil
	}
	s.mu.Lock()
	st := s.storeLocked(p[4], p[3])
	b := st.buses[strings.TrimPrefix(p[5], "event-bus/")]
	if b == nil {
		s.mu.Unlock()
		return errNotFound("Event bus %s does not exist.", p[5])
	}
	st.archiveLocked(b.arn, raw, s.env.Now())
	ds := st.routeLocked(b, raw, nil)
	s.mu.Unlock()
	s.deliverAll(ctx, ds)
	return nil
}

func validJSON(s string) bool { return json.Valid([]byte(s)) }

// compactJSON removes insignificant whitespace from valid JSON.
func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}

// scheduledEvent is the event a schedule emits ("Scheduled Event").
func scheduledEvent(id, account, region, ruleArn string, t time.Time) []byte {
	raw, _ := json.Marshal(event{Version: "0", ID: id, DetailType: "Scheduled Event", Source: "aws.events",
		Account: account, Time: t.UTC().Format("2006-01-02T15:04:05Z"), Region: region,
		Resources: []string{ruleArn}, Detail: json.RawMessage("{}")})
	return raw
}
