package iam

import (
	"context"
	"crypto/md5"
	"crypto/x509"
	"encoding/base64"
	"encoding/csv"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Server certificates, signing certificates, SSH public keys and
// service-specific credentials (IAM API Reference for each operation).

type serverCert struct {
	Name     string    `json:"name"`
	Path     string    `json:"path"`
	ID       string    `json:"id"`
	ARN      string    `json:"arn"`
	Body     string    `json:"body"`
	Chain    string    `json:"chain,omitempty"`
	Uploaded time.Time `json:"uploaded"`
	Expires  time.Time `json:"expires"`
	Tags     []tag     `json:"tags,omitempty"`
}

type signingCert struct {
	ID       string    `json:"id"`
	Body     string    `json:"body"`
	Status   string    `json:"status"`
	Uploaded time.Time `json:"uploaded"`
}

type sshKey struct {
	ID          string    `json:"id"`
	Body        string    `json:"body"`
	Fingerprint string    `json:"fingerprint"`
	Status      string    `json:"status"`
	Uploaded    time.Time `json:"uploaded"`
}

type serviceCred struct {
	ID       string    `json:"id"`
	Service  string    `json:"service"`
	UserName string    `json:"service_user_name"`
	Password string    `json:"password"`
	Status   string    `json:"status"`
	Created  time.Time `json:"created"`
}

// parseCertificate reads a PEM certificate. Errors: MalformedCertificate.
func parseCertificate(body string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(body))
	if block == nil {
		return nil, &MalformedCertificateException{Message: ptr("Certificate body is invalid")}
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, &MalformedCertificateException{Message: ptr("Certificate body is invalid")}
	}
	return c, nil
}

func (c *serverCert) meta() *ServerCertificateMetadata {
	return &ServerCertificateMetadata{Path: ptr(c.Path), ServerCertificateName: ptr(c.Name), ServerCertificateId: ptr(c.ID), Arn: ptr(c.ARN),
		UploadDate: ptr(c.Uploaded), Expiration: ptr(c.Expires)}
}

func (a *account) serverCert(name *string) (*serverCert, error) {
	c, ok := a.ServerCerts[strings.ToLower(val(name))]
	if !ok {
		return nil, noSuchEntity("The Server Certificate with name %s cannot be found.", val(name))
	}
	return c, nil
}

// UploadServerCertificate stores a PEM certificate (its expiry read from
// it). Errors: EntityAlreadyExists, MalformedCertificate.
func (s *Service) UploadServerCertificate(ctx context.Context, in *UploadServerCertificateRequest) (*UploadServerCertificateResponse, error) {
	cert, err := parseCertificate(val(in.CertificateBody))
	if err != nil {
		return nil, err
	}
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	name := val(in.ServerCertificateName)
	if _, ok := a.ServerCerts[strings.ToLower(name)]; ok {
		return nil, alreadyExists("The Server Certificate with name %s already exists.", name)
	}
	path := pathOr(in.Path)
	c := &serverCert{Name: name, Path: path, ID: s.uniqueID("ASCA"), ARN: arn(acct, "server-certificate", path, name), Body: val(in.CertificateBody),
		Chain: val(in.CertificateChain), Uploaded: s.now(), Expires: cert.NotAfter.UTC(), Tags: fromAPITags(in.Tags)}
	a.ServerCerts[strings.ToLower(name)] = c
	return &UploadServerCertificateResponse{ServerCertificateMetadata: c.meta(), Tags: apiTags(c.Tags)}, nil
}

// GetServerCertificate returns a certificate with its body and chain.
func (s *Service) GetServerCertificate(ctx context.Context, in *GetServerCertificateRequest) (*GetServerCertificateResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.acct(requestAccount(ctx)).serverCert(in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	out := &ServerCertificate{ServerCertificateMetadata: c.meta(), CertificateBody: ptr(c.Body), Tags: apiTags(c.Tags)}
	if c.Chain != "" {
		out.CertificateChain = ptr(c.Chain)
	}
	return &GetServerCertificateResponse{ServerCertificate: out}, nil
}

// ListServerCertificates lists certificate metadata under PathPrefix.
func (s *Service) ListServerCertificates(ctx context.Context, in *ListServerCertificatesRequest) (*ListServerCertificatesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []ServerCertificateMetadata{}
	for _, c := range sortedValues(s.acct(requestAccount(ctx)).ServerCerts) {
		if strings.HasPrefix(c.Path, pathOr(in.PathPrefix)) {
			out = append(out, *c.meta())
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListServerCertificatesResponse{ServerCertificateMetadataList: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateServerCertificate renames or moves a certificate.
func (s *Service) UpdateServerCertificate(ctx context.Context, in *UpdateServerCertificateRequest) (*awsapi.Empty, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	c, err := a.serverCert(in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	if n := val(in.NewServerCertificateName); n != "" && !strings.EqualFold(n, c.Name) {
		if _, ok := a.ServerCerts[strings.ToLower(n)]; ok {
			return nil, alreadyExists("The Server Certificate with name %s already exists.", n)
		}
		delete(a.ServerCerts, strings.ToLower(c.Name))
		c.Name = n
		a.ServerCerts[strings.ToLower(n)] = c
	}
	if in.NewPath != nil {
		c.Path = *in.NewPath
	}
	c.ARN = arn(acct, "server-certificate", c.Path, c.Name)
	return &awsapi.Empty{}, nil
}

// DeleteServerCertificate deletes a certificate.
func (s *Service) DeleteServerCertificate(ctx context.Context, in *DeleteServerCertificateRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	c, err := a.serverCert(in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	delete(a.ServerCerts, strings.ToLower(c.Name))
	return &awsapi.Empty{}, nil
}

func (s *Service) certTags(ctx context.Context, name *string) (*[]tag, error) {
	c, err := s.acct(requestAccount(ctx)).serverCert(name)
	if err != nil {
		return nil, err
	}
	return &c.Tags, nil
}

// TagServerCertificate adds or replaces tags.
func (s *Service) TagServerCertificate(ctx context.Context, in *TagServerCertificateRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.certTags(ctx, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	if err := checkTags(*tags, in.Tags); err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		*tags = mergeTag(*tags, tag{Key: val(t.Key), Value: val(t.Value)})
	}
	return &awsapi.Empty{}, nil
}

// UntagServerCertificate removes tags by key.
func (s *Service) UntagServerCertificate(ctx context.Context, in *UntagServerCertificateRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.certTags(ctx, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	*tags = slices.DeleteFunc(*tags, func(t tag) bool {
		return slices.ContainsFunc(in.TagKeys, func(k string) bool { return strings.EqualFold(k, t.Key) })
	})
	return &awsapi.Empty{}, nil
}

// ListServerCertificateTags lists tags.
func (s *Service) ListServerCertificateTags(ctx context.Context, in *ListServerCertificateTagsRequest) (*ListServerCertificateTagsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.certTags(ctx, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	out := apiTags(*tags)
	if out == nil {
		out = []Tag{}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListServerCertificateTagsResponse{Tags: items, IsTruncated: trunc, Marker: marker}, nil
}

// --- signing certificates (X.509 for SOAP-era services; up to two per user)

// UploadSigningCertificate stores a user's certificate. Errors:
// MalformedCertificate, DuplicateCertificate, LimitExceeded.
func (s *Service) UploadSigningCertificate(ctx context.Context, in *UploadSigningCertificateRequest) (*UploadSigningCertificateResponse, error) {
	if _, err := parseCertificate(val(in.CertificateBody)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), in.UserName)
	if err != nil {
		return nil, err
	}
	for _, c := range u.Certs {
		if c.Body == val(in.CertificateBody) {
			return nil, &DuplicateCertificateException{Message: ptr("The Certificate with id " + c.ID + " already exists.")}
		}
	}
	if len(u.Certs) >= 2 {
		return nil, limitExceeded("Cannot exceed quota for SigningCertificatesPerUser: 2")
	}
	c := &signingCert{ID: s.token(32, alnum), Body: val(in.CertificateBody), Status: "Active", Uploaded: s.now()}
	u.Certs = append(u.Certs, c)
	return &UploadSigningCertificateResponse{Certificate: c.api(u.Name)}, nil
}

func (c *signingCert) api(user string) *SigningCertificate {
	return &SigningCertificate{UserName: ptr(user), CertificateId: ptr(c.ID), CertificateBody: ptr(c.Body), Status: ptr(c.Status), UploadDate: ptr(c.Uploaded)}
}

// ListSigningCertificates lists a user's certificates.
func (s *Service) ListSigningCertificates(ctx context.Context, in *ListSigningCertificatesRequest) (*ListSigningCertificatesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), in.UserName)
	if err != nil {
		return nil, err
	}
	out := []SigningCertificate{}
	for _, c := range u.Certs {
		out = append(out, *c.api(u.Name))
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListSigningCertificatesResponse{Certificates: items, IsTruncated: trunc, Marker: marker}, nil
}

func (s *Service) signingCert(ctx context.Context, userName, id *string) (*user, int, error) {
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), userName)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(u.Certs, func(c *signingCert) bool { return c.ID == val(id) })
	if i < 0 {
		return nil, 0, noSuchEntity("The Certificate with id %s cannot be found.", val(id))
	}
	return u, i, nil
}

// UpdateSigningCertificate sets a certificate Active or Inactive.
func (s *Service) UpdateSigningCertificate(ctx context.Context, in *UpdateSigningCertificateRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.signingCert(ctx, in.UserName, in.CertificateId)
	if err != nil {
		return nil, err
	}
	u.Certs[i].Status = val(in.Status)
	return &awsapi.Empty{}, nil
}

// DeleteSigningCertificate deletes a certificate.
func (s *Service) DeleteSigningCertificate(ctx context.Context, in *DeleteSigningCertificateRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.signingCert(ctx, in.UserName, in.CertificateId)
	if err != nil {
		return nil, err
	}
	u.Certs = slices.Delete(u.Certs, i, i+1)
	return &awsapi.Empty{}, nil
}

// --- SSH public keys (CodeCommit)

// sshFingerprint is the MD5 digest of the key's binary form, as colon-
// separated hex (IAM API Reference, SSHPublicKey.Fingerprint). Errors:
// UnrecognizedPublicKeyEncoding for anything but an OpenSSH "type base64"
// key or a PEM public key.
func sshFingerprint(body string) (string, error) {
	fields := strings.Fields(body)
	var raw []byte
	switch {
	case len(fields) >= 2 && strings.HasPrefix(fields[0], "ssh-") || len(fields) >= 2 && strings.HasPrefix(fields[0], "ecdsa-"):
		b, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil {
			return "", &UnrecognizedPublicKeyEncodingException{Message: ptr("Unrecognized public key encoding.")}
		}
		raw = b
	default:
		block, _ := pem.Decode([]byte(body))
		if block == nil {
			return "", &UnrecognizedPublicKeyEncodingException{Message: ptr("Unrecognized public key encoding.")}
		}
		raw = block.Bytes
	}
	sum := md5.Sum(raw)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return strings.Join(parts, ":"), nil
}

func (k *sshKey) api(user string, withBody bool) *SSHPublicKey {
	out := &SSHPublicKey{UserName: ptr(user), SSHPublicKeyId: ptr(k.ID), Fingerprint: ptr(k.Fingerprint), Status: ptr(k.Status), UploadDate: ptr(k.Uploaded)}
	if withBody {
		out.SSHPublicKeyBody = ptr(k.Body)
	}
	return out
}

// UploadSSHPublicKey stores a user's key (id APKA...). Errors:
// UnrecognizedPublicKeyEncoding, DuplicateSSHPublicKey, LimitExceeded (5 keys).
func (s *Service) UploadSSHPublicKey(ctx context.Context, in *UploadSSHPublicKeyRequest) (*UploadSSHPublicKeyResponse, error) {
	fp, err := sshFingerprint(val(in.SSHPublicKeyBody))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), in.UserName)
	if err != nil {
		return nil, err
	}
	for _, k := range u.SSH {
		if k.Fingerprint == fp {
			return nil, &DuplicateSSHPublicKeyException{Message: ptr("The SSH public key with fingerprint " + fp + " already exists.")}
		}
	}
	if len(u.SSH) >= 5 {
		return nil, limitExceeded("Cannot exceed quota for SSHPublicKeysPerUser: 5")
	}
	k := &sshKey{ID: s.uniqueID("APKA"), Body: val(in.SSHPublicKeyBody), Fingerprint: fp, Status: "Active", Uploaded: s.now()}
	u.SSH = append(u.SSH, k)
	return &UploadSSHPublicKeyResponse{SSHPublicKey: k.api(u.Name, true)}, nil
}

func (s *Service) sshKey(ctx context.Context, userName, id *string) (*user, int, error) {
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), userName)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(u.SSH, func(k *sshKey) bool { return k.ID == val(id) })
	if i < 0 {
		return nil, 0, noSuchEntity("The Public Key with id %s cannot be found.", val(id))
	}
	return u, i, nil
}

// GetSSHPublicKey returns a key (Encoding SSH or PEM: the body as uploaded).
func (s *Service) GetSSHPublicKey(ctx context.Context, in *GetSSHPublicKeyRequest) (*GetSSHPublicKeyResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.sshKey(ctx, in.UserName, in.SSHPublicKeyId)
	if err != nil {
		return nil, err
	}
	return &GetSSHPublicKeyResponse{SSHPublicKey: u.SSH[i].api(u.Name, true)}, nil
}

// ListSSHPublicKeys lists a user's key metadata.
func (s *Service) ListSSHPublicKeys(ctx context.Context, in *ListSSHPublicKeysRequest) (*ListSSHPublicKeysResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), in.UserName)
	if err != nil {
		return nil, err
	}
	out := []SSHPublicKeyMetadata{}
	for _, k := range u.SSH {
		out = append(out, SSHPublicKeyMetadata{UserName: ptr(u.Name), SSHPublicKeyId: ptr(k.ID), Status: ptr(k.Status), UploadDate: ptr(k.Uploaded)})
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListSSHPublicKeysResponse{SSHPublicKeys: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateSSHPublicKey sets a key Active or Inactive.
func (s *Service) UpdateSSHPublicKey(ctx context.Context, in *UpdateSSHPublicKeyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.sshKey(ctx, in.UserName, in.SSHPublicKeyId)
	if err != nil {
		return nil, err
	}
	u.SSH[i].Status = val(in.Status)
	return &awsapi.Empty{}, nil
}

// DeleteSSHPublicKey deletes a key.
func (s *Service) DeleteSSHPublicKey(ctx context.Context, in *DeleteSSHPublicKeyRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.sshKey(ctx, in.UserName, in.SSHPublicKeyId)
	if err != nil {
		return nil, err
	}
	u.SSH = slices.Delete(u.SSH, i, i+1)
	return &awsapi.Empty{}, nil
}

// --- service-specific credentials (CodeCommit, Keyspaces; two per service per user)

func (c *serviceCred) meta(user string) ServiceSpecificCredentialMetadata {
	return ServiceSpecificCredentialMetadata{UserName: ptr(user), Status: ptr(c.Status), ServiceUserName: ptr(c.UserName), CreateDate: ptr(c.Created),
		ServiceSpecificCredentialId: ptr(c.ID), ServiceName: ptr(c.Service)}
}

func (c *serviceCred) full(user string) *ServiceSpecificCredential {
	return &ServiceSpecificCredential{CreateDate: ptr(c.Created), ServiceName: ptr(c.Service), ServiceUserName: ptr(c.UserName),
		ServicePassword: ptr(c.Password), ServiceSpecificCredentialId: ptr(c.ID), UserName: ptr(user), Status: ptr(c.Status)}
}

// CreateServiceSpecificCredential creates a user name and password for a
// service (ServiceUserName <user>-at-<account>). Errors: LimitExceeded.
func (s *Service) CreateServiceSpecificCredential(ctx context.Context, in *CreateServiceSpecificCredentialRequest) (*CreateServiceSpecificCredentialResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.findUser(ctx, s.acct(acct), in.UserName)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, c := range u.Creds {
		if c.Service == val(in.ServiceName) {
			n++
		}
	}
	if n >= 2 {
		return nil, limitExceeded("Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2")
	}
	c := &serviceCred{ID: s.uniqueID("ACCA"), Service: val(in.ServiceName), UserName: u.Name + "-at-" + acct,
		Password: Token(s.env, 44, alnum+"abcdefghijklmnopqrstuvwxyz+/="), Status: "Active", Created: s.now()}
	u.Creds = append(u.Creds, c)
	return &CreateServiceSpecificCredentialResponse{ServiceSpecificCredential: c.full(u.Name)}, nil
}

// ListServiceSpecificCredentials lists a user's credentials (optionally one service's).
func (s *Service) ListServiceSpecificCredentials(ctx context.Context, in *ListServiceSpecificCredentialsRequest) (*ListServiceSpecificCredentialsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	var users []*user
	if val(in.AllUsers) {
		users = sortedValues(a.Users)
	} else {
		u, err := s.findUser(ctx, a, in.UserName)
		if err != nil {
			return nil, err
		}
		users = []*user{u}
	}
	out := []ServiceSpecificCredentialMetadata{}
	for _, u := range users {
		for _, c := range u.Creds {
			if in.ServiceName == nil || c.Service == *in.ServiceName {
				out = append(out, c.meta(u.Name))
			}
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListServiceSpecificCredentialsResponse{ServiceSpecificCredentials: items, IsTruncated: trunc, Marker: marker}, nil
}

func (s *Service) serviceCred(ctx context.Context, userName, id *string) (*user, int, error) {
	u, err := s.findUser(ctx, s.acct(requestAccount(ctx)), userName)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(u.Creds, func(c *serviceCred) bool { return c.ID == val(id) })
	if i < 0 {
		return nil, 0, noSuchEntity("No such credential %s exists", val(id))
	}
	return u, i, nil
}

// ResetServiceSpecificCredential issues a new password.
func (s *Service) ResetServiceSpecificCredential(ctx context.Context, in *ResetServiceSpecificCredentialRequest) (*ResetServiceSpecificCredentialResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.serviceCred(ctx, in.UserName, in.ServiceSpecificCredentialId)
	if err != nil {
		return nil, err
	}
	u.Creds[i].Password = Token(s.env, 44, alnum+"abcdefghijklmnopqrstuvwxyz+/=")
	return &ResetServiceSpecificCredentialResponse{ServiceSpecificCredential: u.Creds[i].full(u.Name)}, nil
}

// UpdateServiceSpecificCredential sets Active or Inactive.
func (s *Service) UpdateServiceSpecificCredential(ctx context.Context, in *UpdateServiceSpecificCredentialRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.serviceCred(ctx, in.UserName, in.ServiceSpecificCredentialId)
	if err != nil {
		return nil, err
	}
	u.Creds[i].Status = val(in.Status)
	return &awsapi.Empty{}, nil
}

// DeleteServiceSpecificCredential deletes a credential.
func (s *Service) DeleteServiceSpecificCredential(ctx context.Context, in *DeleteServiceSpecificCredentialRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, i, err := s.serviceCred(ctx, in.UserName, in.ServiceSpecificCredentialId)
	if err != nil {
		return nil, err
	}
	u.Creds = slices.Delete(u.Creds, i, i+1)
	return &awsapi.Empty{}, nil
}

// --- credential report

// GenerateCredentialReport starts a report: STARTED the first time, then
// COMPLETE (IAM API Reference, GenerateCredentialReport; a report is
// regenerated after four hours).
func (s *Service) GenerateCredentialReport(ctx context.Context, _ *awsapi.Empty) (*GenerateCredentialReportResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	now := s.now()
	if a.ReportAt.IsZero() || now.Sub(a.ReportAt) > 4*time.Hour {
		a.ReportAt = now
		return &GenerateCredentialReportResponse{State: ptr("STARTED"), Description: ptr("No report exists. Starting a new report generation task")}, nil
	}
	return &GenerateCredentialReportResponse{State: ptr("COMPLETE")}, nil
}

// GetCredentialReport returns the CSV report (columns from the IAM User
// Guide, "Getting credential reports"). Errors: CredentialReportNotPresent (410).
func (s *Service) GetCredentialReport(ctx context.Context, _ *awsapi.Empty) (*GetCredentialReportResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	if a.ReportAt.IsZero() {
		return nil, &CredentialReportNotPresentException{Message: ptr("Credential report not present")}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
		"mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
		"access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
		"access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"})
	iso := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05+00:00") }
	_ = w.Write([]string{"<root_account>", "arn:aws:iam::" + acct + ":root", iso(a.ReportAt), "not_supported", "no_information", "not_supported",
		"not_supported", "false", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"})
	for _, u := range sortedValues(a.Users) {
		row := []string{u.Name, u.ARN, iso(u.Created), "false", "N/A", "N/A", "N/A", fmt.Sprint(len(u.MFA) > 0)}
		if u.Login != nil {
			row[3], row[4], row[5] = "true", "no_information", iso(u.Login.Created)
		}
		for i := 0; i < 2; i++ {
			if i < len(u.Keys) {
				k := u.Keys[i]
				used, region, svc := "N/A", "N/A", "N/A"
				if !k.LastUsed.IsZero() {
					used, region, svc = iso(k.LastUsed), k.Region, k.Service
				}
				row = append(row, fmt.Sprint(k.Status == "Active"), iso(k.Created), used, region, svc)
			} else {
				row = append(row, "false", "N/A", "N/A", "N/A", "N/A")
			}
		}
		for i := 0; i < 2; i++ {
			if i < len(u.Certs) {
				row = append(row, fmt.Sprint(u.Certs[i].Status == "Active"), iso(u.Certs[i].Uploaded))
			} else {
				row = append(row, "false", "N/A")
			}
		}
		_ = w.Write(row)
	}
	w.Flush()
	return &GetCredentialReportResponse{Content: []byte(b.String()), ReportFormat: ptr("text/csv"), GeneratedTime: ptr(a.ReportAt)}, nil
}

// --- small account settings

// GetMFADevice returns an assigned device.
func (s *Service) GetMFADevice(ctx context.Context, in *GetMFADeviceRequest) (*GetMFADeviceResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.acct(requestAccount(ctx)).VirtualMFA[val(in.SerialNumber)]
	if !ok || d.User == "" {
		return nil, noSuchEntity("MFA Device with serial number %s does not exist.", val(in.SerialNumber))
	}
	return &GetMFADeviceResponse{UserName: ptr(d.User), SerialNumber: ptr(d.Serial), EnableDate: ptr(d.Enabled)}, nil
}

// ResyncMFADevice accepts any codes for an assigned device.
func (s *Service) ResyncMFADevice(ctx context.Context, in *ResyncMFADeviceRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(u.MFA, val(in.SerialNumber)) {
		return nil, noSuchEntity("MFA Device with serial number %s does not exist.", val(in.SerialNumber))
	}
	return &awsapi.Empty{}, nil
}

// SetSecurityTokenServicePreferences records the global endpoint token
// version (v1Token or v2Token); GetAccountSummary reports it.
func (s *Service) SetSecurityTokenServicePreferences(ctx context.Context, in *SetSecurityTokenServicePreferencesRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acct(requestAccount(ctx)).STSTokenVersion = val(in.GlobalEndpointTokenVersion)
	return &awsapi.Empty{}, nil
}
