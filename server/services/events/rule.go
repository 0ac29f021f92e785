package events

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// rule is one rule of a bus with its targets (in PutTargets order by Id).
type rule struct {
	name, arn, busName          string
	eventPattern, schedule      string
	state, description, roleArn string
	managedBy, createdBy        string
	compiled                    *pattern
	sched                       *scheduleSpec
	created                     time.Time
	targets                     []Target
	tags                        map[string]string
}

func (r *rule) enabled() bool { return r.state == "ENABLED" }

// ruleName: 1–64 of [\.\-_A-Za-z0-9] (PutRule Name).
var ruleName = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)

// maxTargets is the number of targets a rule can have (EventBridge quotas).
const maxTargets = 5

func ruleARN(st *store, busName, name string) string {
	if busName == defaultBus {
		return st.arn("rule/" + name)
	}
	return st.arn("rule/" + busName + "/" + name)
}

// ruleLocked finds a rule of a bus. Errors: ResourceNotFoundException (bus
// or rule).
func (st *store) ruleLocked(name string, busRef *string) (*bus, *rule, error) {
	b, err := st.busLocked(busRef)
	if err != nil {
		return nil, nil, err
	}
	r := b.rules[name]
	if r == nil {
		return b, nil, errNotFound("Rule %s does not exist on EventBus %s.", name, b.name)
	}
	return b, r, nil
}

// PutRule creates or updates a rule with an EventPattern and/or a
// ScheduleExpression (rate() or cron(), default bus only); State is
// ENABLED (default) or DISABLED. Enabled scheduled rules fire in real time.
// Errors: ValidationException, InvalidEventPatternException,
// ResourceNotFoundException (bus).
func (s *Service) PutRule(ctx context.Context, in *PutRuleRequest) (*PutRuleResponse, error) {
	name := deref(in.Name)
	if !ruleName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	patternText, schedText := deref(in.EventPattern), deref(in.ScheduleExpression)
	if patternText == "" && schedText == "" {
		return nil, errValidation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	var compiled *pattern
	if patternText != "" {
		var err error
		if compiled, err = compilePattern(patternText); err != nil {
			return nil, err
		}
	}
	var sched *scheduleSpec
	if schedText != "" {
		var err error
		if sched, err = parseSchedule(schedText); err != nil {
			return nil, err
		}
	}
	state := deref(in.State)
	switch state {
	case "":
		state = "ENABLED"
	case "ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS":
	default:
		return nil, errValidation("1 validation error detected: Value '%s' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]", state)
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		return nil, err
	}
	if sched != nil && b.name != defaultBus {
		return nil, errValidation("ScheduleExpression is supported only on the default event bus.")
	}
	r := b.rules[name]
	if r == nil {
		account, _ := scope(ctx)
		r = &rule{name: name, arn: ruleARN(st, b.name, name), busName: b.name, created: s.env.Now(),
			tags: map[string]string{}, createdBy: account}
		b.rules[name] = r
	}
	r.eventPattern, r.compiled, r.schedule, r.sched = patternText, compiled, schedText, sched
	r.state, r.description, r.roleArn = state, deref(in.Description), deref(in.RoleArn)
	for _, t := range in.Tags {
		r.tags[deref(t.Key)] = deref(t.Value)
	}
	s.restartScheduleLocked(st, r)
	return &PutRuleResponse{RuleArn: ptr(r.arn)}, nil
}

// DescribeRule describes a rule. Errors: ResourceNotFoundException.
func (s *Service) DescribeRule(ctx context.Context, in *DescribeRuleRequest) (*DescribeRuleResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	_, r, err := st.ruleLocked(deref(in.Name), in.EventBusName)
	if err != nil {
		return nil, err
	}
	return &DescribeRuleResponse{Name: ptr(r.name), Arn: ptr(r.arn), EventPattern: optional(r.eventPattern),
		ScheduleExpression: optional(r.schedule), State: ptr(r.state), Description: optional(r.description),
		RoleArn: optional(r.roleArn), ManagedBy: optional(r.managedBy), EventBusName: ptr(r.busName),
		CreatedBy: optional(r.createdBy)}, nil
}

func (r *rule) summary() Rule {
	return Rule{Name: ptr(r.name), Arn: ptr(r.arn), EventPattern: optional(r.eventPattern), State: ptr(r.state),
		Description: optional(r.description), ScheduleExpression: optional(r.schedule), RoleArn: optional(r.roleArn),
		ManagedBy: optional(r.managedBy), EventBusName: ptr(r.busName)}
}

// setState enables or disables a rule (and its schedule).
func (s *Service) setState(ctx context.Context, name string, busRef *string, state string) error {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	_, r, err := st.ruleLocked(name, busRef)
	if err != nil {
		return err
	}
	r.state = state
	s.restartScheduleLocked(st, r)
	return nil
}

// EnableRule enables a rule. Errors: ResourceNotFoundException.
func (s *Service) EnableRule(ctx context.Context, in *EnableRuleRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.setState(ctx, deref(in.Name), in.EventBusName, "ENABLED")
}

// DisableRule disables a rule: it matches no event and its schedule stops.
// Errors: ResourceNotFoundException.
func (s *Service) DisableRule(ctx context.Context, in *DisableRuleRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.setState(ctx, deref(in.Name), in.EventBusName, "DISABLED")
}

// DeleteRule deletes a rule without targets; a missing rule is not an
// error. Errors: ValidationException (rule has targets),
// ResourceNotFoundException (bus).
func (s *Service) DeleteRule(ctx context.Context, in *DeleteRuleRequest) (*awsapi.Empty, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		return nil, err
	}
	r := b.rules[deref(in.Name)]
	if r == nil {
		return &awsapi.Empty{}, nil
	}
	if r.managedBy != "" && (in.Force == nil || !*in.Force) {
		return nil, awsapi.NewError(400, "ManagedRuleException", "Cannot delete rule %s managed by %s.", r.name, r.managedBy)
	}
	if len(r.targets) > 0 {
		return nil, errValidation("Rule can't be deleted since it has targets.")
	}
	s.stopScheduleLocked(r.arn)
	delete(b.rules, r.name)
	return &awsapi.Empty{}, nil
}

// ListRules lists a bus's rules in name order, optionally by NamePrefix,
// paged by Limit. Errors: ResourceNotFoundException (bus).
func (s *Service) ListRules(ctx context.Context, in *ListRulesRequest) (*ListRulesResponse, error) {
	st := s.storeFor(ctx)
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var all []Rule
	for _, name := range sortedKeys(b.rules) {
		if strings.HasPrefix(name, deref(in.NamePrefix)) {
			all = append(all, b.rules[name].summary())
		}
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListRulesResponse{Rules: page, NextToken: next}, nil
}

// ListRuleNamesByTarget lists the names of a bus's rules with a target of
// TargetArn. Errors: ResourceNotFoundException (bus).
func (s *Service) ListRuleNamesByTarget(ctx context.Context, in *ListRuleNamesByTargetRequest) (*ListRuleNamesByTargetResponse, error) {
	st := s.storeFor(ctx)
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var all []string
	for _, name := range sortedKeys(b.rules) {
		for _, t := range b.rules[name].targets {
			if deref(t.Arn) == deref(in.TargetArn) {
				all = append(all, name)
				break
			}
		}
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListRuleNamesByTargetResponse{RuleNames: page, NextToken: next}, nil
}

// targetID: 1–64 of [\.\-_A-Za-z0-9] (Target Id).
var targetID = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)

// PutTargets adds or replaces (by Id) up to 10 targets of a rule, at most
// 5 per rule. Errors: ResourceNotFoundException, LimitExceededException,
// ValidationException.
func (s *Service) PutTargets(ctx context.Context, in *PutTargetsRequest) (*PutTargetsResponse, error) {
	if len(in.Targets) == 0 || len(in.Targets) > 10 {
		return nil, errValidation("1 validation error detected: Value '%v' at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1", len(in.Targets))
	}
	for _, t := range in.Targets {
		if err := checkTarget(t); err != nil {
			return nil, err
		}
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	_, r, err := st.ruleLocked(deref(in.Rule), in.EventBusName)
	if err != nil {
		return nil, err
	}
	merged := append([]Target{}, r.targets...)
	for _, t := range in.Targets {
		if strings.HasSuffix(deref(t.Arn), ".fifo") && strings.Contains(deref(t.Arn), ":sqs:") &&
			(t.SqsParameters == nil || deref(t.SqsParameters.MessageGroupId) == "") {
			return nil, errValidation("Parameter(s) SqsParameters must be specified for target: %s.", deref(t.Id))
		}
		replaced := false
		for i := range merged {
			if deref(merged[i].Id) == deref(t.Id) {
				merged[i], replaced = t, true
			}
		}
		if !replaced {
			merged = append(merged, t)
		}
	}
	if len(merged) > maxTargets {
		return nil, awsapi.NewError(400, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	}
	r.targets = merged
	return &PutTargetsResponse{FailedEntryCount: ptr(int32(0)), FailedEntries: []PutTargetsResultEntry{}}, nil
}

// checkTarget validates one target's Id, Arn and input options.
func checkTarget(t Target) error {
	if !targetID.MatchString(deref(t.Id)) {
		return errValidation("1 validation error detected: Value '%s' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", deref(t.Id))
	}
	if !strings.HasPrefix(deref(t.Arn), "arn:") {
		return errValidation("Parameter %s is not valid. Reason: Provided Arn is not in correct format.", deref(t.Arn))
	}
	n := 0
	if t.Input != nil {
		n++
	}
	if t.InputPath != nil {
		n++
	}
	if t.InputTransformer != nil {
		n++
		if deref(t.InputTransformer.InputTemplate) == "" {
			return errValidation("1 validation error detected: Value null at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null")
		}
		if len(t.InputTransformer.InputPathsMap) > 100 {
			return errValidation("InputPathsMap has more than 100 entries.")
		}
	}
	if n > 1 {
		return errValidation("Only one of Input, InputPath, or InputTransformer must be provided for target %s.", deref(t.Id))
	}
	if t.Input != nil && !validJSON(*t.Input) {
		return errValidation("Input for target %s is not valid JSON text.", deref(t.Id))
	}
	return nil
}

// RemoveTargets removes targets of a rule by Id; unknown ids are ignored.
// Errors: ResourceNotFoundException.
func (s *Service) RemoveTargets(ctx context.Context, in *RemoveTargetsRequest) (*RemoveTargetsResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	_, r, err := st.ruleLocked(deref(in.Rule), in.EventBusName)
	if err != nil {
		return nil, err
	}
	drop := map[string]bool{}
	for _, id := range in.Ids {
		drop[id] = true
	}
	kept := r.targets[:0:0]
	for _, t := range r.targets {
		if !drop[deref(t.Id)] {
			kept = append(kept, t)
		}
	}
	r.targets = kept
	return &RemoveTargetsResponse{FailedEntryCount: ptr(int32(0)), FailedEntries: []RemoveTargetsResultEntry{}}, nil
}

// ListTargetsByRule lists a rule's targets, paged by Limit. Errors:
// ResourceNotFoundException.
func (s *Service) ListTargetsByRule(ctx context.Context, in *ListTargetsByRuleRequest) (*ListTargetsByRuleResponse, error) {
	st := s.storeFor(ctx)
	_, r, err := st.ruleLocked(deref(in.Rule), in.EventBusName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	all := append([]Target{}, r.targets...)
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListTargetsByRuleResponse{Targets: page, NextToken: next}, nil
}
