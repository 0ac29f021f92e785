package iam

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// document is a parsed policy (IAM User Guide, "IAM JSON policy element
// reference" and "Grammar of the IAM JSON policy language").
type document struct {
	Version    string
	Statements []statement
}

type statement struct {
	Sid          string
	Effect       string
	HasPrincipal bool
	Principal    map[string][]string // "*" becomes {"AWS": ["*"]}
	NotPrincipal bool
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	HasResource  bool
	Condition    map[string]map[string][]string // operator -> key -> values
	Index        int                            // position in the policy, from 1
}

// policy kinds: what validateDocument requires of a document.
type docKind int

const (
	identityPolicy docKind = iota // no Principal, Resource required
	trustPolicy                   // Principal required, no Resource
	sessionPolicy                 // as identity
)

// Messages AWS returns in MalformedPolicyDocument (observed wording).
const (
	msgSyntax       = "Syntax errors in policy."
	msgNoActions    = "Policy statement must contain actions."
	msgNoResources  = "Policy statement must contain resources."
	msgNoPrincipal  = "Policy document should not specify a principal."
	msgVendor       = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgOneColon     = "Actions/Condition can contain only one colon."
	msgUniqueSid    = "Statement IDs (SID) in a single policy must be unique."
	msgVersion      = "Policy document must be version 2012-10-17 or greater."
	msgMissingPrinc = "Missing required field Principal"
	msgResourceProh = "Has prohibited field Resource"
)

// validateDocument parses doc as kind and returns MalformedPolicyDocument
// with AWS's message for the first problem.
func validateDocument(doc string, kind docKind) error {
	_, err := parseDocument(doc, kind)
	return err
}

// parseDocument parses and validates a policy document.
func parseDocument(doc string, kind docKind) (*document, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(doc))
	if err := dec.Decode(&top); err != nil || top == nil || dec.More() {
		return nil, malformed(msgSyntax)
	}
	out := &document{Version: "2008-10-17"}
	for k, v := range top {
		switch k {
		case "Version":
			if json.Unmarshal(v, &out.Version) != nil {
				return nil, malformed(msgSyntax)
			}
		case "Id", "Statement":
		default:
			return nil, malformed(msgSyntax)
		}
	}
	if out.Version != "2012-10-17" && out.Version != "2008-10-17" {
		return nil, malformed(msgVersion)
	}
	raw, ok := top["Statement"]
	if !ok {
		return nil, malformed(msgSyntax)
	}
	var list []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		if json.Unmarshal(raw, &list) != nil {
			return nil, malformed(msgSyntax)
		}
	} else {
		list = []json.RawMessage{raw}
	}
	sids := map[string]bool{}
	for i, r := range list {
		st, err := parseStatement(r, kind)
		if err != nil {
			return nil, err
		}
		st.Index = i + 1
		if st.Sid != "" {
			if sids[st.Sid] {
				return nil, malformed(msgUniqueSid)
			}
			sids[st.Sid] = true
		}
		out.Statements = append(out.Statements, st)
	}
	return out, nil
}

func parseStatement(raw json.RawMessage, kind docKind) (statement, error) {
	var m map[string]json.RawMessage
	var st statement
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return st, malformed(msgSyntax)
	}
	for k, v := range m {
		var err error
		switch k {
		case "Sid":
			err = json.Unmarshal(v, &st.Sid)
		case "Effect":
			err = json.Unmarshal(v, &st.Effect)
		case "Action":
			st.Action, err = stringOrList(v)
		case "NotAction":
			st.NotAction, err = stringOrList(v)
		case "Resource":
			st.Resource, err = stringOrList(v)
			st.HasResource = true
		case "NotResource":
			st.NotResource, err = stringOrList(v)
			st.HasResource = true
		case "Principal", "NotPrincipal":
			st.HasPrincipal, st.NotPrincipal = true, k == "NotPrincipal"
			st.Principal, err = parsePrincipal(v)
		case "Condition":
			st.Condition, err = parseCondition(v)
		default:
			err = malformed(msgSyntax)
		}
		if err != nil {
			if _, ok := err.(*MalformedPolicyDocumentException); ok {
				return st, err
			}
			return st, malformed(msgSyntax)
		}
	}
	if st.Effect != "Allow" && st.Effect != "Deny" {
		return st, malformed(msgSyntax)
	}
	if (st.Action != nil && st.NotAction != nil) || (st.Resource != nil && st.NotResource != nil) {
		return st, malformed(msgSyntax)
	}
	if len(st.Action) == 0 && len(st.NotAction) == 0 {
		return st, malformed(msgNoActions)
	}
	for _, a := range append(append([]string{}, st.Action...), st.NotAction...) {
		if a == "*" {
			continue
		}
		switch strings.Count(a, ":") {
		case 0:
			return st, malformed(msgVendor)
		case 1:
		default:
			return st, malformed(msgOneColon)
		}
	}
	switch kind {
	case trustPolicy:
		if !st.HasPrincipal {
			return st, malformed(msgMissingPrinc)
		}
		if st.HasResource {
			return st, malformed(msgResourceProh)
		}
	default:
		if st.HasPrincipal {
			return st, malformed(msgNoPrincipal)
		}
		if !st.HasResource {
			return st, malformed(msgNoResources)
		}
		for _, r := range append(append([]string{}, st.Resource...), st.NotResource...) {
			if r != "*" && !strings.HasPrefix(r, "arn:") {
				return st, malformed("Resource %s must be in ARN format or \"*\".", r)
			}
		}
	}
	return st, nil
}

// stringOrList reads "x" or ["x", "y"].
func stringOrList(v json.RawMessage) ([]string, error) {
	var one string
	if json.Unmarshal(v, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(v, &many); err != nil {
		return nil, err
	}
	if many == nil {
		many = []string{}
	}
	return many, nil
}

func parsePrincipal(v json.RawMessage) (map[string][]string, error) {
	var star string
	if json.Unmarshal(v, &star) == nil {
		if star != "*" {
			return nil, malformed(msgSyntax)
		}
		return map[string][]string{"AWS": {"*"}}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for k, raw := range m {
		switch k {
		case "AWS", "Service", "Federated", "CanonicalUser":
		default:
			return nil, malformed(msgSyntax)
		}
		vals, err := stringOrList(raw)
		if err != nil {
			return nil, err
		}
		out[k] = vals
	}
	return out, nil
}

// parseCondition reads {"Operator": {"key": value-or-list}}; values may be
// strings, numbers or booleans and are kept as strings.
func parseCondition(v json.RawMessage) (map[string]map[string][]string, error) {
	var m map[string]map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, err
	}
	out := map[string]map[string][]string{}
	for op, keys := range m {
		if _, ok := conditionOperator(op); !ok {
			return nil, malformed(msgSyntax)
		}
		out[op] = map[string][]string{}
		for k, raw := range keys {
			if strings.Count(k, ":") > 1 && !strings.Contains(k, "/") {
				return nil, malformed(msgOneColon)
			}
			vals, err := scalarList(raw)
			if err != nil {
				return nil, malformed(msgSyntax)
			}
			out[op][k] = vals
		}
	}
	return out, nil
}

func scalarList(raw json.RawMessage) ([]string, error) {
	var any1 any
	if err := json.Unmarshal(raw, &any1); err != nil {
		return nil, err
	}
	list, ok := any1.([]any)
	if !ok {
		list = []any{any1}
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		switch t := x.(type) {
		case string:
			out = append(out, t)
		case bool:
			out = append(out, strconv.FormatBool(t))
		case float64:
			out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
		default:
			return nil, malformed(msgSyntax)
		}
	}
	return out, nil
}

// encodeDocument percent-encodes a document as IAM returns policy
// documents (RFC 3986; IAM API Reference, GetRolePolicy: "The policy
// document returned in this structure is URL-encoded compliant with RFC
// 3986"). boto3 decodes it back; Go callers use url.QueryUnescape.
func encodeDocument(doc string) string {
	var b strings.Builder
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)) + strings.ToUpper(strconv.FormatUint(uint64(c)&15, 16)))
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// SessionPolicyProblem returns AWS's MalformedPolicyDocument message for a
// session policy (STS's Policy parameter), or "" when it is valid.
func SessionPolicyProblem(doc string) string {
	if err := validateDocument(doc, sessionPolicy); err != nil {
		return err.(*MalformedPolicyDocumentException).ErrorMessage()
	}
	return ""
}

// policySize counts a document's characters excluding whitespace, as IAM
// does for its size quotas (IAM User Guide, "IAM and AWS STS quotas").
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' {
			n++
		}
	}
	return n
}

// Size quotas: managed policies 6,144 characters; inline policies 2,048
// per user, 5,120 per group, 10,240 per role; trust policies 2,048.
const (
	managedPolicyQuota = 6144
	trustPolicyQuota   = 2048
)

var inlineQuota = map[string]int{kindUser: 2048, kindGroup: 5120, kindRole: 10240}
