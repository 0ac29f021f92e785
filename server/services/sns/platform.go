package sns

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// platformApp is a mobile push platform application and its endpoints.
// Nothing is pushed: messages published to its endpoints are recorded
// (SentMessages) as LocalStack records them.
type platformApp struct {
	arn, name, platform, account, region string
	attrs                                map[string]string
	endpoints                            []*platformEndpoint // in creation order
}

// platformEndpoint is one device token registered with an application.
type platformEndpoint struct {
	arn   string
	app   *platformApp
	attrs map[string]string // Token, Enabled, CustomUserData
}

var (
	// platforms are the push services CreatePlatformApplication accepts
	// (CreatePlatformApplication API Reference, Platform).
	platforms = []string{"ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MACOS", "MACOS_SANDBOX", "MPNS", "WNS"}
	// platformAppName: up to 256 letters, digits, "_", "-" and "."
	// (CreatePlatformApplication API Reference, Name).
	platformAppName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,256}$`)
	// endpointAttributeNames are the attributes of a platform endpoint
	// (SetEndpointAttributes API Reference).
	endpointAttributeNames = map[string]bool{"CustomUserData": true, "Enabled": true, "Token": true}
)

func errNoPlatformApp() error {
	return &NotFoundException{Message: ptr("PlatformApplication does not exist")}
}

func errNoEndpoint() error { return &NotFoundException{Message: ptr("Endpoint does not exist")} }

// CreatePlatformApplication creates (or, for the same name and platform,
// updates) a platform application; its ARN is
// arn:aws:sns:<region>:<account>:app/<platform>/<name>. Errors:
// InvalidParameter for the name or platform.
func (s *Service) CreatePlatformApplication(ctx context.Context, in *CreatePlatformApplicationInput) (*CreatePlatformApplicationResponse, error) {
	name, platform := deref(in.Name), deref(in.Platform)
	if !platformAppName.MatchString(name) {
		return nil, errInvalidParameter("Invalid Platform Application Name specified")
	}
	if !slices.Contains(platforms, platform) {
		return nil, errInvalidParameter("Platform Reason: %s is not supported", platform)
	}
	account, region := requestScope(ctx)
	arn := "arn:aws:sns:" + region + ":" + account + ":app/" + platform + "/" + name
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	app := st.apps[arn]
	if app == nil {
		app = &platformApp{arn: arn, name: name, platform: platform, account: account, region: region, attrs: map[string]string{}}
		st.apps[arn] = app
	}
	maps.Copy(app.attrs, in.Attributes)
	return &CreatePlatformApplicationResponse{PlatformApplicationArn: ptr(arn)}, nil
}

// appByArn finds a platform application in the caller's region; s.mu is held.
func (s *Service) appByArn(ctx context.Context, arn *string) (*platformApp, error) {
	a, err := parseArnParam(deref(arn), "PlatformApplicationArn")
	if err != nil {
		return nil, err
	}
	st := s.stores[storeKey{a.account, callerRegion(ctx)}]
	if st == nil || st.apps[*arn] == nil {
		return nil, errNoPlatformApp()
	}
	return st.apps[*arn], nil
}

// endpointByArn finds a platform endpoint; s.mu is held.
func (s *Service) endpointByArn(arn *string, param string) (*platformEndpoint, error) {
	a, err := parseArnParam(deref(arn), param)
	if err != nil {
		return nil, err
	}
	st := s.stores[storeKey{a.account, a.region}]
	if st == nil || st.endpoints[*arn] == nil {
		return nil, errNoEndpoint()
	}
	return st.endpoints[*arn], nil
}

// GetPlatformApplicationAttributes returns the application's attributes
// (Enabled "true" unless set) without its PlatformCredential. Errors: NotFound.
func (s *Service) GetPlatformApplicationAttributes(ctx context.Context, in *GetPlatformApplicationAttributesInput) (*GetPlatformApplicationAttributesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appByArn(ctx, in.PlatformApplicationArn)
	if err != nil {
		return nil, err
	}
	return &GetPlatformApplicationAttributesResponse{Attributes: app.shownAttributes()}, nil
}

func (app *platformApp) shownAttributes() map[string]string {
	out := map[string]string{"Enabled": "true"}
	maps.Copy(out, app.attrs)
	delete(out, "PlatformCredential")
	return out
}

// SetPlatformApplicationAttributes merges attributes into the application's.
// Errors: NotFound.
func (s *Service) SetPlatformApplicationAttributes(ctx context.Context, in *SetPlatformApplicationAttributesInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appByArn(ctx, in.PlatformApplicationArn)
	if err != nil {
		return nil, err
	}
	maps.Copy(app.attrs, in.Attributes)
	return &awsapi.Empty{}, nil
}

// ListPlatformApplications lists the caller's applications, 100 per page.
func (s *Service) ListPlatformApplications(ctx context.Context, in *ListPlatformApplicationsInput) (*ListPlatformApplicationsResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	page, next, err := paginate(slices.Sorted(maps.Keys(st.apps)), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListPlatformApplicationsResponse{PlatformApplications: []PlatformApplication{}, NextToken: next}
	for _, arn := range page {
		out.PlatformApplications = append(out.PlatformApplications, PlatformApplication{PlatformApplicationArn: ptr(arn), Attributes: st.apps[arn].shownAttributes()})
	}
	return out, nil
}

// DeletePlatformApplication deletes an application and its endpoints;
// deleting one that does not exist succeeds.
func (s *Service) DeletePlatformApplication(ctx context.Context, in *DeletePlatformApplicationInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appByArn(ctx, in.PlatformApplicationArn)
	if _, missing := err.(*NotFoundException); missing {
		return &awsapi.Empty{}, nil
	}
	if err != nil {
		return nil, err
	}
	st := s.stores[storeKey{app.account, app.region}]
	for _, e := range app.endpoints {
		delete(st.endpoints, e.arn)
	}
	delete(st.apps, app.arn)
	return &awsapi.Empty{}, nil
}

// CreatePlatformEndpoint registers a device token with an application and
// returns the endpoint's ARN (arn:...:endpoint/<platform>/<app>/<id>). The
// same token again returns the same endpoint, unless its attributes differ.
// Errors: NotFound, InvalidParameter.
func (s *Service) CreatePlatformEndpoint(ctx context.Context, in *CreatePlatformEndpointInput) (*CreateEndpointResponse, error) {
	token := deref(in.Token)
	if token == "" {
		return nil, errInvalidParameter("Token Reason: cannot be empty")
	}
	attrs := map[string]string{"Enabled": "true"}
	for k, v := range in.Attributes {
		if !endpointAttributeNames[k] {
			return nil, errInvalidParameter("Attributes Reason: Invalid attribute name: %s", k)
		}
		attrs[k] = v
	}
	attrs["Token"] = token
	if in.CustomUserData != nil {
		attrs["CustomUserData"] = *in.CustomUserData
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appByArn(ctx, in.PlatformApplicationArn)
	if err != nil {
		return nil, err
	}
	for _, e := range app.endpoints {
		if e.attrs["Token"] != token {
			continue
		}
		if !maps.Equal(e.attrs, attrs) {
			return nil, errInvalidParameter("Token Reason: Endpoint %s already exists with the same Token, but different attributes.", e.arn)
		}
		return &CreateEndpointResponse{EndpointArn: ptr(e.arn)}, nil
	}
	e := &platformEndpoint{arn: "arn:aws:sns:" + app.region + ":" + app.account + ":endpoint/" + app.platform + "/" + app.name + "/" + s.env.NewID(),
		app: app, attrs: attrs}
	app.endpoints = append(app.endpoints, e)
	s.stores[storeKey{app.account, app.region}].endpoints[e.arn] = e
	return &CreateEndpointResponse{EndpointArn: ptr(e.arn)}, nil
}

// GetEndpointAttributes returns Token, Enabled and CustomUserData. Errors:
// NotFound "Endpoint does not exist".
func (s *Service) GetEndpointAttributes(ctx context.Context, in *GetEndpointAttributesInput) (*GetEndpointAttributesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointByArn(in.EndpointArn, "EndpointArn")
	if err != nil {
		return nil, err
	}
	return &GetEndpointAttributesResponse{Attributes: maps.Clone(e.attrs)}, nil
}

// SetEndpointAttributes sets Token, Enabled or CustomUserData. Errors:
// NotFound, InvalidParameter for another attribute.
func (s *Service) SetEndpointAttributes(ctx context.Context, in *SetEndpointAttributesInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointByArn(in.EndpointArn, "EndpointArn")
	if err != nil {
		return nil, err
	}
	for k := range in.Attributes {
		if !endpointAttributeNames[k] {
			return nil, errInvalidParameter("Attributes Reason: Invalid attribute name: %s", k)
		}
	}
	maps.Copy(e.attrs, in.Attributes)
	return &awsapi.Empty{}, nil
}

// ListEndpointsByPlatformApplication lists an application's endpoints, 100
// per page. Errors: NotFound.
func (s *Service) ListEndpointsByPlatformApplication(ctx context.Context, in *ListEndpointsByPlatformApplicationInput) (*ListEndpointsByPlatformApplicationResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appByArn(ctx, in.PlatformApplicationArn)
	if err != nil {
		return nil, err
	}
	byArn := map[string]*platformEndpoint{}
	for _, e := range app.endpoints {
		byArn[e.arn] = e
	}
	page, next, err := paginate(slices.Sorted(maps.Keys(byArn)), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListEndpointsByPlatformApplicationResponse{Endpoints: []Endpoint{}, NextToken: next}
	for _, arn := range page {
		out.Endpoints = append(out.Endpoints, Endpoint{EndpointArn: ptr(arn), Attributes: maps.Clone(byArn[arn].attrs)})
	}
	return out, nil
}

// DeleteEndpoint deletes an endpoint; deleting one that does not exist
// succeeds.
func (s *Service) DeleteEndpoint(ctx context.Context, in *DeleteEndpointInput) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointByArn(in.EndpointArn, "EndpointArn")
	if _, missing := err.(*NotFoundException); missing {
		return &awsapi.Empty{}, nil
	}
	if err != nil {
		return nil, err
	}
	e.app.endpoints = slices.DeleteFunc(e.app.endpoints, func(x *platformEndpoint) bool { return x == e })
	delete(s.stores[storeKey{e.app.account, e.app.region}].endpoints, e.arn)
	return &awsapi.Empty{}, nil
}

// publishToEndpoint records a message published to a platform endpoint
// (TargetArn): the platform's entry of a MessageStructure=json message, else
// the default. Errors: InvalidParameter for an unknown endpoint,
// EndpointDisabled.
func (s *Service) publishToEndpoint(ctx context.Context, arn string, o *outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointByArn(&arn, "TargetArn")
	if err != nil {
		return errInvalidParameter("TargetArn Reason: No endpoint found for the target arn specified")
	}
	if e.attrs["Enabled"] != "true" {
		return &EndpointDisabledException{Message: ptr("Endpoint is disabled")}
	}
	o.messageID = s.env.NewID()
	s.record(e.app.account, e.app.region, Sent{Protocol: "application", Endpoint: arn, MessageID: o.messageID, Subject: o.subject,
		Type: "Notification", Body: o.forProtocol(e.app.platform), Time: s.env.Now()})
	return nil
}

// platformOf returns the platform an endpoint ARN names
// (...:endpoint/<platform>/<app>/<id>).
func platformOf(endpointArn string) string {
	_, rest, _ := strings.Cut(endpointArn, ":endpoint/")
	platform, _, _ := strings.Cut(rest, "/")
	return platform
}
