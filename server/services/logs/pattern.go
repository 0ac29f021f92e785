package logs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// pattern is a compiled filter pattern. match reports whether a log event
// matches and returns the values it extracts: "$.a.b" selectors of JSON
// patterns and "$field" names of space-delimited ones (for metric values
// and dimensions).
//
// Syntax (Filter pattern syntax for metric filters, subscription filters
// and filter log events):
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
type pattern struct {
	match func(msg string) (bool, map[string]string)
}

// compilePattern parses src; a syntax error is an InvalidParameterException
// "Invalid filter pattern" as AWS answers.
func compilePattern(src string) (*pattern, error) {
	s := strings.TrimSpace(src)
	var p *pattern
	var err error
	switch {
	case s == "" || s == `""`:
		p = &pattern{match: func(string) (bool, map[string]string) { return true, nil }}
	case strings.HasPrefix(s, "{"):
		p, err = compileJSONPattern(s)
	case strings.HasPrefix(s, "["):
		p, err = compileSpacePattern(s)
	default:
		p, err = compileTermPattern(s)
	}
	if err != nil {
		return nil, invalidParameter("Invalid filter pattern: %v", err)
	}
	return p, nil
}

// --- term patterns: words, "quoted phrases", ?alternatives, -exclusions,
// %regex% ---

type term struct {
	text   string
	re     *regexp.Regexp
	negate bool
	or     bool
}

func (t term) in(msg string) bool {
	if t.re != nil {
		return t.re.MatchString(msg)
	}
	return strings.Contains(msg, t.text)
}

func compileTermPattern(s string) (*pattern, error) {
	var terms []term
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		var t term
		if c == '?' {
			t.or = true
			i++
		} else if c == '-' && i+1 < len(s) && s[i+1] != ' ' {
			t.negate = true
			i++
		}
		if i >= len(s) {
			return nil, fmt.Errorf("dangling operator")
		}
		switch s[i] {
		case '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote")
			}
			t.text = s[i+1 : i+1+end]
			i += end + 2
		case '%':
			end := strings.IndexByte(s[i+1:], '%')
			if end < 0 {
				return nil, fmt.Errorf("unterminated regular expression")
			}
			re, err := regexp.Compile(s[i+1 : i+1+end])
			if err != nil {
				return nil, err
			}
			t.re = re
			i += end + 2
		default:
			start := i
			for i < len(s) && s[i] != ' ' && s[i] != '\t' {
				i++
			}
			t.text = s[start:i]
		}
		terms = append(terms, t)
	}
	anyOr := false
	for _, t := range terms {
		anyOr = anyOr || t.or
	}
	return &pattern{match: func(msg string) (bool, map[string]string) {
		if anyOr {
			// ?a ?b: any alternative matches (AWS treats the pattern as an OR).
			for _, t := range terms {
				if t.or && t.in(msg) {
					return true, nil
				}
			}
			return false, nil
		}
		for _, t := range terms {
			if t.in(msg) == t.negate {
				return false, nil
			}
		}
		return true, nil
	}}, nil
}

// --- JSON patterns: { $.a = 1 && ($.b = "x" || $.c NOT EXISTS) } ---

type jsonCond func(doc any) bool

func compileJSONPattern(s string) (*pattern, error) {
	if !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("JSON pattern must end with }")
	}
	lx := &lexer{src: s[1 : len(s)-1]}
	var selectors []string
	cond, err := parseJSONOr(lx, &selectors)
	if err != nil {
		return nil, err
	}
	if tok := lx.next(); tok != "" {
		return nil, fmt.Errorf("unexpected %q", tok)
	}
	return &pattern{match: func(msg string) (bool, map[string]string) {
		var doc any
		if json.Unmarshal([]byte(msg), &doc) != nil {
			return false, nil
		}
		if !cond(doc) {
			return false, nil
		}
		vals := map[string]string{}
		for _, sel := range selectors {
			if v, ok := lookup(doc, sel); ok {
				vals[sel] = scalarText(v)
			}
		}
		return true, vals
	}}, nil
}

func parseJSONOr(lx *lexer, sels *[]string) (jsonCond, error) {
	l, err := parseJSONAnd(lx, sels)
	for err == nil && lx.peek() == "||" {
		lx.next()
		var r jsonCond
		if r, err = parseJSONAnd(lx, sels); err == nil {
			a, b := l, r
			l = func(d any) bool { return a(d) || b(d) }
		}
	}
	return l, err
}

func parseJSONAnd(lx *lexer, sels *[]string) (jsonCond, error) {
	l, err := parseJSONAtom(lx, sels)
	for err == nil && lx.peek() == "&&" {
		lx.next()
		var r jsonCond
		if r, err = parseJSONAtom(lx, sels); err == nil {
			a, b := l, r
			l = func(d any) bool { return a(d) && b(d) }
		}
	}
	return l, err
}

func parseJSONAtom(lx *lexer, sels *[]string) (jsonCond, error) {
	if lx.peek() == "(" {
		lx.next()
		c, err := parseJSONOr(lx, sels)
		if err != nil {
			return nil, err
		}
		if lx.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return c, nil
	}
	sel := lx.next()
	if !strings.HasPrefix(sel, "$") {
		return nil, fmt.Errorf("expected a $ selector, got %q", sel)
	}
	*sels = append(*sels, sel)
	op := lx.next()
	switch strings.ToUpper(op) {
	case "IS":
		what := strings.ToUpper(lx.next())
		return func(d any) bool {
			v, ok := lookup(d, sel)
			switch what {
			case "NULL":
				return ok && v == nil
			case "TRUE":
				return ok && v == true
			case "FALSE":
				return ok && v == false
			}
			return false
		}, nil
	case "NOT":
		if strings.ToUpper(lx.next()) != "EXISTS" {
			return nil, fmt.Errorf("expected NOT EXISTS")
		}
		return func(d any) bool { _, ok := lookup(d, sel); return !ok }, nil
	case "=", "!=", "<", ">", "<=", ">=":
	default:
		return nil, fmt.Errorf("unknown operator %q", op)
	}
	val := lx.next()
	if val == "" {
		return nil, fmt.Errorf("missing value after %s", op)
	}
	cmp, err := valueMatcher(op, val)
	if err != nil {
		return nil, err
	}
	return func(d any) bool {
		v, ok := lookup(d, sel)
		if !ok {
			return false
		}
		if arr, isArr := v.([]any); isArr {
			for _, x := range arr {
				if cmp(scalarText(x), x) {
					return true
				}
			}
			return false
		}
		return cmp(scalarText(v), v)
	}, nil
}

// valueMatcher compares a field (its text, and its JSON value when known)
// with a pattern value: numbers numerically, strings exactly with *
// wildcards, %regex% by regular expression.
func valueMatcher(op, val string) (func(text string, raw any) bool, error) {
	if n, err := strconv.ParseFloat(val, 64); err == nil {
		return func(text string, _ any) bool {
			x, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return op == "!="
			}
			switch op {
			case "=":
				return x == n
			case "!=":
				return x != n
			case "<":
				return x < n
			case ">":
				return x > n
			case "<=":
				return x <= n
			}
			return x >= n
		}, nil
	}
	if op != "=" && op != "!=" {
		return nil, fmt.Errorf("operator %s needs a number", op)
	}
	var re *regexp.Regexp
	var err error
	switch {
	case len(val) >= 2 && val[0] == '%' && val[len(val)-1] == '%':
		re, err = regexp.Compile(val[1 : len(val)-1])
	default:
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
		}
		re, err = regexp.Compile("^" + strings.ReplaceAll(regexp.QuoteMeta(val), `\*`, ".*") + "$")
	}
	if err != nil {
		return nil, err
	}
	return func(text string, _ any) bool { return re.MatchString(text) == (op == "=") }, nil
}

// lookup follows a selector ($.a.b, $.a[0], $.a[*] ) into a JSON document.
func lookup(doc any, sel string) (any, bool) {
	path := strings.TrimPrefix(strings.TrimPrefix(sel, "$"), ".")
	cur := doc
	for path != "" {
		var key string
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return nil, false
			}
			idx := path[1:end]
			path = strings.TrimPrefix(path[end+1:], ".")
			arr, ok := cur.([]any)
			if !ok {
				return nil, false
			}
			if idx == "*" {
				return arr, true
			}
			i, err := strconv.Atoi(idx)
			if err != nil || i < 0 || i >= len(arr) {
				return nil, false
			}
			cur = arr[i]
			continue
		}
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			key, path = path, ""
		} else {
			key, path = path[:end], strings.TrimPrefix(path[end:], ".")
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[key]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "null"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// --- space-delimited patterns: [ip, user, ..., status = 4*, bytes > 1000] ---

func compileSpacePattern(s string) (*pattern, error) {
	if !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("space-delimited pattern must end with ]")
	}
	type field struct {
		name     string
		ellipsis bool
		conds    []func(string) bool
		or       bool
	}
	var fields []field
	for _, raw := range splitTop(s[1:len(s)-1], ',') {
		raw = strings.TrimSpace(raw)
		if raw == "..." {
			fields = append(fields, field{ellipsis: true})
			continue
		}
		f := field{}
		parts := []string{raw}
		if strings.Contains(raw, "||") {
			parts, f.or = strings.Split(raw, "||"), true
		} else if strings.Contains(raw, "&&") {
			parts = strings.Split(raw, "&&")
		}
		for i, p := range parts {
			lx := &lexer{src: strings.TrimSpace(p)}
			name := lx.next()
			if i == 0 {
				f.name = name
			}
			op := lx.next()
			if op == "" {
				continue
			}
			val := lx.next()
			cmp, err := valueMatcher(op, val)
			if err != nil {
				return nil, err
			}
			f.conds = append(f.conds, func(text string) bool { return cmp(text, nil) })
		}
		if f.name == "" {
			return nil, fmt.Errorf("empty field")
		}
		fields = append(fields, f)
	}
	return &pattern{match: func(msg string) (bool, map[string]string) {
		words := splitWords(msg)
		vals := map[string]string{}
		// Match fields left to right; an ellipsis absorbs whatever the
		// fields after it leave over.
		var try func(fi, wi int) bool
		try = func(fi, wi int) bool {
			if fi == len(fields) {
				return wi == len(words)
			}
			f := fields[fi]
			if f.ellipsis {
				for k := len(words); k >= wi; k-- {
					if try(fi+1, k) {
						return true
					}
				}
				return false
			}
			if wi >= len(words) {
				return false
			}
			ok := len(f.conds) == 0 || !f.or
			for _, c := range f.conds {
				if f.or {
					ok = ok || c(words[wi])
				} else {
					ok = ok && c(words[wi])
				}
			}
			if !ok {
				return false
			}
			vals["$"+f.name] = words[wi]
			return try(fi+1, wi+1)
		}
		if !try(0, 0) {
			return false, nil
		}
		return true, vals
	}}, nil
}

// splitWords splits a log line on spaces, keeping "quoted" and [bracketed]
// runs as one word without their delimiters.
func splitWords(msg string) []string {
	var out []string
	for i := 0; i < len(msg); {
		switch msg[i] {
		case ' ', '\t':
			i++
		case '"', '[':
			closer := byte('"')
			if msg[i] == '[' {
				closer = ']'
			}
			end := strings.IndexByte(msg[i+1:], closer)
			if end < 0 {
				out = append(out, msg[i+1:])
				return out
			}
			out = append(out, msg[i+1:i+1+end])
			i += end + 2
		default:
			start := i
			for i < len(msg) && msg[i] != ' ' && msg[i] != '\t' {
				i++
			}
			out = append(out, msg[start:i])
		}
	}
	return out
}

// splitTop splits s on sep outside quotes.
func splitTop(s string, sep byte) []string {
	var out []string
	inQuote := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			inQuote = !inQuote
		case s[i] == sep && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// lexer yields the tokens of JSON and space-delimited conditions:
// selectors, operators, "quoted strings", %regexes%, parentheses and words.
type lexer struct {
	src string
	pos int
	tok *string
}

func (l *lexer) peek() string {
	if l.tok == nil {
		t := l.scan()
		l.tok = &t
	}
	return *l.tok
}

func (l *lexer) next() string {
	t := l.peek()
	l.tok = nil
	return t
}

func (l *lexer) scan() string {
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t' || l.src[l.pos] == '\n') {
		l.pos++
	}
	if l.pos >= len(l.src) {
		return ""
	}
	rest := l.src[l.pos:]
	for _, op := range []string{"&&", "||", "!=", "<=", ">=", "=", "<", ">", "(", ")"} {
		if strings.HasPrefix(rest, op) {
			l.pos += len(op)
			return op
		}
	}
	if rest[0] == '"' || rest[0] == '%' {
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			l.pos = len(l.src)
			return rest
		}
		l.pos += end + 2
		return rest[:end+2]
	}
	end := strings.IndexAny(rest, " \t\n&|!=<>()")
	if end < 0 {
		end = len(rest)
	}
	l.pos += end
	return rest[:end]
}
