package events

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

const defaultBus = "default"

// bus is one event bus and its rules.
type bus struct {
	name, arn, description, kmsKey string
	deadLetter                     *DeadLetterConfig
	logConfig                      *LogConfig
	policy                         []statement // PutPermission statements, in order
	created, modified              time.Time
	tags                           map[string]string
	rules                          map[string]*rule
}

// statement is one resource-policy statement of a bus.
type statement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal any            `json:"Principal"`
	Action    string         `json:"Action"`
	Resource  string         `json:"Resource"`
	Condition map[string]any `json:"Condition,omitempty"`
}

func newBus(st *store, name string, now time.Time) *bus {
	return &bus{name: name, arn: st.arn("event-bus/" + name), created: now, modified: now,
		tags: map[string]string{}, rules: map[string]*rule{}}
}

// busName: 1–256 of [/.\-_A-Za-z0-9] (CreateEventBus Name); partner buses
// are named after their aws.partner/ event source.
var busName = regexp.MustCompile(`^[/\.\-_A-Za-z0-9]{1,256}$`)

// busRef resolves an EventBusName (name or ARN; empty is default).
func busRef(ref *string) string {
	name := deref(ref)
	if name == "" {
		return defaultBus
	}
	if strings.HasPrefix(name, "arn:") {
		if _, after, ok := strings.Cut(name, ":event-bus/"); ok {
			return after
		}
	}
	return name
}

// busLocked returns the named bus or ResourceNotFoundException.
func (st *store) busLocked(ref *string) (*bus, error) {
	name := busRef(ref)
	b := st.buses[name]
	if b == nil {
		return nil, errNotFound("Event bus %s does not exist.", name)
	}
	return b, nil
}

// CreateEventBus creates a custom bus, or a partner bus matching
// EventSourceName. Errors: ResourceAlreadyExistsException,
// ResourceNotFoundException (event source), ValidationException (name).
func (s *Service) CreateEventBus(ctx context.Context, in *CreateEventBusRequest) (*CreateEventBusResponse, error) {
	name := deref(in.Name)
	if !busName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+", name)
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if st.buses[name] != nil {
		return nil, errExists("Event bus %s already exists.", name)
	}
	src := deref(in.EventSourceName)
	if src != "" {
		if src != name {
			return nil, errValidation("Event source %s does not match the event bus name %s.", src, name)
		}
		if st.partnerSources[src] == nil {
			return nil, errNotFound("Event source %s does not exist.", src)
		}
	} else if strings.HasPrefix(name, "aws.") {
		return nil, errValidation("Event bus name must not start with 'aws.'")
	} else if strings.Contains(name, "/") {
		return nil, errValidation("Event bus name must not contain '/'.")
	}
	b := newBus(st, name, s.env.Now())
	b.description, b.kmsKey = deref(in.Description), deref(in.KmsKeyIdentifier)
	b.deadLetter, b.logConfig = in.DeadLetterConfig, in.LogConfig
	for _, t := range in.Tags {
		b.tags[deref(t.Key)] = deref(t.Value)
	}
	st.buses[name] = b
	return &CreateEventBusResponse{EventBusArn: ptr(b.arn), Description: in.Description,
		KmsKeyIdentifier: in.KmsKeyIdentifier, DeadLetterConfig: in.DeadLetterConfig, LogConfig: in.LogConfig}, nil
}

// UpdateEventBus changes a bus's description, key, dead-letter and log
// configuration. Errors: ResourceNotFoundException.
func (s *Service) UpdateEventBus(ctx context.Context, in *UpdateEventBusRequest) (*UpdateEventBusResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.Name)
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		b.description = *in.Description
	}
	if in.KmsKeyIdentifier != nil {
		b.kmsKey = *in.KmsKeyIdentifier
	}
	if in.DeadLetterConfig != nil {
		b.deadLetter = in.DeadLetterConfig
	}
	if in.LogConfig != nil {
		b.logConfig = in.LogConfig
	}
	b.modified = s.env.Now()
	return &UpdateEventBusResponse{Arn: ptr(b.arn), Name: ptr(b.name), Description: optional(b.description),
		KmsKeyIdentifier: optional(b.kmsKey), DeadLetterConfig: b.deadLetter, LogConfig: b.logConfig}, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// DeleteEventBus deletes a custom bus and its rules; deleting a missing bus
// succeeds. Errors: ValidationException (the default bus).
func (s *Service) DeleteEventBus(ctx context.Context, in *DeleteEventBusRequest) (*awsapi.Empty, error) {
	name := busRef(in.Name)
	if name == defaultBus {
		return nil, errValidation("Cannot delete event bus default.")
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if b := st.buses[name]; b != nil {
		for _, r := range b.rules {
			s.stopScheduleLocked(r.arn)
		}
		delete(st.buses, name)
	}
	return &awsapi.Empty{}, nil
}

// DescribeEventBus describes a bus (default without Name), with its policy.
// Errors: ResourceNotFoundException.
func (s *Service) DescribeEventBus(ctx context.Context, in *DescribeEventBusRequest) (*DescribeEventBusResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.Name)
	if err != nil {
		return nil, err
	}
	return &DescribeEventBusResponse{Name: ptr(b.name), Arn: ptr(b.arn), Description: optional(b.description),
		KmsKeyIdentifier: optional(b.kmsKey), DeadLetterConfig: b.deadLetter, LogConfig: b.logConfig,
		Policy: b.policyText(), CreationTime: ptr(b.created), LastModifiedTime: ptr(b.modified)}, nil
}

// policyText renders the bus's resource policy, nil without statements.
func (b *bus) policyText() *string {
	if len(b.policy) == 0 {
		return nil
	}
	raw, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": b.policy})
	return ptr(string(raw))
}

// ListEventBuses lists buses in name order, optionally by NamePrefix, paged
// by Limit (1–100). Errors: ValidationException (NextToken).
func (s *Service) ListEventBuses(ctx context.Context, in *ListEventBusesRequest) (*ListEventBusesResponse, error) {
	st := s.storeFor(ctx)
	var all []EventBus
	for _, name := range sortedKeys(st.buses) {
		b := st.buses[name]
		if strings.HasPrefix(name, deref(in.NamePrefix)) {
			all = append(all, EventBus{Name: ptr(b.name), Arn: ptr(b.arn), Description: optional(b.description),
				Policy: b.policyText(), CreationTime: ptr(b.created), LastModifiedTime: ptr(b.modified)})
		}
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListEventBusesResponse{EventBuses: page, NextToken: next}, nil
}

// PutPermission adds a statement (Action events:PutEvents, Principal an
// account or "*", StatementId, optional Condition) to a bus's policy, or
// replaces the policy with Policy. Errors: ResourceNotFoundException,
// ValidationException.
func (s *Service) PutPermission(ctx context.Context, in *PutPermissionRequest) (*awsapi.Empty, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		return nil, err
	}
	if in.Policy != nil {
		var doc struct {
			Statement []statement `json:"Statement"`
		}
		if err := json.Unmarshal([]byte(*in.Policy), &doc); err != nil {
			return nil, errValidation("Policy is not valid JSON.")
		}
		b.policy = doc.Statement
		return &awsapi.Empty{}, nil
	}
	action, principal, sid := deref(in.Action), deref(in.Principal), deref(in.StatementId)
	if action != "events:PutEvents" {
		return nil, errValidation("Provided value in parameter 'action' is not supported.")
	}
	if principal == "" || sid == "" {
		return nil, errValidation("Parameter(s) Principal, StatementId must be specified.")
	}
	st2 := statement{Sid: sid, Effect: "Allow", Action: action, Resource: b.arn, Principal: principal}
	if principal != "*" {
		st2.Principal = map[string]string{"AWS": "arn:aws:iam::" + principal + ":root"}
	}
	if c := in.Condition; c != nil {
		st2.Condition = map[string]any{deref(c.Type): map[string]string{deref(c.Key): deref(c.Value)}}
	}
	out := b.policy[:0:0]
	for _, x := range b.policy {
		if x.Sid != sid {
			out = append(out, x)
		}
	}
	b.policy = append(out, st2)
	return &awsapi.Empty{}, nil
}

// RemovePermission removes one statement by StatementId, or all with
// RemoveAllPermissions. Errors: ResourceNotFoundException.
func (s *Service) RemovePermission(ctx context.Context, in *RemovePermissionRequest) (*awsapi.Empty, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	b, err := st.busLocked(in.EventBusName)
	if err != nil {
		return nil, err
	}
	if in.RemoveAllPermissions != nil && *in.RemoveAllPermissions {
		b.policy = nil
		return &awsapi.Empty{}, nil
	}
	if len(b.policy) == 0 {
		return nil, errNotFound("EventBus does not have a policy.")
	}
	sid := deref(in.StatementId)
	for i, x := range b.policy {
		if x.Sid == sid {
			b.policy = append(b.policy[:i:i], b.policy[i+1:]...)
			return &awsapi.Empty{}, nil
		}
	}
	return nil, errNotFound("Statement with the provided id does not exist.")
}

// paginate pages a sorted list: NextToken is the index of the next item.
func paginate[T any](all []T, token *string, limit *int32) ([]T, *string, error) {
	start := 0
	if t := deref(token); t != "" {
		n, err := decodeToken(t)
		if err != nil || n > len(all) {
			return nil, nil, errValidation("The NextToken provided is invalid.")
		}
		start = n
	}
	n := 100
	if limit != nil && *limit > 0 {
		n = int(*limit)
	}
	end := min(start+n, len(all))
	var next *string
	if end < len(all) {
		next = ptr(encodeToken(end))
	}
	return all[start:end], next, nil
}
