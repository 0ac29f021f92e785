package events

import (
	"context"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// TriggerRule fires a rule at once as its schedule would: a "Scheduled
// Event" to each of its targets (LocalStack's developer endpoint
// /_aws/events/rules/<arn>/trigger). Errors: ResourceNotFoundException.
func (s *Service) TriggerRule(ruleArn string) error {
	p := strings.SplitN(ruleArn, ":", 6)
	if len(p) < 6 || p[2] != "events" || !strings.HasPrefix(p[5], "rule/") {
		return errNotFound("Rule %s does not exist.", ruleArn)
	}
	account, region, rest := p[4], p[3], strings.TrimPrefix(p[5], "rule/")
	busName, name := defaultBus, rest
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		busName, name = rest[:i], rest[i+1:]
	}
	s.mu.Lock()
	st := s.storeLocked(account, region)
	b := st.buses[busName]
	if b == nil || b.rules[name] == nil {
		s.mu.Unlock()
		return errNotFound("Rule %s does not exist on EventBus %s.", name, busName)
	}
	r := b.rules[name]
	raw := scheduledEvent(s.env.NewID(), account, region, r.arn, s.env.Now())
	parsed, _ := decodeEvent(raw)
	var ds []delivery
	for _, t := range r.targets {
		ds = append(ds, delivery{rule: r, target: t, event: raw, parsed: parsed})
	}
	s.mu.Unlock()
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: account, Region: region, Service: ServiceName})
	s.deliverAll(ctx, ds)
	return nil
}
