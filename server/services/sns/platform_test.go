package sns

import (
	"strings"
	"testing"
)

// Platform applications and endpoints (CreatePlatformApplication,
// CreatePlatformEndpoint and Publish API Reference): nothing is pushed, the
// messages are recorded.
func TestPlatformEndpoints(t *testing.T) {
	s, _ := newTestService(t)
	app, err := s.CreatePlatformApplication(bg(), &CreatePlatformApplicationInput{Name: ptr("mobile"), Platform: ptr("GCM"),
		Attributes: map[string]string{"PlatformCredential": "secret"}})
	if err != nil {
		t.Fatal(err)
	}
	if *app.PlatformApplicationArn != "arn:aws:sns:us-east-1:000000000000:app/GCM/mobile" {
		t.Errorf("app arn %s", *app.PlatformApplicationArn)
	}
	attrs, _ := s.GetPlatformApplicationAttributes(bg(), &GetPlatformApplicationAttributesInput{PlatformApplicationArn: app.PlatformApplicationArn})
	if _, leaked := attrs.Attributes["PlatformCredential"]; leaked || attrs.Attributes["Enabled"] != "true" {
		t.Errorf("app attributes %v", attrs.Attributes)
	}
	_, err = s.CreatePlatformApplication(bg(), &CreatePlatformApplicationInput{Name: ptr("x"), Platform: ptr("PIGEON")})
	wantErr(t, err, "InvalidParameter", "")

	ep, err := s.CreatePlatformEndpoint(bg(), &CreatePlatformEndpointInput{PlatformApplicationArn: app.PlatformApplicationArn, Token: ptr("device-1"), CustomUserData: ptr("u1")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(*ep.EndpointArn, "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/mobile/") {
		t.Errorf("endpoint arn %s", *ep.EndpointArn)
	}
	// The same token returns the same endpoint; with other attributes it is an error.
	again, _ := s.CreatePlatformEndpoint(bg(), &CreatePlatformEndpointInput{PlatformApplicationArn: app.PlatformApplicationArn, Token: ptr("device-1"), CustomUserData: ptr("u1")})
	if *again.EndpointArn != *ep.EndpointArn {
		t.Errorf("second CreatePlatformEndpoint %s", *again.EndpointArn)
	}
	_, err = s.CreatePlatformEndpoint(bg(), &CreatePlatformEndpointInput{PlatformApplicationArn: app.PlatformApplicationArn, Token: ptr("device-1"), CustomUserData: ptr("u2")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Token Reason: Endpoint "+*ep.EndpointArn+" already exists with the same Token, but different attributes.")

	got, err := s.GetEndpointAttributes(bg(), &GetEndpointAttributesInput{EndpointArn: ep.EndpointArn})
	if err != nil || got.Attributes["Token"] != "device-1" || got.Attributes["Enabled"] != "true" || got.Attributes["CustomUserData"] != "u1" {
		t.Fatalf("endpoint attributes %v %v", got, err)
	}

	// Publish to the endpoint directly and through a topic subscription.
	if _, err := s.Publish(bg(), &PublishInput{TargetArn: ep.EndpointArn, MessageStructure: ptr("json"), Message: ptr(`{"default":"d","GCM":"{\"data\":1}"}`)}); err != nil {
		t.Fatal(err)
	}
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "application", *ep.EndpointArn, nil)
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("plain")})
	var bodies []string
	for _, m := range s.SentMessages("000000000000", "us-east-1") {
		if m.Protocol == "application" && m.Endpoint == *ep.EndpointArn {
			bodies = append(bodies, m.Body)
		}
	}
	if len(bodies) != 2 || bodies[0] != `{"data":1}` || bodies[1] != "plain" {
		t.Errorf("recorded %q", bodies)
	}

	// A disabled endpoint refuses messages.
	if _, err := s.SetEndpointAttributes(bg(), &SetEndpointAttributesInput{EndpointArn: ep.EndpointArn, Attributes: map[string]string{"Enabled": "false"}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Publish(bg(), &PublishInput{TargetArn: ep.EndpointArn, Message: ptr("m")})
	wantErr(t, err, "EndpointDisabled", "Endpoint is disabled")

	list, err := s.ListEndpointsByPlatformApplication(bg(), &ListEndpointsByPlatformApplicationInput{PlatformApplicationArn: app.PlatformApplicationArn})
	if err != nil || len(list.Endpoints) != 1 {
		t.Fatalf("endpoints %v %v", list, err)
	}
	apps, _ := s.ListPlatformApplications(bg(), &ListPlatformApplicationsInput{})
	if len(apps.PlatformApplications) != 1 {
		t.Errorf("applications %v", apps.PlatformApplications)
	}
	if _, err := s.DeletePlatformApplication(bg(), &DeletePlatformApplicationInput{PlatformApplicationArn: app.PlatformApplicationArn}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetEndpointAttributes(bg(), &GetEndpointAttributesInput{EndpointArn: ep.EndpointArn})
	wantErr(t, err, "NotFound", "Endpoint does not exist")
	_, err = s.GetPlatformApplicationAttributes(bg(), &GetPlatformApplicationAttributesInput{PlatformApplicationArn: app.PlatformApplicationArn})
	wantErr(t, err, "NotFound", "PlatformApplication does not exist")
	if _, err := s.DeleteEndpoint(bg(), &DeleteEndpointInput{EndpointArn: ep.EndpointArn}); err != nil {
		t.Errorf("DeleteEndpoint of a deleted endpoint: %v", err)
	}
}
