package iam

import (
	"strings"
)

// TrustDenied checks, with ENFORCE_IAM on, that a role's trust policy lets
// caller assume it (IAM User Guide, "Policy evaluation logic" for role
// trust: the trust policy must allow the principal and no statement may
// deny it). It returns "" when allowed — always when enforcement is off
// or the caller is not an emulator-issued principal (LocalStack
// compatibility) — and otherwise AWS's AccessDenied message.
func (s *Service) TrustDenied(roleArn string, caller Principal, externalID string) string {
	if !s.enforce || caller.Root || caller.ARN == "" {
		return ""
	}
	denied := "User: " + caller.ARN + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn
	parts := strings.SplitN(roleArn, ":", 6)
	if len(parts) != 6 {
		return denied
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[parts[4]]
	if !ok {
		return denied
	}
	r, ok := a.Roles[strings.ToLower(parts[5][strings.LastIndex(parts[5], "/")+1:])]
	if !ok {
		return denied
	}
	doc, err := parseDocument(r.TrustPolicy, trustPolicy)
	if err != nil {
		return denied
	}
	values := map[string][]string{"aws:principalarn": {caller.ARN}, "aws:principalaccount": {caller.Account}, "aws:userid": {caller.UserID}}
	if caller.UserName != "" {
		values["aws:username"] = []string{caller.UserName}
	}
	if externalID != "" {
		values["sts:externalid"] = []string{externalID}
	}
	c := evalContext{Action: "sts:AssumeRole", Resource: roleArn, Values: values}
	allowed := false
	for _, st := range doc.Statements {
		if st.Action != nil && !anyMatch(st.Action, c.Action, true, c) || st.NotAction != nil && anyMatch(st.NotAction, c.Action, true, c) {
			continue
		}
		if principalMatches(st.Principal, caller) == st.NotPrincipal {
			continue
		}
		if ok, _ := conditionsHold(st.Condition, c); !ok {
			continue
		}
		if st.Effect == "Deny" {
			return denied
		}
		allowed = true
	}
	if !allowed {
		return denied
	}
	return ""
}

// principalMatches reports whether a trust policy's AWS principals name
// the caller: "*", its account (id or :root ARN), its user ARN, its
// role's ARN or its assumed-role session ARN (IAM User Guide, "AWS JSON
// policy elements: Principal").
func principalMatches(principal map[string][]string, caller Principal) bool {
	for _, v := range principal["AWS"] {
		switch {
		case v == "*", v == caller.ARN, v == caller.Account, v == "arn:aws:iam::"+caller.Account+":root":
			return true
		case caller.RoleName != "" && strings.HasPrefix(v, "arn:aws:iam::"+caller.Account+":role/") &&
			v[strings.LastIndex(v, "/")+1:] == caller.RoleName:
			return true
		}
	}
	return false
}
