package iam

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Enforcement (ENFORCE_IAM=1, beyond LocalStack community; README.md):
// requests signed with emulator-issued keys are evaluated against the
// principal's identity policies. Other keys ("test", 12-digit accounts)
// stay unrestricted, as in LocalStack.

// AccessKeyAccount returns the account of an emulator-issued access key
// (IAM user key or STS temporary key); the gateway serves the request in it.
func (s *Service) AccessKeyAccount(accessKey string) (string, bool) {
	if !issuedKeyShape(accessKey) {
		return "", false // "test", account ids...: no lock on the hot path
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.principalLocked(accessKey)
	if !ok {
		return "", false
	}
	return p.Account, true
}

// Authorize evaluates the request in ctx (awsapi.Request: access key,
// region) for service (the IAM action prefix: s3, sqs, dynamodb...) and
// operation with the decoded input members. It returns empty strings when
// allowed; "AccessDenied" with AWS's message ("User: <arn> is not
// authorized to perform: <action> on resource: <arn> because ..."; IAM
// User Guide, "Troubleshoot access denied error messages"); or, for an
// Inactive user key, InvalidClientTokenId and for an expired session
// ExpiredToken (STS API Reference, "Common Errors").
func (s *Service) Authorize(ctx context.Context, service, operation string, input map[string]any) (string, string) {
	if !s.enforce {
		return "", ""
	}
	req := awsapi.RequestFrom(ctx)
	if !issuedKeyShape(req.AccessKey) {
		return "", ""
	}
	service = actionPrefix(service)
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.principalLocked(req.AccessKey)
	if !ok {
		return "", ""
	}
	if !p.Active {
		if p.Expiration.IsZero() {
			return "InvalidClientTokenId", "The security token included in the request is invalid."
		}
		return "ExpiredToken", "The security token included in the request is expired"
	}
	if p.Root || service == "sts" && operation == "GetCallerIdentity" {
		return "", "" // GetCallerIdentity needs no permission (STS API Reference)
	}
	s.noteKeyUsed(req, service)
	action := service + ":" + actionName(service, operation)
	identity, boundary, session := s.policiesOf(p)
	values := requestContext(p, req, s.now().Unix())
	for _, res := range resourcesOf(service, operation, input, req) {
		ev := evaluate(identity, boundary, session, evalContext{Action: action, Resource: res, Values: values})
		if ev.Decision == decisionAllowed {
			continue
		}
		shown := res
		if service == "s3" {
			shown = `"` + res + `"` // S3 quotes the resource in its message
		}
		why := "because no identity-based policy allows the " + action + " action"
		if ev.Decision == decisionExplicitDeny {
			why = "with an explicit deny in an identity-based policy"
		}
		return "AccessDenied", "User: " + p.ARN + " is not authorized to perform: " + action + " on resource: " + shown + " " + why
	}
	return "", ""
}

// issuedKeyShape reports whether a key could be one the emulator issued:
// 20 characters starting AKIA (IAM) or ASIA (STS).
func issuedKeyShape(key string) bool {
	return len(key) == 20 && (strings.HasPrefix(key, "AKIA") || strings.HasPrefix(key, "ASIA"))
}

func (s *Service) noteKeyUsed(req *awsapi.Request, service string) {
	for _, a := range s.accounts {
		for _, u := range a.Users {
			for _, k := range u.Keys {
				if k.ID == req.AccessKey {
					k.LastUsed, k.Service, k.Region = s.now(), service, req.Region
				}
			}
		}
	}
}

// requestContext holds the global condition keys the emulator knows
// (IAM User Guide, "AWS global condition context keys"); names lower-case.
func requestContext(p Principal, req *awsapi.Request, epoch int64) map[string][]string {
	v := map[string][]string{
		"aws:principalarn":     {p.ARN},
		"aws:principalaccount": {p.Account},
		"aws:userid":           {p.UserID},
		"aws:securetransport":  {strconv.FormatBool(req.Scheme == "https")},
		"aws:epochtime":        {strconv.FormatInt(epoch, 10)},
		"aws:currenttime":      {time.Unix(epoch, 0).UTC().Format(time.RFC3339)},
	}
	if req.Region != "" {
		v["aws:requestedregion"] = []string{req.Region}
	}
	if p.UserName != "" && p.RoleName == "" {
		v["aws:username"] = []string{p.UserName}
		v["aws:principaltype"] = []string{"User"}
	} else if p.RoleName != "" {
		v["aws:principaltype"] = []string{"AssumedRole"}
	}
	return v
}

// policiesOf gathers a principal's identity policies, permissions boundary
// and session policies (caller holds s.mu).
func (s *Service) policiesOf(p Principal) (identity, boundary, session []sourcePolicy) {
	a := s.acct(p.Account)
	add := func(e *entity, typ string) {
		for _, name := range sortedKeys(e.Inline) {
			if d, err := parseDocument(e.Inline[name], identityPolicy); err == nil {
				identity = append(identity, sourcePolicy{ID: name, Type: typ, Doc: d})
			}
		}
		for _, pa := range e.Attached {
			if mp, err := s.policy(a, pa); err == nil {
				if d, err := parseDocument(mp.defaultDoc(), identityPolicy); err == nil {
					identity = append(identity, sourcePolicy{ID: mp.ARN, Type: managedType(mp), Doc: d})
				}
			}
		}
		if e.Boundary != "" {
			if mp, err := s.policy(a, e.Boundary); err == nil {
				if d, err := parseDocument(mp.defaultDoc(), identityPolicy); err == nil {
					boundary = append(boundary, sourcePolicy{ID: mp.ARN, Type: managedType(mp), Doc: d})
				}
			}
		}
	}
	switch {
	case p.RoleName != "":
		if r, ok := a.Roles[strings.ToLower(p.RoleName)]; ok {
			add(&r.entity, "role")
		}
	case p.UserName != "":
		if u, ok := a.Users[strings.ToLower(p.UserName)]; ok {
			add(&u.entity, "user")
			for _, g := range u.Groups {
				if grp, ok := a.Groups[strings.ToLower(g)]; ok {
					gb := grp.entity
					gb.Boundary = ""
					add(&gb, "group")
				}
			}
		}
	}
	if p.SessionPolicy != "" || len(p.SessionPolicyArns) > 0 {
		session = []sourcePolicy{}
		if d, err := parseDocument(p.SessionPolicy, sessionPolicy); err == nil {
			session = append(session, sourcePolicy{ID: "session", Type: "none", Doc: d})
		}
		for _, pa := range p.SessionPolicyArns {
			if mp, err := s.policy(a, pa); err == nil {
				if d, err := parseDocument(mp.defaultDoc(), identityPolicy); err == nil {
					session = append(session, sourcePolicy{ID: mp.ARN, Type: managedType(mp), Doc: d})
				}
			}
		}
	}
	return identity, boundary, session
}

func managedType(p *managedPolicy) string {
	if p.AWSManaged {
		return "aws-managed"
	}
	return "user-managed"
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
