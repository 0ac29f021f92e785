package iam

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// Policy evaluation (IAM User Guide, "Policy evaluation logic"): an
// explicit Deny in any policy wins; otherwise the request is allowed only
// if an identity policy allows it and every permissions boundary and
// session policy present allows it too; otherwise it is implicitly denied.

// Decisions as SimulatePrincipalPolicy reports them.
const (
	decisionAllowed      = "allowed"
	decisionExplicitDeny = "explicitDeny"
	decisionImplicitDeny = "implicitDeny"
)

// sourcePolicy is one policy taking part in an evaluation.
type sourcePolicy struct {
	ID   string // SourcePolicyId: inline name, managed policy ARN or "PolicyInputList.1"
	Type string // SourcePolicyType: user, group, role, aws-managed, user-managed, resource, none
	Doc  *document
}

// evalContext is the request: action, resource, context keys (lower-case
// names) with their values.
type evalContext struct {
	Action   string
	Resource string
	Values   map[string][]string
}

type matchedStatement struct {
	Policy sourcePolicy
	Index  int
}

// evaluation is the outcome of one (action, resource) evaluation.
type evaluation struct {
	Decision string
	Matched  []matchedStatement
	Missing  []string
}

// evaluate runs identity policies with optional boundary and session sets
// (nil: absent).
func evaluate(identity, boundary, session []sourcePolicy, c evalContext) evaluation {
	idAllow, idDeny, missing := evalSet(identity, c)
	ev := evaluation{Missing: missing}
	if len(idDeny) > 0 {
		return evaluation{Decision: decisionExplicitDeny, Matched: idDeny, Missing: missing}
	}
	decision := decisionImplicitDeny
	if len(idAllow) > 0 {
		decision = decisionAllowed
		ev.Matched = idAllow
	}
	for _, extra := range [][]sourcePolicy{boundary, session} {
		if extra == nil {
			continue
		}
		allow, deny, _ := evalSet(extra, c)
		if len(deny) > 0 {
			return evaluation{Decision: decisionExplicitDeny, Matched: deny, Missing: missing}
		}
		if len(allow) == 0 {
			decision = decisionImplicitDeny
		}
	}
	ev.Decision = decision
	if decision != decisionAllowed {
		ev.Matched = nil
	}
	return ev
}

func evalSet(policies []sourcePolicy, c evalContext) (allow, deny []matchedStatement, missing []string) {
	seen := map[string]bool{}
	for _, p := range policies {
		for _, st := range p.Doc.Statements {
			if !statementApplies(st, c) {
				continue
			}
			ok, miss := conditionsHold(st.Condition, c)
			for _, m := range miss {
				if !seen[m] {
					seen[m] = true
					missing = append(missing, m)
				}
			}
			if !ok {
				continue
			}
			if st.Effect == "Deny" {
				deny = append(deny, matchedStatement{p, st.Index})
			} else {
				allow = append(allow, matchedStatement{p, st.Index})
			}
		}
	}
	return allow, deny, missing
}

func statementApplies(st statement, c evalContext) bool {
	if st.Action != nil && !anyMatch(st.Action, c.Action, true, c) {
		return false
	}
	if st.NotAction != nil && anyMatch(st.NotAction, c.Action, true, c) {
		return false
	}
	if st.Resource != nil && !anyMatch(st.Resource, c.Resource, false, c) {
		return false
	}
	if st.NotResource != nil && anyMatch(st.NotResource, c.Resource, false, c) {
		return false
	}
	return true
}

func anyMatch(patterns []string, s string, fold bool, c evalContext) bool {
	for _, p := range patterns {
		p = substitute(p, c)
		if fold {
			if glob(strings.ToLower(p), strings.ToLower(s)) {
				return true
			}
		} else if glob(p, s) {
			return true
		}
	}
	return false
}

// substitute replaces policy variables ${aws:username} with context values
// (IAM User Guide, "IAM policy elements: Variables and tags"); ${*}, ${?}
// and ${$} are the literal characters.
func substitute(p string, c evalContext) string {
	if !strings.Contains(p, "${") {
		return p
	}
	var b strings.Builder
	for {
		i := strings.Index(p, "${")
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(p[:i])
		name := p[i+2 : i+j]
		switch name {
		case "*", "?", "$":
			b.WriteString(name)
		default:
			if v := c.Values[strings.ToLower(name)]; len(v) > 0 {
				b.WriteString(v[0])
			} else {
				b.WriteString("\x00") // an unknown variable matches nothing
			}
		}
		p = p[i+j+1:]
	}
}

// glob matches s against p with * (any run) and ? (one character).
func glob(p, s string) bool {
	px, sx, starP, starS := 0, 0, -1, 0
	for sx < len(s) {
		switch {
		case px < len(p) && (p[px] == '?' || p[px] == s[sx]):
			px++
			sx++
		case px < len(p) && p[px] == '*':
			starP, starS = px, sx
			px++
		case starP >= 0:
			px = starP + 1
			starS++
			sx = starS
		default:
			return false
		}
	}
	for px < len(p) && p[px] == '*' {
		px++
	}
	return px == len(p)
}

// conditionOperator splits ForAllValues:/ForAnyValue: and IfExists off an
// operator and reports whether the base operator is known.
type condOp struct {
	base     string
	set      string // "", "ForAllValues", "ForAnyValue"
	ifExists bool
}

func conditionOperator(op string) (condOp, bool) {
	var c condOp
	if rest, ok := strings.CutPrefix(op, "ForAllValues:"); ok {
		c.set, op = "ForAllValues", rest
	} else if rest, ok := strings.CutPrefix(op, "ForAnyValue:"); ok {
		c.set, op = "ForAnyValue", rest
	}
	if rest, ok := strings.CutSuffix(op, "IfExists"); ok && op != "Null" {
		c.ifExists, op = true, rest
	}
	c.base = op
	switch op {
	case "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
		"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
		"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
		"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null":
		return c, true
	}
	return c, false
}

// negated operators hold when no value matches.
func negated(base string) bool {
	switch base {
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike":
		return true
	}
	return false
}

// conditionsHold evaluates every operator and key (all must hold) and
// returns the referenced keys missing from the context.
func conditionsHold(cond map[string]map[string][]string, c evalContext) (bool, []string) {
	ok := true
	var missing []string
	for op, keys := range cond {
		co, _ := conditionOperator(op)
		for key, want := range keys {
			have, present := c.Values[strings.ToLower(key)]
			if co.base == "Null" {
				isNull := !present || len(have) == 0
				if len(want) == 0 || strings.EqualFold(want[0], "true") != isNull {
					ok = false
				}
				continue
			}
			if !present {
				if !co.ifExists {
					missing = append(missing, key)
				}
				switch {
				case co.ifExists, co.set == "ForAllValues", negated(co.base) && co.set == "":
				default:
					ok = false
				}
				continue
			}
			if !keyHolds(co, have, want, c) {
				ok = false
			}
		}
	}
	return ok, missing
}

func keyHolds(co condOp, have, want []string, c evalContext) bool {
	one := func(v string) bool { return valueMatches(co.base, v, want, c) }
	switch co.set {
	case "ForAllValues":
		for _, v := range have {
			if !one(v) {
				return false
			}
		}
		return true
	case "ForAnyValue":
		for _, v := range have {
			if one(v) {
				return true
			}
		}
		return false
	}
	if negated(co.base) {
		for _, v := range have {
			if !one(v) {
				return false
			}
		}
		return true
	}
	for _, v := range have {
		if one(v) {
			return true
		}
	}
	return false
}

// valueMatches reports whether the context value v satisfies the operator
// against the policy values (any of them for positive operators, none of
// them for negated ones).
func valueMatches(base, v string, want []string, c evalContext) bool {
	pos := strings.Replace(strings.Replace(base, "Not", "", 1), "NotIp", "Ip", 1)
	if base == "NotIpAddress" {
		pos = "IpAddress"
	}
	hit := false
	for _, w := range want {
		w = substitute(w, c)
		if compare(pos, v, w) {
			hit = true
			break
		}
	}
	if negated(base) {
		return !hit
	}
	return hit
}

func compare(op, v, w string) bool {
	switch op {
	case "StringEquals", "BinaryEquals":
		return v == w
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(v, w)
	case "StringLike":
		return glob(w, v)
	case "Bool":
		return strings.EqualFold(v, w)
	case "ArnEquals", "ArnLike":
		return arnLike(w, v)
	case "IpAddress":
		ip := net.ParseIP(v)
		if ip == nil {
			return false
		}
		if !strings.Contains(w, "/") {
			return ip.Equal(net.ParseIP(w))
		}
		_, n, err := net.ParseCIDR(w)
		return err == nil && n.Contains(ip)
	}
	if strings.HasPrefix(op, "Numeric") {
		a, err1 := strconv.ParseFloat(v, 64)
		b, err2 := strconv.ParseFloat(w, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		return ordered(strings.TrimPrefix(op, "Numeric"), compareFloat(a, b))
	}
	if strings.HasPrefix(op, "Date") {
		a, ok1 := parseDate(v)
		b, ok2 := parseDate(w)
		if !ok1 || !ok2 {
			return false
		}
		return ordered(strings.TrimPrefix(op, "Date"), a.Compare(b))
	}
	return false
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func ordered(rel string, cmp int) bool {
	switch rel {
	case "Equals":
		return cmp == 0
	case "LessThan":
		return cmp < 0
	case "LessThanEquals":
		return cmp <= 0
	case "GreaterThan":
		return cmp > 0
	case "GreaterThanEquals":
		return cmp >= 0
	}
	return false
}

// parseDate reads ISO 8601 dates and times or epoch seconds.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z", "2006-01-02T15:04Z", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

// arnLike matches each of the six colon-separated ARN components
// separately, with wildcards (IAM User Guide, "ARN condition operators").
func arnLike(pattern, v string) bool {
	if pattern == "*" {
		return true
	}
	pp := strings.SplitN(pattern, ":", 6)
	vv := strings.SplitN(v, ":", 6)
	if len(pp) != 6 || len(vv) != 6 {
		return false
	}
	for i := range pp {
		if !glob(pp[i], vv[i]) {
			return false
		}
	}
	return true
}
