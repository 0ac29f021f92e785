package events

import (
	"context"
	"strings"
	"time"
)

// globalEndpoint is a global endpoint (failover between two buses in two
// regions), recorded: PutEvents with EndpointId goes to the bus named in
// the entry as without one.
type globalEndpoint struct {
	Name        string             `json:"name"`
	ARN         string             `json:"arn"`
	ID          string             `json:"id"`
	Description string             `json:"description,omitempty"`
	Routing     *RoutingConfig     `json:"routing_config,omitempty"`
	Replication *ReplicationConfig `json:"replication_config,omitempty"`
	EventBuses  []EndpointEventBus `json:"event_buses"`
	RoleArn     string             `json:"role_arn,omitempty"`
	State       string             `json:"state"`
	Created     time.Time          `json:"created"`
	Modified    time.Time          `json:"modified"`
}

func (e *globalEndpoint) view() Endpoint {
	return Endpoint{Name: ptr(e.Name), Description: optional(e.Description), Arn: ptr(e.ARN), RoutingConfig: e.Routing,
		ReplicationConfig: e.Replication, EventBuses: e.EventBuses, RoleArn: optional(e.RoleArn), EndpointId: ptr(e.ID),
		EndpointUrl: ptr("https://" + e.ID + ".endpoint.events.amazonaws.com"), State: ptr(e.State),
		CreationTime: ptr(e.Created), LastModifiedTime: ptr(e.Modified)}
}

// CreateEndpoint records a global endpoint over exactly two event buses.
// Errors: ResourceAlreadyExistsException, ValidationException.
func (s *Service) CreateEndpoint(ctx context.Context, in *CreateEndpointRequest) (*CreateEndpointResponse, error) {
	name := deref(in.Name)
	if !connectionName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	if len(in.EventBuses) != 2 {
		return nil, errValidation("1 validation error detected: Value at 'eventBuses' failed to satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 2")
	}
	if in.RoutingConfig == nil {
		return nil, errValidation("1 validation error detected: Value null at 'routingConfig' failed to satisfy constraint: Member must not be null")
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if st.endpoints == nil {
		st.endpoints = map[string]*globalEndpoint{}
	}
	if st.endpoints[name] != nil {
		return nil, errExists("Endpoint %s already exists.", name)
	}
	now := s.env.Now()
	id := strings.ReplaceAll(s.env.NewID(), "-", "")[:10] + "." + strings.ReplaceAll(s.env.NewID(), "-", "")[:3]
	e := &globalEndpoint{Name: name, ARN: "arn:aws:events:" + st.region + ":" + st.account + ":endpoint/" + name, ID: id,
		Description: deref(in.Description), Routing: in.RoutingConfig, Replication: in.ReplicationConfig, EventBuses: in.EventBuses,
		RoleArn: deref(in.RoleArn), State: "ACTIVE", Created: now, Modified: now}
	if e.Replication == nil {
		e.Replication = &ReplicationConfig{State: ptr("ENABLED")}
	}
	st.endpoints[name] = e
	return &CreateEndpointResponse{Name: ptr(e.Name), Arn: ptr(e.ARN), RoutingConfig: e.Routing, ReplicationConfig: e.Replication,
		EventBuses: e.EventBuses, RoleArn: optional(e.RoleArn), State: ptr("CREATING")}, nil
}

func (st *store) endpointLocked(name string) (*globalEndpoint, error) {
	e := st.endpoints[name]
	if e == nil {
		return nil, errNotFound("Endpoint %s does not exist.", name)
	}
	return e, nil
}

// DescribeEndpoint describes a global endpoint. Errors:
// ResourceNotFoundException.
func (s *Service) DescribeEndpoint(ctx context.Context, in *DescribeEndpointRequest) (*DescribeEndpointResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	e, err := st.endpointLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	v := e.view()
	return &DescribeEndpointResponse{Name: v.Name, Description: v.Description, Arn: v.Arn, RoutingConfig: v.RoutingConfig,
		ReplicationConfig: v.ReplicationConfig, EventBuses: v.EventBuses, RoleArn: v.RoleArn, EndpointId: v.EndpointId,
		EndpointUrl: v.EndpointUrl, State: v.State, CreationTime: v.CreationTime, LastModifiedTime: v.LastModifiedTime}, nil
}

// UpdateEndpoint changes a global endpoint. Errors:
// ResourceNotFoundException.
func (s *Service) UpdateEndpoint(ctx context.Context, in *UpdateEndpointRequest) (*UpdateEndpointResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	e, err := st.endpointLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		e.Description = *in.Description
	}
	if in.RoutingConfig != nil {
		e.Routing = in.RoutingConfig
	}
	if in.ReplicationConfig != nil {
		e.Replication = in.ReplicationConfig
	}
	if len(in.EventBuses) > 0 {
		e.EventBuses = in.EventBuses
	}
	if in.RoleArn != nil {
		e.RoleArn = *in.RoleArn
	}
	e.Modified = s.env.Now()
	v := e.view()
	return &UpdateEndpointResponse{Name: v.Name, Arn: v.Arn, RoutingConfig: v.RoutingConfig, ReplicationConfig: v.ReplicationConfig,
		EventBuses: v.EventBuses, RoleArn: v.RoleArn, EndpointId: v.EndpointId, EndpointUrl: v.EndpointUrl, State: ptr("UPDATING")}, nil
}

// DeleteEndpoint deletes a global endpoint. Errors:
// ResourceNotFoundException.
func (s *Service) DeleteEndpoint(ctx context.Context, in *DeleteEndpointRequest) (*DeleteEndpointResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	e, err := st.endpointLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	delete(st.endpoints, e.Name)
	return &DeleteEndpointResponse{}, nil
}

// ListEndpoints lists global endpoints by NamePrefix, paged by MaxResults.
func (s *Service) ListEndpoints(ctx context.Context, in *ListEndpointsRequest) (*ListEndpointsResponse, error) {
	st := s.storeFor(ctx)
	var all []Endpoint
	for _, name := range sortedKeys(st.endpoints) {
		if strings.HasPrefix(name, deref(in.NamePrefix)) {
			all = append(all, st.endpoints[name].view())
		}
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	return &ListEndpointsResponse{Endpoints: page, NextToken: next}, nil
}
