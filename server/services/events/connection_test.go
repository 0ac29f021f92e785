package events

import "testing"

// Connections keep only non-secret auth parameters (DescribeConnection API
// Reference); API destinations need an existing connection.
func TestConnectionsAndApiDestinations(t *testing.T) {
	s, _ := newTestService(t)
	c, err := s.CreateConnection(ctx, &CreateConnectionRequest{Name: ptr("c"), AuthorizationType: ptr("API_KEY"),
		AuthParameters: &CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: ptr("x-key"), ApiKeyValue: ptr("secret")}}})
	if err != nil || *c.ConnectionState != "AUTHORIZED" {
		t.Fatal(c, err)
	}
	d, _ := s.DescribeConnection(ctx, &DescribeConnectionRequest{Name: ptr("c")})
	if *d.AuthParameters.ApiKeyAuthParameters.ApiKeyName != "x-key" || d.SecretArn == nil {
		t.Fatal(d)
	}
	_, err = s.CreateConnection(ctx, &CreateConnectionRequest{Name: ptr("c"), AuthorizationType: ptr("BASIC"),
		AuthParameters: &CreateConnectionAuthRequestParameters{}})
	wantCode(t, err, "ResourceAlreadyExistsException")
	_, err = s.CreateApiDestination(ctx, &CreateApiDestinationRequest{Name: ptr("d"), ConnectionArn: ptr("arn:nope"),
		InvocationEndpoint: ptr("https://example.com"), HttpMethod: ptr("POST")})
	wantCode(t, err, "ResourceNotFoundException")
	if _, err := s.CreateApiDestination(ctx, &CreateApiDestinationRequest{Name: ptr("d"), ConnectionArn: c.ConnectionArn,
		InvocationEndpoint: ptr("https://example.com"), HttpMethod: ptr("POST")}); err != nil {
		t.Fatal(err)
	}
	l, _ := s.ListApiDestinations(ctx, &ListApiDestinationsRequest{ConnectionArn: c.ConnectionArn})
	if len(l.ApiDestinations) != 1 || *l.ApiDestinations[0].ApiDestinationState != "ACTIVE" {
		t.Fatal(l)
	}
	if out, _ := s.DeauthorizeConnection(ctx, &DeauthorizeConnectionRequest{Name: ptr("c")}); *out.ConnectionState != "DEAUTHORIZING" {
		t.Fatal(*out.ConnectionState)
	}
	s.DeleteApiDestination(ctx, &DeleteApiDestinationRequest{Name: ptr("d")})
	s.DeleteConnection(ctx, &DeleteConnectionRequest{Name: ptr("c")})
	_, err = s.DescribeConnection(ctx, &DescribeConnectionRequest{Name: ptr("c")})
	wantCode(t, err, "ResourceNotFoundException")
}

// Global endpoints are recorded with their two buses.
func TestGlobalEndpoints(t *testing.T) {
	s, _ := newTestService(t)
	buses := []EndpointEventBus{{EventBusArn: ptr("arn:aws:events:us-east-1:000000000000:event-bus/default")},
		{EventBusArn: ptr("arn:aws:events:us-west-2:000000000000:event-bus/default")}}
	_, err := s.CreateEndpoint(ctx, &CreateEndpointRequest{Name: ptr("e"), EventBuses: buses[:1], RoutingConfig: &RoutingConfig{}})
	wantCode(t, err, "ValidationException")
	out, err := s.CreateEndpoint(ctx, &CreateEndpointRequest{Name: ptr("e"), EventBuses: buses, RoutingConfig: &RoutingConfig{}})
	if err != nil || *out.Arn != "arn:aws:events:us-east-1:000000000000:endpoint/e" {
		t.Fatal(out, err)
	}
	d, err := s.DescribeEndpoint(ctx, &DescribeEndpointRequest{Name: ptr("e")})
	if err != nil || *d.State != "ACTIVE" || d.EndpointUrl == nil {
		t.Fatal(d, err)
	}
	l, _ := s.ListEndpoints(ctx, &ListEndpointsRequest{})
	if len(l.Endpoints) != 1 {
		t.Fatal(l)
	}
	s.DeleteEndpoint(ctx, &DeleteEndpointRequest{Name: ptr("e")})
	_, err = s.DescribeEndpoint(ctx, &DescribeEndpointRequest{Name: ptr("e")})
	wantCode(t, err, "ResourceNotFoundException")
}
