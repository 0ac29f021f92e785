package iam

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// --- OIDC providers

type oidcProvider struct {
	ARN         string    `json:"arn"`
	URL         string    `json:"url"`
	ClientIDs   []string  `json:"client_ids,omitempty"`
	Thumbprints []string  `json:"thumbprints,omitempty"`
	Created     time.Time `json:"created"`
	Tags        []tag     `json:"tags,omitempty"`
}

func (a *account) oidc(arnStr *string) (*oidcProvider, error) {
	p, ok := a.OIDC[val(arnStr)]
	if !ok {
		return nil, noSuchEntity("OpenIDConnect Provider not found for arn %s", val(arnStr))
	}
	return p, nil
}

// CreateOpenIDConnectProvider registers an OIDC identity provider; its ARN
// is arn:aws:iam::<account>:oidc-provider/<url without https://>.
// Errors: EntityAlreadyExists, ValidationError for a URL without https://.
func (s *Service) CreateOpenIDConnectProvider(ctx context.Context, in *CreateOpenIDConnectProviderRequest) (*CreateOpenIDConnectProviderResponse, error) {
	acct := requestAccount(ctx)
	u := val(in.Url)
	host, ok := strings.CutPrefix(u, "https://")
	if !ok || host == "" {
		return nil, &awsapi.Error{Code: "ValidationError", Status: 400, Sender: true, Message: "Invalid Open ID Connect Provider URL"}
	}
	if len(in.ThumbprintList) > 5 {
		return nil, invalidInput("Thumbprint list must contain fewer than 5 entries.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	pArn := "arn:aws:iam::" + acct + ":oidc-provider/" + strings.TrimSuffix(host, "/")
	if _, ok := a.OIDC[pArn]; ok {
		return nil, alreadyExists("Provider with url %s already exists.", u)
	}
	a.OIDC[pArn] = &oidcProvider{ARN: pArn, URL: u, ClientIDs: in.ClientIDList, Thumbprints: in.ThumbprintList, Created: s.now(), Tags: fromAPITags(in.Tags)}
	return &CreateOpenIDConnectProviderResponse{OpenIDConnectProviderArn: ptr(pArn), Tags: in.Tags}, nil
}

// GetOpenIDConnectProvider returns a provider (Url without the scheme, as AWS).
func (s *Service) GetOpenIDConnectProvider(ctx context.Context, in *GetOpenIDConnectProviderRequest) (*GetOpenIDConnectProviderResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).oidc(in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	return &GetOpenIDConnectProviderResponse{Url: ptr(strings.TrimPrefix(p.URL, "https://")), ClientIDList: p.ClientIDs,
		ThumbprintList: p.Thumbprints, CreateDate: ptr(p.Created), Tags: apiTags(p.Tags)}, nil
}

// ListOpenIDConnectProviders lists provider ARNs.
func (s *Service) ListOpenIDConnectProviders(ctx context.Context, _ *ListOpenIDConnectProvidersRequest) (*ListOpenIDConnectProvidersResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []OpenIDConnectProviderListEntry{}
	for _, p := range sortedValues(s.acct(requestAccount(ctx)).OIDC) {
		out = append(out, OpenIDConnectProviderListEntry{Arn: ptr(p.ARN)})
	}
	return &ListOpenIDConnectProvidersResponse{OpenIDConnectProviderList: out}, nil
}

// DeleteOpenIDConnectProvider deletes a provider.
func (s *Service) DeleteOpenIDConnectProvider(ctx context.Context, in *DeleteOpenIDConnectProviderRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.oidc(in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	delete(a.OIDC, p.ARN)
	return &awsapi.Empty{}, nil
}

// AddClientIDToOpenIDConnectProvider adds an audience (idempotent).
func (s *Service) AddClientIDToOpenIDConnectProvider(ctx context.Context, in *AddClientIDToOpenIDConnectProviderRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).oidc(in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(p.ClientIDs, val(in.ClientID)) {
		p.ClientIDs = append(p.ClientIDs, val(in.ClientID))
	}
	return &awsapi.Empty{}, nil
}

// RemoveClientIDFromOpenIDConnectProvider removes an audience.
func (s *Service) RemoveClientIDFromOpenIDConnectProvider(ctx context.Context, in *RemoveClientIDFromOpenIDConnectProviderRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).oidc(in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	p.ClientIDs = slices.DeleteFunc(p.ClientIDs, func(c string) bool { return c == val(in.ClientID) })
	return &awsapi.Empty{}, nil
}

// UpdateOpenIDConnectProviderThumbprint replaces the thumbprints.
func (s *Service) UpdateOpenIDConnectProviderThumbprint(ctx context.Context, in *UpdateOpenIDConnectProviderThumbprintRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).oidc(in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	p.Thumbprints = in.ThumbprintList
	return &awsapi.Empty{}, nil
}

// --- SAML providers

type samlProvider struct {
	ARN      string    `json:"arn"`
	Name     string    `json:"name"`
	UUID     string    `json:"uuid"`
	Metadata string    `json:"metadata"`
	Created  time.Time `json:"created"`
	Valid    time.Time `json:"valid_until"`
	Tags     []tag     `json:"tags,omitempty"`
}

func (a *account) saml(arnStr *string) (*samlProvider, error) {
	p, ok := a.SAML[val(arnStr)]
	if !ok {
		return nil, noSuchEntity("Manifest not found for arn %s", val(arnStr))
	}
	return p, nil
}

// CreateSAMLProvider registers a SAML identity provider
// (arn:aws:iam::<account>:saml-provider/<Name>).
func (s *Service) CreateSAMLProvider(ctx context.Context, in *CreateSAMLProviderRequest) (*CreateSAMLProviderResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	pArn := "arn:aws:iam::" + acct + ":saml-provider/" + val(in.Name)
	if _, ok := a.SAML[pArn]; ok {
		return nil, alreadyExists("SAMLProvider %s already exists.", val(in.Name))
	}
	now := s.now()
	a.SAML[pArn] = &samlProvider{ARN: pArn, Name: val(in.Name), UUID: s.newID(), Metadata: val(in.SAMLMetadataDocument),
		Created: now, Valid: now.AddDate(100, 0, 0), Tags: fromAPITags(in.Tags)}
	return &CreateSAMLProviderResponse{SAMLProviderArn: ptr(pArn), Tags: in.Tags}, nil
}

// GetSAMLProvider returns the metadata document.
func (s *Service) GetSAMLProvider(ctx context.Context, in *GetSAMLProviderRequest) (*GetSAMLProviderResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).saml(in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	return &GetSAMLProviderResponse{SAMLProviderUUID: ptr(p.UUID), SAMLMetadataDocument: ptr(p.Metadata), CreateDate: ptr(p.Created),
		ValidUntil: ptr(p.Valid), Tags: apiTags(p.Tags)}, nil
}

// ListSAMLProviders lists providers.
func (s *Service) ListSAMLProviders(ctx context.Context, _ *ListSAMLProvidersRequest) (*ListSAMLProvidersResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []SAMLProviderListEntry{}
	for _, p := range sortedValues(s.acct(requestAccount(ctx)).SAML) {
		out = append(out, SAMLProviderListEntry{Arn: ptr(p.ARN), CreateDate: ptr(p.Created), ValidUntil: ptr(p.Valid)})
	}
	return &ListSAMLProvidersResponse{SAMLProviderList: out}, nil
}

// UpdateSAMLProvider replaces the metadata document.
func (s *Service) UpdateSAMLProvider(ctx context.Context, in *UpdateSAMLProviderRequest) (*UpdateSAMLProviderResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.acct(requestAccount(ctx)).saml(in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	if in.SAMLMetadataDocument != nil {
		p.Metadata = *in.SAMLMetadataDocument
	}
	return &UpdateSAMLProviderResponse{SAMLProviderArn: ptr(p.ARN)}, nil
}

// DeleteSAMLProvider deletes a provider.
func (s *Service) DeleteSAMLProvider(ctx context.Context, in *DeleteSAMLProviderRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	p, err := a.saml(in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	delete(a.SAML, p.ARN)
	return &awsapi.Empty{}, nil
}

// --- account alias and password policy

// CreateAccountAlias sets the account's alias (an account has at most one).
func (s *Service) CreateAccountAlias(ctx context.Context, in *CreateAccountAliasRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if slices.Contains(a.Aliases, val(in.AccountAlias)) {
		return nil, alreadyExists("The account alias %s already exists.", val(in.AccountAlias))
	}
	a.Aliases = []string{val(in.AccountAlias)}
	return &awsapi.Empty{}, nil
}

// ListAccountAliases lists the alias.
func (s *Service) ListAccountAliases(ctx context.Context, _ *ListAccountAliasesRequest) (*ListAccountAliasesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &ListAccountAliasesResponse{AccountAliases: append([]string{}, s.acct(requestAccount(ctx)).Aliases...), IsTruncated: ptr(false)}, nil
}

// DeleteAccountAlias removes the alias.
func (s *Service) DeleteAccountAlias(ctx context.Context, in *DeleteAccountAliasRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if !slices.Contains(a.Aliases, val(in.AccountAlias)) {
		return nil, noSuchEntity("The account alias %s cannot be found.", val(in.AccountAlias))
	}
	a.Aliases = nil
	return &awsapi.Empty{}, nil
}

// UpdateAccountPasswordPolicy sets the password policy; omitted members
// take AWS's defaults (IAM API Reference, UpdateAccountPasswordPolicy).
func (s *Service) UpdateAccountPasswordPolicy(ctx context.Context, in *UpdateAccountPasswordPolicyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &PasswordPolicy{MinimumPasswordLength: ptr(int32(6)), RequireSymbols: ptr(val(in.RequireSymbols)), RequireNumbers: ptr(val(in.RequireNumbers)),
		RequireUppercaseCharacters: ptr(val(in.RequireUppercaseCharacters)), RequireLowercaseCharacters: ptr(val(in.RequireLowercaseCharacters)),
		AllowUsersToChangePassword: ptr(val(in.AllowUsersToChangePassword)), HardExpiry: in.HardExpiry, ExpirePasswords: ptr(val(in.MaxPasswordAge) > 0)}
	if in.MinimumPasswordLength != nil {
		p.MinimumPasswordLength = in.MinimumPasswordLength
	}
	if in.MaxPasswordAge != nil && *in.MaxPasswordAge > 0 {
		p.MaxPasswordAge = in.MaxPasswordAge
	}
	if in.PasswordReusePrevention != nil && *in.PasswordReusePrevention > 0 {
		p.PasswordReusePrevention = in.PasswordReusePrevention
	}
	s.acct(requestAccount(ctx)).PasswordPolicy = p
	return &awsapi.Empty{}, nil
}

// GetAccountPasswordPolicy returns the policy. Errors: NoSuchEntity when none is set.
func (s *Service) GetAccountPasswordPolicy(ctx context.Context, _ *awsapi.Empty) (*GetAccountPasswordPolicyResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := requestAccount(ctx)
	p := s.acct(acct).PasswordPolicy
	if p == nil {
		return nil, noSuchEntity("The Password Policy with domain name %s cannot be found.", acct)
	}
	return &GetAccountPasswordPolicyResponse{PasswordPolicy: p}, nil
}

// DeleteAccountPasswordPolicy removes the policy.
func (s *Service) DeleteAccountPasswordPolicy(ctx context.Context, _ *awsapi.Empty) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if a.PasswordPolicy == nil {
		return nil, noSuchEntity("The account policy with name PasswordPolicy cannot be found.")
	}
	a.PasswordPolicy = nil
	return &awsapi.Empty{}, nil
}

// checkPassword applies the account's password policy. Errors: PasswordPolicyViolation.
func (a *account) checkPassword(pw string) error {
	p := a.PasswordPolicy
	if p == nil {
		return nil
	}
	var fails []string
	if len(pw) < int(val(p.MinimumPasswordLength)) {
		fails = append(fails, "Password should have at least "+itoa(int(val(p.MinimumPasswordLength)))+" characters")
	}
	has := func(f func(rune) bool) bool { return strings.IndexFunc(pw, f) >= 0 }
	if val(p.RequireSymbols) && !has(func(r rune) bool { return strings.ContainsRune("!@#$%^&*()_+-=[]{}|'", r) }) {
		fails = append(fails, "Password should have at least one symbol")
	}
	if val(p.RequireNumbers) && !has(unicode.IsDigit) {
		fails = append(fails, "Password should have at least one number")
	}
	if val(p.RequireUppercaseCharacters) && !has(unicode.IsUpper) {
		fails = append(fails, "Password should have at least one uppercase letter")
	}
	if val(p.RequireLowercaseCharacters) && !has(unicode.IsLower) {
		fails = append(fails, "Password should have at least one lowercase letter")
	}
	if len(fails) > 0 {
		return &PasswordPolicyViolationException{Message: ptr("Password does not conform to the account password policy: " + strings.Join(fails, ", "))}
	}
	return nil
}

// GetAccountSummary counts the account's entities and reports IAM's
// default quotas (IAM API Reference, GetAccountSummary).
func (s *Service) GetAccountSummary(ctx context.Context, _ *awsapi.Empty) (*GetAccountSummaryResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	var mfa int32
	for _, u := range a.Users {
		mfa += int32(len(u.MFA))
	}
	versions := int32(0)
	for _, p := range a.Policies {
		versions += int32(len(p.Versions))
	}
	m := map[string]int32{
		"Users": int32(len(a.Users)), "UsersQuota": 5000, "Groups": int32(len(a.Groups)), "GroupsQuota": 300,
		"Roles": int32(len(a.Roles)), "RolesQuota": 1000, "Policies": int32(len(a.Policies)), "PoliciesQuota": 1500,
		"InstanceProfiles": int32(len(a.InstanceProfiles)), "InstanceProfilesQuota": 1000,
		"ServerCertificates": 0, "ServerCertificatesQuota": 20, "Providers": int32(len(a.OIDC) + len(a.SAML)),
		"MFADevices": int32(len(a.VirtualMFA)), "MFADevicesInUse": mfa, "AccountMFAEnabled": 0,
		"AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0, "AccessKeysPerUserQuota": 2,
		"GroupsPerUserQuota": 10, "AttachedPoliciesPerUserQuota": 10, "AttachedPoliciesPerGroupQuota": 10,
		"AttachedPoliciesPerRoleQuota": 10, "PolicySizeQuota": 6144, "PolicyVersionsInUse": versions,
		"PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": 5, "SigningCertificatesPerUserQuota": 2,
		"UserPolicySizeQuota": 2048, "GroupPolicySizeQuota": 5120, "RolePolicySizeQuota": 10240,
		"AssumeRolePolicySizeQuota": 2048, "GlobalEndpointTokenVersion": 1,
	}
	if a.STSTokenVersion == "v2Token" {
		m["GlobalEndpointTokenVersion"] = 2
	}
	return &GetAccountSummaryResponse{SummaryMap: m}, nil
}

// --- virtual MFA devices

type mfaDevice struct {
	Serial  string    `json:"serial"`
	Seed    string    `json:"seed"`
	User    string    `json:"user,omitempty"`
	Enabled time.Time `json:"enabled,omitzero"`
	Tags    []tag     `json:"tags,omitempty"`
}

// CreateVirtualMFADevice creates a device (arn:aws:iam::<account>:mfa<path><name>) with a base32 seed.
func (s *Service) CreateVirtualMFADevice(ctx context.Context, in *CreateVirtualMFADeviceRequest) (*CreateVirtualMFADeviceResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	serial := arn(acct, "mfa", pathOr(in.Path), val(in.VirtualMFADeviceName))
	if _, ok := a.VirtualMFA[serial]; ok {
		return nil, alreadyExists("MFADevice entity at the same path and name already exists.")
	}
	d := &mfaDevice{Serial: serial, Seed: s.token(64, base32), Tags: fromAPITags(in.Tags)}
	a.VirtualMFA[serial] = d
	return &CreateVirtualMFADeviceResponse{VirtualMFADevice: &VirtualMFADevice{SerialNumber: ptr(serial), Base32StringSeed: []byte(d.Seed),
		QRCodePNG: []byte(base64.StdEncoding.EncodeToString([]byte("otpauth://totp/" + serial))), Tags: apiTags(d.Tags)}}, nil
}

// DeleteVirtualMFADevice deletes an unassigned device. Errors: DeleteConflict.
func (s *Service) DeleteVirtualMFADevice(ctx context.Context, in *DeleteVirtualMFADeviceRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	d, ok := a.VirtualMFA[val(in.SerialNumber)]
	if !ok {
		return nil, noSuchEntity("VirtualMFADevice with serial number %s doesn't exist.", val(in.SerialNumber))
	}
	if d.User != "" {
		return nil, deleteConflict("VirtualMFADevice %s is still assigned to a user.", d.Serial)
	}
	delete(a.VirtualMFA, d.Serial)
	return &awsapi.Empty{}, nil
}

// ListVirtualMFADevices lists devices by AssignmentStatus (Assigned, Unassigned, Any).
func (s *Service) ListVirtualMFADevices(ctx context.Context, in *ListVirtualMFADevicesRequest) (*ListVirtualMFADevicesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	out := []VirtualMFADevice{}
	for _, d := range sortedValues(a.VirtualMFA) {
		st := val(in.AssignmentStatus)
		if st == "Assigned" && d.User == "" || st == "Unassigned" && d.User != "" {
			continue
		}
		x := VirtualMFADevice{SerialNumber: ptr(d.Serial), Tags: apiTags(d.Tags)}
		if u, ok := a.Users[strings.ToLower(d.User)]; ok {
			ux := u.api()
			ux.Tags = nil
			x.User, x.EnableDate = &ux, ptr(d.Enabled)
		}
		out = append(out, x)
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListVirtualMFADevicesResponse{VirtualMFADevices: items, IsTruncated: trunc, Marker: marker}, nil
}

// EnableMFADevice assigns a device to a user. The two codes are not checked
// (the emulator has no clock-synchronised device).
func (s *Service) EnableMFADevice(ctx context.Context, in *EnableMFADeviceRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	d, ok := a.VirtualMFA[val(in.SerialNumber)]
	if !ok {
		d = &mfaDevice{Serial: val(in.SerialNumber)} // hardware device
		a.VirtualMFA[d.Serial] = d
	}
	if d.User != "" {
		return nil, alreadyExists("MFA Device is already in use.")
	}
	d.User, d.Enabled = u.Name, s.now()
	u.MFA = append(u.MFA, d.Serial)
	return &awsapi.Empty{}, nil
}

// DeactivateMFADevice unassigns a device.
func (s *Service) DeactivateMFADevice(ctx context.Context, in *DeactivateMFADeviceRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	i := slices.Index(u.MFA, val(in.SerialNumber))
	if i < 0 {
		return nil, noSuchEntity("MFA Device with serial number %s does not exist.", val(in.SerialNumber))
	}
	u.MFA = slices.Delete(u.MFA, i, i+1)
	if d, ok := a.VirtualMFA[val(in.SerialNumber)]; ok {
		d.User, d.Enabled = "", time.Time{}
	}
	return &awsapi.Empty{}, nil
}

// ListMFADevices lists a user's devices.
func (s *Service) ListMFADevices(ctx context.Context, in *ListMFADevicesRequest) (*ListMFADevicesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.UserName == nil && !s.callerIsUserLocked(ctx) {
		return &ListMFADevicesResponse{MFADevices: []MFADevice{}, IsTruncated: ptr(false)}, nil
	}
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	out := []MFADevice{}
	for _, serial := range u.MFA {
		x := MFADevice{UserName: ptr(u.Name), SerialNumber: ptr(serial)}
		if d, ok := a.VirtualMFA[serial]; ok {
			x.EnableDate = ptr(d.Enabled)
		}
		out = append(out, x)
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListMFADevicesResponse{MFADevices: items, IsTruncated: trunc, Marker: marker}, nil
}
