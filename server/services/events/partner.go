package events

import (
	"context"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// partnerSource is a partner event source (aws.partner/<partner>/<name>)
// created by a SaaS partner for a customer account; it is recorded in the
// customer account's store, where CreateEventBus can attach a bus to it.
type partnerSource struct {
	name, arn, createdBy, state string
	created, expires            time.Time
}

// CreatePartnerEventSource records a partner event source for Account.
// Errors: ResourceAlreadyExistsException, ValidationException.
func (s *Service) CreatePartnerEventSource(ctx context.Context, in *CreatePartnerEventSourceRequest) (*CreatePartnerEventSourceResponse, error) {
	name, account := deref(in.Name), deref(in.Account)
	if !strings.HasPrefix(name, "aws.partner/") || len(strings.Split(name, "/")) < 3 {
		return nil, errValidation("Event source name must start with aws.partner/ and have the form aws.partner/<partner>/<name>.")
	}
	_, region := scope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeLocked(account, region)
	if st.partnerSources[name] != nil {
		return nil, errExists("Event source %s already exists.", name)
	}
	caller, _ := scope(ctx)
	now := s.env.Now()
	src := &partnerSource{name: name, arn: "arn:aws:events:" + region + "::event-source/" + name, createdBy: caller,
		state: "PENDING", created: now, expires: now.Add(14 * 24 * time.Hour)}
	st.partnerSources[name] = src
	return &CreatePartnerEventSourceResponse{EventSourceArn: ptr(src.arn)}, nil
}

// partnerName returns a partner source name's <partner> part
// (aws.partner/<partner>/...).
func partnerName(name string) string {
	p := strings.SplitN(name, "/", 3)
	if len(p) < 2 {
		return name
	}
	return p[1]
}

// sourcesNamed returns every account's sources of the given name.
func (s *Service) sourcesNamedLocked(region, name string) map[string]*partnerSource {
	out := map[string]*partnerSource{}
	for k, st := range s.stores {
		if k.region != region {
			continue
		}
		if src := st.partnerSources[name]; src != nil {
			out[k.account] = src
		}
	}
	return out
}

// DescribePartnerEventSource describes a source the caller created.
// Errors: ResourceNotFoundException.
func (s *Service) DescribePartnerEventSource(ctx context.Context, in *DescribePartnerEventSourceRequest) (*DescribePartnerEventSourceResponse, error) {
	_, region := scope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, src := range s.sourcesNamedLocked(region, deref(in.Name)) {
		return &DescribePartnerEventSourceResponse{Arn: ptr(src.arn), Name: ptr(src.name)}, nil
	}
	return nil, errNotFound("Event source %s does not exist.", deref(in.Name))
}

// DeletePartnerEventSource deletes a source of Account. Missing sources
// are not an error.
func (s *Service) DeletePartnerEventSource(ctx context.Context, in *DeletePartnerEventSourceRequest) (*awsapi.Empty, error) {
	_, region := scope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeLocked(deref(in.Account), region)
	if src := st.partnerSources[deref(in.Name)]; src != nil {
		src.state = "DELETED"
		delete(st.partnerSources, src.name)
	}
	return &awsapi.Empty{}, nil
}

// ListPartnerEventSources lists the partner's sources by NamePrefix.
func (s *Service) ListPartnerEventSources(ctx context.Context, in *ListPartnerEventSourcesRequest) (*ListPartnerEventSourcesResponse, error) {
	_, region := scope(ctx)
	s.mu.Lock()
	seen := map[string]PartnerEventSource{}
	for k, st := range s.stores {
		if k.region != region {
			continue
		}
		for name, src := range st.partnerSources {
			if strings.HasPrefix(name, deref(in.NamePrefix)) {
				seen[name] = PartnerEventSource{Arn: ptr(src.arn), Name: ptr(src.name)}
			}
		}
	}
	s.mu.Unlock()
	var all []PartnerEventSource
	for _, name := range sortedKeys(seen) {
		all = append(all, seen[name])
	}
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListPartnerEventSourcesResponse{PartnerEventSources: page, NextToken: next}, nil
}

// ListPartnerEventSourceAccounts lists the accounts a source was created
// for. Errors: ResourceNotFoundException.
func (s *Service) ListPartnerEventSourceAccounts(ctx context.Context, in *ListPartnerEventSourceAccountsRequest) (*ListPartnerEventSourceAccountsResponse, error) {
	_, region := scope(ctx)
	s.mu.Lock()
	found := s.sourcesNamedLocked(region, deref(in.EventSourceName))
	var all []PartnerEventSourceAccount
	for _, account := range sortedKeys(found) {
		src := found[account]
		all = append(all, PartnerEventSourceAccount{Account: ptr(account), CreationTime: ptr(src.created),
			ExpirationTime: ptr(src.expires), State: ptr(src.state)})
	}
	s.mu.Unlock()
	if len(all) == 0 {
		return nil, errNotFound("Event source %s does not exist.", deref(in.EventSourceName))
	}
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListPartnerEventSourceAccountsResponse{PartnerEventSourceAccounts: page, NextToken: next}, nil
}

func (src *partnerSource) view() EventSource {
	return EventSource{Arn: ptr(src.arn), Name: ptr(src.name), CreatedBy: ptr(partnerName(src.name)),
		CreationTime: ptr(src.created), ExpirationTime: ptr(src.expires), State: ptr(src.state)}
}

// DescribeEventSource describes a partner source shared with the caller.
// Errors: ResourceNotFoundException.
func (s *Service) DescribeEventSource(ctx context.Context, in *DescribeEventSourceRequest) (*DescribeEventSourceResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	src := st.partnerSources[deref(in.Name)]
	if src == nil {
		return nil, errNotFound("Event source %s does not exist.", deref(in.Name))
	}
	v := src.view()
	return &DescribeEventSourceResponse{Arn: v.Arn, CreatedBy: v.CreatedBy, CreationTime: v.CreationTime,
		ExpirationTime: v.ExpirationTime, Name: v.Name, State: v.State}, nil
}

// ListEventSources lists the partner sources shared with the caller.
func (s *Service) ListEventSources(ctx context.Context, in *ListEventSourcesRequest) (*ListEventSourcesResponse, error) {
	st := s.storeFor(ctx)
	var all []EventSource
	for _, name := range sortedKeys(st.partnerSources) {
		if strings.HasPrefix(name, deref(in.NamePrefix)) {
			all = append(all, st.partnerSources[name].view())
		}
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListEventSourcesResponse{EventSources: page, NextToken: next}, nil
}

func (s *Service) setSourceState(ctx context.Context, name, state string) error {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	src := st.partnerSources[name]
	if src == nil {
		return errNotFound("Event source %s does not exist.", name)
	}
	src.state = state
	return nil
}

// ActivateEventSource activates a partner source. Errors:
// ResourceNotFoundException.
func (s *Service) ActivateEventSource(ctx context.Context, in *ActivateEventSourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.setSourceState(ctx, deref(in.Name), "ACTIVE")
}

// DeactivateEventSource deactivates a partner source. Errors:
// ResourceNotFoundException.
func (s *Service) DeactivateEventSource(ctx context.Context, in *DeactivateEventSourceRequest) (*awsapi.Empty, error) {
	return &awsapi.Empty{}, s.setSourceState(ctx, deref(in.Name), "PENDING")
}

// PutPartnerEvents accepts partner events: each goes to the partner bus of
// its source in the caller's account when one exists.
func (s *Service) PutPartnerEvents(ctx context.Context, in *PutPartnerEventsRequest) (*PutPartnerEventsResponse, error) {
	if len(in.Entries) == 0 || len(in.Entries) > 20 {
		return nil, errValidation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 20 and greater than or equal to 1")
	}
	out := &PutPartnerEventsResponse{FailedEntryCount: ptr(int32(0))}
	account, region := scope(ctx)
	for _, e := range in.Entries {
		entry := PutEventsRequestEntry{Time: e.Time, Source: e.Source, Resources: e.Resources, DetailType: e.DetailType,
			Detail: e.Detail, EventBusName: e.Source}
		s.mu.Lock()
		_, exists := s.storeLocked(account, region).buses[deref(e.Source)]
		s.mu.Unlock()
		if !exists {
			out.Entries = append(out.Entries, PutPartnerEventsResultEntry{EventId: ptr(s.env.NewID())})
			continue
		}
		res := s.putEvent(ctx, account, region, entry)
		if res.ErrorCode_ != nil {
			*out.FailedEntryCount++
		}
		out.Entries = append(out.Entries, PutPartnerEventsResultEntry{EventId: res.EventId, ErrorCode_: res.ErrorCode_, ErrorMessage_: res.ErrorMessage_})
	}
	return out, nil
}
