package events

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// connection is an EventBridge connection (authorization for API
// destinations). Secrets are not kept: describing a connection shows only
// the non-secret parts, as AWS does (they live in Secrets Manager there).
type connection struct {
	Name              string                            `json:"name"`
	ARN               string                            `json:"arn"`
	SecretARN         string                            `json:"secret_arn"`
	Description       string                            `json:"description,omitempty"`
	AuthorizationType string                            `json:"authorization_type"`
	Auth              *ConnectionAuthResponseParameters `json:"auth,omitempty"`
	KmsKey            string                            `json:"kms_key,omitempty"`
	State             string                            `json:"state"`
	Created           time.Time                         `json:"created"`
	Modified          time.Time                         `json:"modified"`
	Authorized        time.Time                         `json:"authorized,omitzero"`
}

// apiDestination is an HTTP endpoint events can be sent to through a
// connection (recorded; no HTTP call is made).
type apiDestination struct {
	Name          string    `json:"name"`
	ARN           string    `json:"arn"`
	Description   string    `json:"description,omitempty"`
	ConnectionARN string    `json:"connection_arn"`
	Endpoint      string    `json:"invocation_endpoint"`
	HTTPMethod    string    `json:"http_method"`
	RateLimit     int32     `json:"invocation_rate_limit_per_second,omitempty"`
	State         string    `json:"state"`
	Created       time.Time `json:"created"`
	Modified      time.Time `json:"modified"`
}

var connectionName = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)

// authView keeps the non-secret parts of a connection's auth parameters.
func authView(basic *CreateConnectionBasicAuthRequestParameters, oauth *CreateConnectionOAuthRequestParameters,
	key *CreateConnectionApiKeyAuthRequestParameters, http *ConnectionHttpParameters) *ConnectionAuthResponseParameters {
	out := &ConnectionAuthResponseParameters{InvocationHttpParameters: http}
	if basic != nil {
		out.BasicAuthParameters = &ConnectionBasicAuthResponseParameters{Username: basic.Username}
	}
	if key != nil {
		out.ApiKeyAuthParameters = &ConnectionApiKeyAuthResponseParameters{ApiKeyName: key.ApiKeyName}
	}
	if oauth != nil {
		o := &ConnectionOAuthResponseParameters{AuthorizationEndpoint: oauth.AuthorizationEndpoint, HttpMethod: oauth.HttpMethod,
			OAuthHttpParameters: oauth.OAuthHttpParameters}
		if oauth.ClientParameters != nil {
			o.ClientParameters = &ConnectionOAuthClientResponseParameters{ClientID: oauth.ClientParameters.ClientID}
		}
		out.OAuthParameters = o
	}
	return out
}

// CreateConnection records a connection (AUTHORIZED at once). Errors:
// ResourceAlreadyExistsException, ValidationException.
func (s *Service) CreateConnection(ctx context.Context, in *CreateConnectionRequest) (*CreateConnectionResponse, error) {
	name := deref(in.Name)
	if !connectionName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	typ := deref(in.AuthorizationType)
	switch typ {
	case "BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY":
	default:
		return nil, errValidation("1 validation error detected: Value '%s' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]", typ)
	}
	if in.AuthParameters == nil {
		return nil, errValidation("1 validation error detected: Value null at 'authParameters' failed to satisfy constraint: Member must not be null")
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if st.connections == nil {
		st.connections = map[string]*connection{}
	}
	if st.connections[name] != nil {
		return nil, errExists("Connection %s already exists.", name)
	}
	now, id := s.env.Now(), s.env.NewID()
	a := in.AuthParameters
	c := &connection{Name: name, ARN: st.arn("connection/" + name + "/" + id),
		SecretARN:   "arn:aws:secretsmanager:" + st.region + ":" + st.account + ":secret:events!connection/" + name + "/" + id,
		Description: deref(in.Description), AuthorizationType: typ, KmsKey: deref(in.KmsKeyIdentifier),
		Auth:  authView(a.BasicAuthParameters, a.OAuthParameters, a.ApiKeyAuthParameters, a.InvocationHttpParameters),
		State: "AUTHORIZED", Created: now, Modified: now, Authorized: now}
	st.connections[name] = c
	return &CreateConnectionResponse{ConnectionArn: ptr(c.ARN), ConnectionState: ptr(c.State), CreationTime: ptr(now), LastModifiedTime: ptr(now)}, nil
}

func (st *store) connectionLocked(name string) (*connection, error) {
	c := st.connections[name]
	if c == nil {
		return nil, errNotFound("Failed to describe the connection(s). Connection '%s' does not exist.", name)
	}
	return c, nil
}

// DescribeConnection describes a connection without its secrets. Errors:
// ResourceNotFoundException.
func (s *Service) DescribeConnection(ctx context.Context, in *DescribeConnectionRequest) (*DescribeConnectionResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	c, err := st.connectionLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	return &DescribeConnectionResponse{ConnectionArn: ptr(c.ARN), Name: ptr(c.Name), Description: optional(c.Description),
		ConnectionState: ptr(c.State), AuthorizationType: ptr(c.AuthorizationType), SecretArn: ptr(c.SecretARN),
		KmsKeyIdentifier: optional(c.KmsKey), AuthParameters: c.Auth, CreationTime: ptr(c.Created),
		LastModifiedTime: ptr(c.Modified), LastAuthorizedTime: timeOrNil(c.Authorized)}, nil
}

// UpdateConnection changes a connection's description, type and auth
// parameters. Errors: ResourceNotFoundException.
func (s *Service) UpdateConnection(ctx context.Context, in *UpdateConnectionRequest) (*UpdateConnectionResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	c, err := st.connectionLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		c.Description = *in.Description
	}
	if in.AuthorizationType != nil {
		c.AuthorizationType = *in.AuthorizationType
	}
	if a := in.AuthParameters; a != nil {
		var basic *CreateConnectionBasicAuthRequestParameters
		var key *CreateConnectionApiKeyAuthRequestParameters
		var oauth *CreateConnectionOAuthRequestParameters
		if a.BasicAuthParameters != nil {
			basic = &CreateConnectionBasicAuthRequestParameters{Username: a.BasicAuthParameters.Username}
		}
		if a.ApiKeyAuthParameters != nil {
			key = &CreateConnectionApiKeyAuthRequestParameters{ApiKeyName: a.ApiKeyAuthParameters.ApiKeyName}
		}
		if o := a.OAuthParameters; o != nil {
			oauth = &CreateConnectionOAuthRequestParameters{AuthorizationEndpoint: o.AuthorizationEndpoint, HttpMethod: o.HttpMethod,
				OAuthHttpParameters: o.OAuthHttpParameters}
			if o.ClientParameters != nil {
				oauth.ClientParameters = &CreateConnectionOAuthClientRequestParameters{ClientID: o.ClientParameters.ClientID}
			}
		}
		c.Auth = authView(basic, oauth, key, a.InvocationHttpParameters)
	}
	if in.KmsKeyIdentifier != nil {
		c.KmsKey = *in.KmsKeyIdentifier
	}
	now := s.env.Now()
	c.Modified, c.Authorized, c.State = now, now, "AUTHORIZED"
	return &UpdateConnectionResponse{ConnectionArn: ptr(c.ARN), ConnectionState: ptr(c.State), CreationTime: ptr(c.Created),
		LastModifiedTime: ptr(now), LastAuthorizedTime: ptr(now)}, nil
}

// DeauthorizeConnection removes a connection's authorization
// (DEAUTHORIZED). Errors: ResourceNotFoundException.
func (s *Service) DeauthorizeConnection(ctx context.Context, in *DeauthorizeConnectionRequest) (*DeauthorizeConnectionResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	c, err := st.connectionLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	c.State, c.Modified = "DEAUTHORIZED", s.env.Now()
	return &DeauthorizeConnectionResponse{ConnectionArn: ptr(c.ARN), ConnectionState: ptr("DEAUTHORIZING"), CreationTime: ptr(c.Created),
		LastModifiedTime: ptr(c.Modified), LastAuthorizedTime: timeOrNil(c.Authorized)}, nil
}

// DeleteConnection deletes a connection. Errors: ResourceNotFoundException.
func (s *Service) DeleteConnection(ctx context.Context, in *DeleteConnectionRequest) (*DeleteConnectionResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	c, err := st.connectionLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	delete(st.connections, c.Name)
	return &DeleteConnectionResponse{ConnectionArn: ptr(c.ARN), ConnectionState: ptr("DELETING"), CreationTime: ptr(c.Created),
		LastModifiedTime: ptr(c.Modified), LastAuthorizedTime: timeOrNil(c.Authorized)}, nil
}

// ListConnections lists connections by NamePrefix and ConnectionState.
func (s *Service) ListConnections(ctx context.Context, in *ListConnectionsRequest) (*ListConnectionsResponse, error) {
	st := s.storeFor(ctx)
	var all []Connection
	for _, name := range sortedKeys(st.connections) {
		c := st.connections[name]
		if !strings.HasPrefix(name, deref(in.NamePrefix)) || (in.ConnectionState != nil && *in.ConnectionState != c.State) {
			continue
		}
		all = append(all, Connection{ConnectionArn: ptr(c.ARN), Name: ptr(c.Name), ConnectionState: ptr(c.State),
			AuthorizationType: ptr(c.AuthorizationType), CreationTime: ptr(c.Created), LastModifiedTime: ptr(c.Modified),
			LastAuthorizedTime: timeOrNil(c.Authorized)})
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListConnectionsResponse{Connections: page, NextToken: next}, nil
}

var httpMethods = []string{"POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}

// CreateApiDestination records an API destination of a connection.
// Errors: ResourceAlreadyExistsException, ResourceNotFoundException
// (connection), ValidationException.
func (s *Service) CreateApiDestination(ctx context.Context, in *CreateApiDestinationRequest) (*CreateApiDestinationResponse, error) {
	name := deref(in.Name)
	if !connectionName.MatchString(name) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	if !slicesContains(httpMethods, deref(in.HttpMethod)) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]", deref(in.HttpMethod))
	}
	if !strings.HasPrefix(deref(in.InvocationEndpoint), "https://") {
		return nil, errValidation("1 validation error detected: Value '%s' at 'invocationEndpoint' failed to satisfy constraint: Member must satisfy regular expression pattern: ^((%%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$", deref(in.InvocationEndpoint))
	}
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	if st.apiDestinations == nil {
		st.apiDestinations = map[string]*apiDestination{}
	}
	if st.apiDestinations[name] != nil {
		return nil, errExists("An api-destination '%s' already exists.", name)
	}
	found := false
	for _, c := range st.connections {
		found = found || c.ARN == deref(in.ConnectionArn)
	}
	if !found {
		return nil, errNotFound("Connection '%s' does not exist.", deref(in.ConnectionArn))
	}
	now := s.env.Now()
	d := &apiDestination{Name: name, ARN: st.arn("api-destination/" + name + "/" + s.env.NewID()), Description: deref(in.Description),
		ConnectionARN: deref(in.ConnectionArn), Endpoint: deref(in.InvocationEndpoint), HTTPMethod: deref(in.HttpMethod),
		State: "ACTIVE", Created: now, Modified: now}
	if in.InvocationRateLimitPerSecond != nil {
		d.RateLimit = *in.InvocationRateLimitPerSecond
	}
	st.apiDestinations[name] = d
	return &CreateApiDestinationResponse{ApiDestinationArn: ptr(d.ARN), ApiDestinationState: ptr(d.State), CreationTime: ptr(now), LastModifiedTime: ptr(now)}, nil
}

func (st *store) apiDestinationLocked(name string) (*apiDestination, error) {
	d := st.apiDestinations[name]
	if d == nil {
		return nil, errNotFound("An api-destination '%s' does not exist.", name)
	}
	return d, nil
}

func (d *apiDestination) rateLimit() *int32 {
	if d.RateLimit == 0 {
		return nil
	}
	return ptr(d.RateLimit)
}

// DescribeApiDestination describes an API destination. Errors:
// ResourceNotFoundException.
func (s *Service) DescribeApiDestination(ctx context.Context, in *DescribeApiDestinationRequest) (*DescribeApiDestinationResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	d, err := st.apiDestinationLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	return &DescribeApiDestinationResponse{ApiDestinationArn: ptr(d.ARN), Name: ptr(d.Name), Description: optional(d.Description),
		ApiDestinationState: ptr(d.State), ConnectionArn: ptr(d.ConnectionARN), InvocationEndpoint: ptr(d.Endpoint),
		HttpMethod: ptr(d.HTTPMethod), InvocationRateLimitPerSecond: d.rateLimit(), CreationTime: ptr(d.Created), LastModifiedTime: ptr(d.Modified)}, nil
}

// UpdateApiDestination changes an API destination. Errors:
// ResourceNotFoundException.
func (s *Service) UpdateApiDestination(ctx context.Context, in *UpdateApiDestinationRequest) (*UpdateApiDestinationResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	d, err := st.apiDestinationLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	if in.Description != nil {
		d.Description = *in.Description
	}
	if in.ConnectionArn != nil {
		d.ConnectionARN = *in.ConnectionArn
	}
	if in.InvocationEndpoint != nil {
		d.Endpoint = *in.InvocationEndpoint
	}
	if in.HttpMethod != nil {
		d.HTTPMethod = *in.HttpMethod
	}
	if in.InvocationRateLimitPerSecond != nil {
		d.RateLimit = *in.InvocationRateLimitPerSecond
	}
	d.Modified = s.env.Now()
	return &UpdateApiDestinationResponse{ApiDestinationArn: ptr(d.ARN), ApiDestinationState: ptr(d.State), CreationTime: ptr(d.Created), LastModifiedTime: ptr(d.Modified)}, nil
}

// DeleteApiDestination deletes an API destination. Errors:
// ResourceNotFoundException.
func (s *Service) DeleteApiDestination(ctx context.Context, in *DeleteApiDestinationRequest) (*DeleteApiDestinationResponse, error) {
	st := s.storeFor(ctx)
	defer s.mu.Unlock()
	d, err := st.apiDestinationLocked(deref(in.Name))
	if err != nil {
		return nil, err
	}
	delete(st.apiDestinations, d.Name)
	return &DeleteApiDestinationResponse{}, nil
}

// ListApiDestinations lists API destinations by NamePrefix and
// ConnectionArn.
func (s *Service) ListApiDestinations(ctx context.Context, in *ListApiDestinationsRequest) (*ListApiDestinationsResponse, error) {
	st := s.storeFor(ctx)
	var all []ApiDestination
	for _, name := range sortedKeys(st.apiDestinations) {
		d := st.apiDestinations[name]
		if !strings.HasPrefix(name, deref(in.NamePrefix)) || (in.ConnectionArn != nil && *in.ConnectionArn != d.ConnectionARN) {
			continue
		}
		all = append(all, ApiDestination{ApiDestinationArn: ptr(d.ARN), Name: ptr(d.Name), ApiDestinationState: ptr(d.State),
			ConnectionArn: ptr(d.ConnectionARN), InvocationEndpoint: ptr(d.Endpoint), HttpMethod: ptr(d.HTTPMethod),
			InvocationRateLimitPerSecond: d.rateLimit(), CreationTime: ptr(d.Created), LastModifiedTime: ptr(d.Modified)})
	}
	s.mu.Unlock()
	page, next, err := paginate(all, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &ListApiDestinationsResponse{ApiDestinations: page, NextToken: next}, nil
}
