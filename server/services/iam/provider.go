// Package iam is the AWS Identity and Access Management provider: users,
// groups, roles, instance profiles, managed and inline policies with
// versions, access keys, identity providers, account settings, the policy
// simulator and (opt-in, ENFORCE_IAM=1) enforcement of identity policies on
// requests signed with emulator-issued keys. IAM is global: one store per
// account, whatever the request's region.
package iam

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env      awsapi.Env
	enforce  bool
	mu       sync.Mutex
	accounts map[string]*account
	sessions Sessions
}

// New returns the IAM provider. ENFORCE_IAM=1 (read from env.Getenv) turns
// on policy enforcement for emulator-issued keys (see README.md).
func New(env awsapi.Env) *Service {
	s := &Service{env: env, accounts: map[string]*account{}}
	if env.Getenv != nil {
		v := strings.ToLower(strings.TrimSpace(env.Getenv("ENFORCE_IAM")))
		s.enforce = v == "1" || v == "true"
	}
	return s
}

// account is one account's IAM entities. Maps are keyed by lower-cased
// name, since IAM names are unique case-insensitively (IAM User Guide,
// "IAM identifiers": "names must be unique within the account... not
// distinguished by case").
type account struct {
	Users            map[string]*user            `json:"users"`
	Groups           map[string]*group           `json:"groups"`
	Roles            map[string]*role            `json:"roles"`
	Policies         map[string]*managedPolicy   `json:"policies"` // by ARN
	InstanceProfiles map[string]*instanceProfile `json:"instance_profiles"`
	OIDC             map[string]*oidcProvider    `json:"oidc_providers"` // by ARN
	SAML             map[string]*samlProvider    `json:"saml_providers"` // by ARN
	Aliases          []string                    `json:"aliases,omitempty"`
	PasswordPolicy   *PasswordPolicy             `json:"password_policy,omitempty"`
	VirtualMFA       map[string]*mfaDevice       `json:"mfa_devices,omitempty"` // by serial
	ServerCerts      map[string]*serverCert      `json:"server_certificates,omitempty"`
	ReportAt         time.Time                   `json:"credential_report_at,omitzero"`
	STSTokenVersion  string                      `json:"sts_token_version,omitempty"`
	OutboundIssuer   string                      `json:"outbound_issuer,omitempty"` // set once enabled
	OutboundEnabled  bool                        `json:"outbound_enabled,omitempty"`
	AccessJobs       map[string]*accessJob       `json:"access_jobs,omitempty"` // service-last-accessed reports
}

func newAccount() *account {
	return &account{Users: map[string]*user{}, Groups: map[string]*group{}, Roles: map[string]*role{},
		Policies: map[string]*managedPolicy{}, InstanceProfiles: map[string]*instanceProfile{},
		OIDC: map[string]*oidcProvider{}, SAML: map[string]*samlProvider{}, VirtualMFA: map[string]*mfaDevice{},
		ServerCerts: map[string]*serverCert{}}
}

// tagged is an entity's tags in insertion order.
type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// principalBase is what users, groups and roles share.
type entity struct {
	Name     string            `json:"name"`
	Path     string            `json:"path"`
	ID       string            `json:"id"`
	ARN      string            `json:"arn"`
	Created  time.Time         `json:"created"`
	Inline   map[string]string `json:"inline,omitempty"`   // policy name -> document
	Attached []string          `json:"attached,omitempty"` // managed policy ARNs
	Tags     []tag             `json:"tags,omitempty"`
	Boundary string            `json:"boundary,omitempty"` // permissions boundary policy ARN
}

// acct returns the request's account store, creating it.
func (s *Service) acct(id string) *account {
	a, ok := s.accounts[id]
	if !ok {
		a = newAccount()
		s.accounts[id] = a
	}
	return a
}

func (s *Service) now() time.Time {
	if s.env.Now == nil {
		return time.Now().UTC().Truncate(time.Second)
	}
	return s.env.Now().UTC().Truncate(time.Second)
}

// uniqueID returns an IAM unique id: a four-letter prefix (AIDA user, AGPA
// group, AROA role, ANPA policy, AIPA instance profile) and 17 upper-case
// alphanumerics (IAM User Guide, "Unique identifiers").
func (s *Service) uniqueID(prefix string) string { return prefix + s.token(17, alnum) }

const (
	alnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
)

// token returns n characters of alphabet derived from the id source.
func (s *Service) token(n int, alphabet string) string { return Token(s.env, n, alphabet) }

// Token returns n characters of alphabet derived from env's id source
// (random UUIDs by default) through SHA-256, so tests injecting NewID get
// stable ids and any id format yields characters.
func Token(env awsapi.Env, n int, alphabet string) string {
	var b strings.Builder
	for b.Len() < n {
		id := strconv.FormatInt(time.Now().UnixNano(), 16)
		if env.NewID != nil {
			id = env.NewID()
		}
		sum := sha256.Sum256([]byte(id))
		for _, c := range sum {
			if b.Len() == n {
				break
			}
			b.WriteByte(alphabet[int(c)%len(alphabet)])
		}
	}
	return b.String()
}

// AccessKeyID returns a 20-character key id: prefix (AKIA, ASIA), the
// account encoded the way AWS does (characters 4..11 base32 of
// account/2 + 549755813888, character 12 in the upper half of the base32
// alphabet when the account is odd; LocalStack decodes it the same way,
// localstack-runtime.md §6) and seven random characters.
func AccessKeyID(env awsapi.Env, prefix, account string) string {
	n, err := strconv.ParseInt(account, 10, 64)
	if err != nil || len(account) != 12 {
		n = 0
	}
	v := n/2 + 549755813888
	var enc [8]byte
	for i := 7; i >= 0; i-- {
		enc[i] = base32[v&31]
		v >>= 5
	}
	rnd := Token(env, 8, base32)
	idx := strings.IndexByte(base32, rnd[0]) % 16
	if n%2 == 1 {
		idx += 16
	}
	return prefix + string(enc[:]) + string(base32[idx]) + rnd[1:]
}

// AccountOfKey decodes the account AccessKeyID encoded (ok false when the
// key does not carry one).
func AccountOfKey(key string) (string, bool) {
	if len(key) != 20 {
		return "", false
	}
	var n int64
	for _, c := range key[4:12] {
		i := strings.IndexRune(base32, c)
		if i < 0 {
			return "", false
		}
		n = n<<5 | int64(i)
	}
	n = (n - 549755813888) * 2
	i := strings.IndexByte(base32, key[12])
	if i < 0 || n < 0 || n > 999999999998 {
		return "", false
	}
	if i >= 16 {
		n++
	}
	s := "000000000000" + strconv.FormatInt(n, 10)
	return s[len(s)-12:], true
}

func ptr[T any](v T) *T { return &v }

func val[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// arn builds arn:aws:iam::<account>:<kind><path><name>.
func arn(account, kind, path, name string) string {
	return "arn:aws:iam::" + account + ":" + kind + path + name
}

// newID is a fresh UUID-like id from the env (a time-derived one without).
func (s *Service) newID() string {
	if s.env.NewID != nil {
		return s.env.NewID()
	}
	t := s.token(32, "0123456789abcdef")
	return t[:8] + "-" + t[8:12] + "-" + t[12:16] + "-" + t[16:20] + "-" + t[20:]
}
