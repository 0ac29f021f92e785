package events

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

func putRule(t *testing.T, s *Service, in *PutRuleRequest) string {
	t.Helper()
	out, err := s.PutRule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return *out.RuleArn
}

func putTargets(t *testing.T, s *Service, rule string, bus *string, targets ...Target) {
	t.Helper()
	if _, err := s.PutTargets(ctx, &PutTargetsRequest{Rule: ptr(rule), EventBusName: bus, Targets: targets}); err != nil {
		t.Fatal(err)
	}
}

func putEvent(t *testing.T, s *Service, e PutEventsRequestEntry) PutEventsResultEntry {
	t.Helper()
	out, err := s.PutEvents(ctx, &PutEventsRequest{Entries: []PutEventsRequestEntry{e}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Entries[0]
}

const queueArn = "arn:aws:sqs:us-east-1:000000000000:q"

// PutEvents routes an event to matching rules' targets as the full event
// JSON (EventBridge User Guide, "Amazon EventBridge events": version, id,
// detail-type, source, account, time, region, resources, detail).
func TestPutEventsDeliversMatchingEvents(t *testing.T) {
	s, k := newTestService(t)
	arn := putRule(t, s, &PutRuleRequest{Name: ptr("orders"), EventPattern: ptr(`{"source":["shop"],"detail":{"total":[{"numeric":[">",10]}]}}`)})
	if arn != "arn:aws:events:us-east-1:000000000000:rule/orders" {
		t.Fatalf("rule ARN %s", arn)
	}
	putTargets(t, s, "orders", nil, Target{Id: ptr("q"), Arn: ptr(queueArn)})
	ok := putEvent(t, s, PutEventsRequestEntry{Source: ptr("shop"), DetailType: ptr("Order"), Detail: ptr(`{"total": 12}`),
		Resources: []string{"r1"}})
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("shop"), DetailType: ptr("Order"), Detail: ptr(`{"total": 5}`)})
	got := k.queued()
	if len(got) != 1 {
		t.Fatalf("delivered %d, want 1", len(got))
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(got[0].body), &ev); err != nil {
		t.Fatal(err)
	}
	if ev["id"] != *ok.EventId || ev["source"] != "shop" || ev["detail-type"] != "Order" || ev["account"] != "000000000000" ||
		ev["region"] != "us-east-1" || ev["time"] != "2026-01-02T03:04:05Z" || ev["version"] != "0" {
		t.Fatalf("event %v", ev)
	}
	if !strings.HasPrefix(got[0].body, `{"version":"0","id":`) || !strings.Contains(got[0].body, `"detail":{"total":12}`) {
		t.Fatalf("body %s", got[0].body)
	}
}

// Per-entry errors carry ErrorCode and ErrorMessage and count in
// FailedEntryCount (PutEvents API Reference).
func TestPutEventsEntryErrors(t *testing.T) {
	s, _ := newTestService(t)
	out, err := s.PutEvents(ctx, &PutEventsRequest{Entries: []PutEventsRequestEntry{
		{DetailType: ptr("x"), Detail: ptr("{}")},
		{Source: ptr("a"), Detail: ptr("{}")},
		{Source: ptr("a"), DetailType: ptr("x")},
		{Source: ptr("a"), DetailType: ptr("x"), Detail: ptr("[1]")},
		{Source: ptr("a"), DetailType: ptr("x"), Detail: ptr("{}"), EventBusName: ptr("nope")},
		{Source: ptr("a"), DetailType: ptr("x"), Detail: ptr("{}")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"InvalidArgument", "InvalidArgument", "InvalidArgument", "MalformedDetail", "ResourceNotFoundException", ""}
	for i, e := range out.Entries {
		if deref(e.ErrorCode_) != codes[i] {
			t.Errorf("entry %d: %v %v", i, deref(e.ErrorCode_), deref(e.ErrorMessage_))
		}
	}
	if *out.FailedEntryCount != 5 || out.Entries[5].EventId == nil {
		t.Fatalf("FailedEntryCount %d", *out.FailedEntryCount)
	}
	_, err = s.PutEvents(ctx, &PutEventsRequest{Entries: make([]PutEventsRequestEntry, 11)})
	wantCode(t, err, "ValidationException")
	big := strings.Repeat("x", 256*1024)
	_, err = s.PutEvents(ctx, &PutEventsRequest{Entries: []PutEventsRequestEntry{{Source: ptr("a"), DetailType: ptr("x"), Detail: ptr(`{"a":"` + big + `"}`)}}})
	wantCode(t, err, "ValidationException")
}

// Input, InputPath and InputTransformer (User Guide, "Amazon EventBridge
// input transformation": <placeholders>, predefined aws.events.* values).
func TestTargetInputs(t *testing.T) {
	s, k := newTestService(t)
	putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["app"]}`)})
	putTargets(t, s, "r", nil,
		Target{Id: ptr("const"), Arn: ptr(queueArn + "1"), Input: ptr(`{"fixed":true}`)},
		Target{Id: ptr("path"), Arn: ptr(queueArn + "2"), InputPath: ptr("$.detail.order")},
		Target{Id: ptr("json"), Arn: ptr(queueArn + "3"), InputTransformer: &InputTransformer{
			InputPathsMap: map[string]string{"id": "$.detail.order.id", "n": "$.detail.order.n", "src": "$.source"},
			InputTemplate: ptr(`{"order": "<id>", "count": <n>, "from": <src>, "rule": "<aws.events.rule-name>", "none": <missing>}`)}},
		Target{Id: ptr("text"), Arn: ptr(queueArn + "4"), InputTransformer: &InputTransformer{
			InputPathsMap: map[string]string{"id": "$.detail.order.id"},
			InputTemplate: ptr(`"Order <id> is ready"`)}},
	)
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("app"), DetailType: ptr("t"), Detail: ptr(`{"order":{"id":"o-\"1","n":3}}`)})
	bodies := map[string]string{}
	for _, d := range k.queued() {
		bodies[d.arn[len(queueArn):]] = d.body
	}
	want := map[string]string{
		"1": `{"fixed":true}`,
		"2": `{"id":"o-\"1","n":3}`,
		"3": `{"order": "o-\"1", "count": 3, "from": "app", "rule": "r", "none": null}`,
		"4": `"Order o-\"1 is ready"`,
	}
	for k, v := range want {
		if bodies[k] != v {
			t.Errorf("target %s: %s, want %s", k, bodies[k], v)
		}
	}
	_, err := s.PutTargets(ctx, &PutTargetsRequest{Rule: ptr("r"), Targets: []Target{{Id: ptr("x"), Arn: ptr(queueArn), Input: ptr("{}"), InputPath: ptr("$")}}})
	wantCode(t, err, "ValidationException")
}

// FIFO queue targets need SqsParameters.MessageGroupId (PutTargets API
// Reference); the event id deduplicates.
func TestFifoTargets(t *testing.T) {
	s, k := newTestService(t)
	putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["app"]}`)})
	_, err := s.PutTargets(ctx, &PutTargetsRequest{Rule: ptr("r"), Targets: []Target{{Id: ptr("f"), Arn: ptr(queueArn + ".fifo")}}})
	wantCode(t, err, "ValidationException")
	putTargets(t, s, "r", nil, Target{Id: ptr("f"), Arn: ptr(queueArn + ".fifo"), SqsParameters: &SqsParameters{MessageGroupId: ptr("g1")}})
	res := putEvent(t, s, PutEventsRequestEntry{Source: ptr("app"), DetailType: ptr("t"), Detail: ptr(`{}`)})
	got := k.queued()
	if len(got) != 1 || got[0].group != "g1" || got[0].dedup != *res.EventId {
		t.Fatalf("%+v", got)
	}
}

func TestRulesAndBuses(t *testing.T) {
	s, _ := newTestService(t)
	_, err := s.PutRule(ctx, &PutRuleRequest{Name: ptr("r")})
	wantCode(t, err, "ValidationException")
	_, err = s.PutRule(ctx, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":"x"}`)})
	wantCode(t, err, "InvalidEventPatternException")
	_, err = s.PutRule(ctx, &PutRuleRequest{Name: ptr("r"), ScheduleExpression: ptr("rate(1 minutes)")})
	wantCode(t, err, "ValidationException")
	_, err = s.PutRule(ctx, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{}`), EventBusName: ptr("nope")})
	wantCode(t, err, "ResourceNotFoundException")

	out, err := s.CreateEventBus(ctx, &CreateEventBusRequest{Name: ptr("custom"), Tags: []Tag{{Key: ptr("k"), Value: ptr("v")}}})
	if err != nil || *out.EventBusArn != "arn:aws:events:us-east-1:000000000000:event-bus/custom" {
		t.Fatal(out, err)
	}
	_, err = s.CreateEventBus(ctx, &CreateEventBusRequest{Name: ptr("custom")})
	wantCode(t, err, "ResourceAlreadyExistsException")
	_, err = s.PutRule(ctx, &PutRuleRequest{Name: ptr("s"), ScheduleExpression: ptr("rate(5 minutes)"), EventBusName: ptr("custom")})
	wantCode(t, err, "ValidationException")
	arn := putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["a"]}`), EventBusName: ptr(*out.EventBusArn)})
	if arn != "arn:aws:events:us-east-1:000000000000:rule/custom/r" {
		t.Fatal(arn)
	}
	putTargets(t, s, "r", ptr("custom"), Target{Id: ptr("t"), Arn: ptr(queueArn)})
	_, err = s.DeleteRule(ctx, &DeleteRuleRequest{Name: ptr("r"), EventBusName: ptr("custom")})
	wantCode(t, err, "ValidationException")
	names, _ := s.ListRuleNamesByTarget(ctx, &ListRuleNamesByTargetRequest{TargetArn: ptr(queueArn), EventBusName: ptr("custom")})
	if len(names.RuleNames) != 1 || names.RuleNames[0] != "r" {
		t.Fatal(names.RuleNames)
	}
	_, err = s.DescribeRule(ctx, &DescribeRuleRequest{Name: ptr("r")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = s.DeleteEventBus(ctx, &DeleteEventBusRequest{Name: ptr("default")})
	wantCode(t, err, "ValidationException")

	// Paging: Limit and NextToken.
	for _, n := range []string{"a1", "a2", "a3"} {
		putRule(t, s, &PutRuleRequest{Name: ptr(n), EventPattern: ptr(`{"source":["a"]}`)})
	}
	page, _ := s.ListRules(ctx, &ListRulesRequest{NamePrefix: ptr("a"), Limit: ptr(int32(2))})
	page2, _ := s.ListRules(ctx, &ListRulesRequest{NamePrefix: ptr("a"), Limit: ptr(int32(2)), NextToken: page.NextToken})
	if len(page.Rules) != 2 || len(page2.Rules) != 1 || page2.NextToken != nil || *page2.Rules[0].Name != "a3" {
		t.Fatal(page, page2)
	}

	// Permissions.
	if _, err := s.PutPermission(ctx, &PutPermissionRequest{Action: ptr("events:PutEvents"), Principal: ptr("111122223333"), StatementId: ptr("s1")}); err != nil {
		t.Fatal(err)
	}
	d, _ := s.DescribeEventBus(ctx, &DescribeEventBusRequest{})
	if d.Policy == nil || !strings.Contains(*d.Policy, `"AWS":"arn:aws:iam::111122223333:root"`) {
		t.Fatal(d.Policy)
	}
	_, err = s.RemovePermission(ctx, &RemovePermissionRequest{StatementId: ptr("nope")})
	wantCode(t, err, "ResourceNotFoundException")
	if _, err := s.RemovePermission(ctx, &RemovePermissionRequest{StatementId: ptr("s1")}); err != nil {
		t.Fatal(err)
	}
}

// Archives keep matching events; a replay re-sends them with replay-name
// to the bus's rules and they are not archived again.
func TestArchiveAndReplay(t *testing.T) {
	s, k := newTestService(t)
	busArn := "arn:aws:events:us-east-1:000000000000:event-bus/default"
	if _, err := s.CreateArchive(ctx, &CreateArchiveRequest{ArchiveName: ptr("a"), EventSourceArn: ptr(busArn), EventPattern: ptr(`{"source":["keep"]}`)}); err != nil {
		t.Fatal(err)
	}
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("keep"), DetailType: ptr("t"), Detail: ptr(`{"n":1}`)})
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("drop"), DetailType: ptr("t"), Detail: ptr(`{"n":2}`)})
	d, _ := s.DescribeArchive(ctx, &DescribeArchiveRequest{ArchiveName: ptr("a")})
	if *d.EventCount != 1 {
		t.Fatalf("EventCount %d", *d.EventCount)
	}
	rule := putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["keep"]}`)})
	putTargets(t, s, "r", nil, Target{Id: ptr("q"), Arn: ptr(queueArn)})
	archiveArn := "arn:aws:events:us-east-1:000000000000:archive/a"
	_, err := s.StartReplay(ctx, &StartReplayRequest{ReplayName: ptr("rp"), EventSourceArn: ptr(archiveArn),
		EventStartTime: ptr(testNow.Add(time.Hour)), EventEndTime: ptr(testNow), Destination: &ReplayDestination{Arn: ptr(busArn)}})
	wantCode(t, err, "ValidationException")
	out, err := s.StartReplay(ctx, &StartReplayRequest{ReplayName: ptr("rp"), EventSourceArn: ptr(archiveArn),
		EventStartTime: ptr(testNow.Add(-time.Hour)), EventEndTime: ptr(testNow), Destination: &ReplayDestination{Arn: ptr(busArn), FilterArns: []string{rule}}})
	if err != nil || *out.State != "STARTING" {
		t.Fatal(out, err)
	}
	// The archived event was received at testNow, the end is exclusive.
	if n := len(k.queued()); n != 0 {
		t.Fatalf("replayed %d events outside the window", n)
	}
	s.env.Now = func() time.Time { return testNow.Add(time.Minute) }
	if _, err := s.StartReplay(ctx, &StartReplayRequest{ReplayName: ptr("rp2"), EventSourceArn: ptr(archiveArn),
		EventStartTime: ptr(testNow.Add(-time.Hour)), EventEndTime: ptr(testNow.Add(time.Second)),
		Destination: &ReplayDestination{Arn: ptr(busArn)}}); err != nil {
		t.Fatal(err)
	}
	got := k.queued()
	if len(got) != 1 || !strings.Contains(got[0].body, `"replay-name":"rp2"`) {
		t.Fatalf("%+v", got)
	}
	d, _ = s.DescribeArchive(ctx, &DescribeArchiveRequest{ArchiveName: ptr("a")})
	if *d.EventCount != 1 {
		t.Fatalf("replayed event archived again: %d", *d.EventCount)
	}
	r, _ := s.DescribeReplay(ctx, &DescribeReplayRequest{ReplayName: ptr("rp2")})
	if *r.State != "COMPLETED" {
		t.Fatal(*r.State)
	}
	_, err = s.CancelReplay(ctx, &CancelReplayRequest{ReplayName: ptr("rp2")})
	wantCode(t, err, "IllegalStatusException")
}

// A scheduled rule fires "Scheduled Event"s until it is disabled.
func TestScheduleFiresAndStops(t *testing.T) {
	s, k := newTestService(t)
	s.after = func(time.Duration) <-chan time.Time { return time.After(time.Millisecond) }
	arn := putRule(t, s, &PutRuleRequest{Name: ptr("tick"), ScheduleExpression: ptr("rate(1 minute)")})
	putTargets(t, s, "tick", nil, Target{Id: ptr("q"), Arn: ptr(queueArn)})
	for i := 0; i < 3; i++ {
		select {
		case <-k.signal:
		case <-time.After(5 * time.Second):
			t.Fatal("schedule did not fire")
		}
	}
	if _, err := s.DisableRule(ctx, &DisableRuleRequest{Name: ptr("tick")}); err != nil {
		t.Fatal(err)
	}
	n := len(k.queued())
	time.Sleep(50 * time.Millisecond)
	if m := len(k.queued()); m > n+1 {
		t.Fatalf("fired %d times after DisableRule", m-n)
	}
	var ev map[string]any
	json.Unmarshal([]byte(k.queued()[0].body), &ev)
	if ev["detail-type"] != "Scheduled Event" || ev["source"] != "aws.events" || ev["resources"].([]any)[0] != arn {
		t.Fatal(ev)
	}
}

// Next firings of cron expressions (User Guide, "Cron expressions").
func TestCronNext(t *testing.T) {
	from := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) // a Friday
	for _, c := range []struct{ expr, want string }{
		{"cron(0 10 * * ? *)", "2026-01-02T10:00:00Z"},
		{"cron(15 12 * * ? *)", "2026-01-02T12:15:00Z"},
		{"cron(0/15 * * * ? *)", "2026-01-02T03:15:00Z"},
		{"cron(0 18 ? * MON-FRI *)", "2026-01-02T18:00:00Z"},
		{"cron(0 8 1 * ? *)", "2026-02-01T08:00:00Z"},
		{"cron(0 9 ? * SUN *)", "2026-01-04T09:00:00Z"},
		{"cron(0 0 L * ? *)", "2026-01-31T00:00:00Z"},
		{"cron(30 1 1 JAN ? 2027)", "2027-01-01T01:30:00Z"},
	} {
		sp, err := parseSchedule(c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got := sp.next(from, from).Format(time.RFC3339); got != c.want {
			t.Errorf("%s: next %s, want %s", c.expr, got, c.want)
		}
	}
	for _, bad := range []string{"cron(0 10 * * * *)", "cron(0 10 * *)", "cron(61 * * * ? *)", "rate(0 minutes)", "rate(2 minute)", "every 5 min"} {
		if _, err := parseSchedule(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestTestEventPattern(t *testing.T) {
	s, _ := newTestService(t)
	ev := `{"id":"1","account":"1","source":"a","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"x","detail":{"n":3}}`
	out, err := s.TestEventPattern(ctx, &TestEventPatternRequest{EventPattern: ptr(`{"detail":{"n":[{"numeric":[">",2]}]}}`), Event: ptr(ev)})
	if err != nil || !*out.Result {
		t.Fatal(out, err)
	}
	_, err = s.TestEventPattern(ctx, &TestEventPatternRequest{EventPattern: ptr(`{}`), Event: ptr(`{"source":"a"}`)})
	wantCode(t, err, "ValidationException")
}

// Tags on rules and buses; unknown resources are ResourceNotFoundException.
func TestTags(t *testing.T) {
	s, _ := newTestService(t)
	arn := putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["a"]}`), Tags: []Tag{{Key: ptr("a"), Value: ptr("1")}}})
	s.TagResource(ctx, &TagResourceRequest{ResourceARN: ptr(arn), Tags: []Tag{{Key: ptr("b"), Value: ptr("2")}}})
	s.UntagResource(ctx, &UntagResourceRequest{ResourceARN: ptr(arn), TagKeys: []string{"a"}})
	out, _ := s.ListTagsForResource(ctx, &ListTagsForResourceRequest{ResourceARN: ptr(arn)})
	if len(out.Tags) != 1 || *out.Tags[0].Key != "b" {
		t.Fatal(out.Tags)
	}
	_, err := s.ListTagsForResource(ctx, &ListTagsForResourceRequest{ResourceARN: ptr("arn:aws:events:us-east-1:000000000000:rule/nope")})
	wantCode(t, err, "ResourceNotFoundException")
}

// Save, reset and load keep buses, rules, targets, archives and replays.
func TestStateRoundTrip(t *testing.T) {
	s, k := newTestService(t)
	s.CreateEventBus(ctx, &CreateEventBusRequest{Name: ptr("b")})
	putRule(t, s, &PutRuleRequest{Name: ptr("r"), EventPattern: ptr(`{"source":["a"]}`), EventBusName: ptr("b")})
	putTargets(t, s, "r", ptr("b"), Target{Id: ptr("q"), Arn: ptr(queueArn), InputPath: ptr("$.detail")})
	s.CreateArchive(ctx, &CreateArchiveRequest{ArchiveName: ptr("ar"), EventSourceArn: ptr("arn:aws:events:us-east-1:000000000000:event-bus/b")})
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("a"), DetailType: ptr("t"), Detail: ptr(`{"n":1}`), EventBusName: ptr("b")})
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", testNow)
	if err := s.SaveState(ctx, w.Service("events")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	s.ResetState(ctx)
	if _, err := s.DescribeEventBus(ctx, &DescribeEventBusRequest{Name: ptr("b")}); err == nil {
		t.Fatal("bus survived reset")
	}
	r, err := state.OpenReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(ctx, r.Service("events"), false); err != nil {
		t.Fatal(err)
	}
	putEvent(t, s, PutEventsRequestEntry{Source: ptr("a"), DetailType: ptr("t"), Detail: ptr(`{"n":2}`), EventBusName: ptr("b")})
	got := k.queued()
	if len(got) != 2 || got[1].body != `{"n":2}` {
		t.Fatalf("%+v", got)
	}
	d, err := s.DescribeArchive(ctx, &DescribeArchiveRequest{ArchiveName: ptr("ar")})
	if err != nil || *d.EventCount != 2 {
		t.Fatal(d, err)
	}
}

// Services put "aws." events on the default bus; clients may not
// (PutEvents API Reference: NotAuthorizedForSourceException).
func TestPutDefaultBusEvent(t *testing.T) {
	s, k := newTestService(t)
	putRule(t, s, &PutRuleRequest{Name: ptr("s3"), EventPattern: ptr(`{"source":["aws.s3"],"detail-type":["Object Created"]}`)})
	putTargets(t, s, "s3", nil, Target{Id: ptr("q"), Arn: ptr(queueArn)})
	if err := s.PutDefaultBusEvent(ctx, "aws.s3", "Object Created", `{"bucket":{"name":"b"}}`, []string{"arn:aws:s3:::b"}); err != nil {
		t.Fatal(err)
	}
	if got := k.queued(); len(got) != 1 || !strings.Contains(got[0].body, `"resources":["arn:aws:s3:::b"]`) {
		t.Fatalf("%+v", got)
	}
	res := putEvent(t, s, PutEventsRequestEntry{Source: ptr("aws.s3"), DetailType: ptr("Object Created"), Detail: ptr("{}")})
	if deref(res.ErrorCode_) != "NotAuthorizedForSourceException" {
		t.Fatal(deref(res.ErrorCode_))
	}
}
