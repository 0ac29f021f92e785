package logs

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// query is a Logs Insights query, run to completion at StartQuery.
type query struct {
	ID       string          `json:"id"`
	Query    string          `json:"query"`
	Groups   []string        `json:"groups"`
	Created  int64           `json:"created"`
	Status   string          `json:"status"`
	Results  [][]ResultField `json:"results"`
	Stats    QueryStatistics `json:"stats"`
	Language string          `json:"language"`
}

// record is one log event as Insights sees it: field name to text.
type record map[string]string

const insightsTime = "2006-01-02 15:04:05.000"

// StartQuery runs a Logs Insights query over the groups' events with
// timestamps in [startTime, endTime] (epoch seconds) and stores its results
// (status Complete). Commands: fields, display, filter (=, !=, <, >, <=, >=,
// like /re/ or "text", not like, in [...], ispresent(), and, or, not), parse
// (glob "* x *" as a, b), sort, limit and stats (count(*), count, sum, avg,
// min, max, count_distinct, by fields and bin(period)). Discovered fields:
// @timestamp, @message, @logStream, @log, @ingestionTime and the JSON keys of
// JSON messages (nested keys joined with dots). A query that does not parse
// is MalformedQueryException.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
func (s *Service) StartQuery(ctx context.Context, in *StartQueryRequest) (*StartQueryResponse, error) {
	groups := in.LogGroupNames
	if in.LogGroupName != nil {
		if len(groups) > 0 || len(in.LogGroupIdentifiers) > 0 {
			return nil, invalidParameter("LogGroup name and LogGroup names are mutually exclusive parameters.")
		}
		groups = []string{*in.LogGroupName}
	}
	groups = append(groups, in.LogGroupIdentifiers...)
	if len(groups) == 0 {
		return nil, invalidParameter("Either logGroupName, logGroupNames or logGroupIdentifiers must be specified.")
	}
	start, end := valueOf(in.StartTime), valueOf(in.EndTime)
	if end < start {
		return nil, invalidParameter("End time should not be before the start time.")
	}
	plan, err := parseQuery(valueOf(in.QueryString))
	if err != nil {
		return nil, logsError("MalformedQueryException", "%v", err)
	}
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	var recs []record
	scanned, bytes := 0, 0
	now := s.env.Now()
	for _, id := range groups {
		g, err := st.groupByIdentifier(nil, &id)
		if err != nil {
			return nil, err
		}
		for _, ls := range g.Streams {
			for _, e := range g.visible(ls, nil, nil, now) {
				if e.Time < start*1000 || e.Time > end*1000+999 {
					continue
				}
				scanned++
				bytes += len(e.Message)
				recs = append(recs, eventRecord(r.Account, g.Name, ls.Name, e))
			}
		}
	}
	rows, matched := plan.run(recs)
	if in.Limit != nil && int(*in.Limit) < len(rows) {
		rows = rows[:*in.Limit]
	}
	q := &query{ID: s.env.NewID(), Query: valueOf(in.QueryString), Groups: groups, Created: now.UnixMilli(), Status: "Complete",
		Results: rows, Language: "CWLI", Stats: QueryStatistics{RecordsMatched: ptr(float64(matched)),
			RecordsScanned: ptr(float64(scanned)), BytesScanned: ptr(float64(bytes)), LogGroupsScanned: ptr(float64(len(groups)))}}
	st.data.Queries[q.ID] = q
	return &StartQueryResponse{QueryId: ptr(q.ID)}, nil
}

func eventRecord(account, groupName, stream string, e event) record {
	rec := record{"@timestamp": time.UnixMilli(e.Time).UTC().Format(insightsTime), "@message": e.Message,
		"@logStream": stream, "@log": account + ":" + groupName, "@ingestionTime": time.UnixMilli(e.Ingest).UTC().Format(insightsTime),
		"@ptr": recordPointer(groupName, stream, e.ID)}
	var doc map[string]any
	if strings.HasPrefix(strings.TrimSpace(e.Message), "{") && json.Unmarshal([]byte(e.Message), &doc) == nil {
		flatten(rec, "", doc)
	}
	return rec
}

func flatten(rec record, prefix string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			flatten(rec, prefix+k+".", val)
		}
	case []any:
		for i, val := range x {
			flatten(rec, prefix+strconv.Itoa(i)+".", val)
		}
	default:
		rec[strings.TrimSuffix(prefix, ".")] = scalarText(x)
	}
}

// GetQueryResults returns a query's results and statistics.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html
func (s *Service) GetQueryResults(ctx context.Context, in *GetQueryResultsRequest) (*GetQueryResultsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	q := st.data.Queries[valueOf(in.QueryId)]
	if q == nil {
		return nil, notFound("Query does not exist.")
	}
	stats := q.Stats
	return &GetQueryResultsResponse{Results: q.Results, Statistics: &stats, Status: ptr(q.Status), QueryLanguage: ptr(q.Language)}, nil
}

// StopQuery stops a running query; queries here complete at once, so it
// answers success false for them, as AWS does for a query that has ended.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StopQuery.html
func (s *Service) StopQuery(ctx context.Context, in *StopQueryRequest) (*StopQueryResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	q := st.data.Queries[valueOf(in.QueryId)]
	if q == nil {
		return nil, notFound("Query does not exist.")
	}
	if q.Status == "Running" || q.Status == "Scheduled" {
		q.Status = "Cancelled"
		return &StopQueryResponse{Success: ptr(true)}, nil
	}
	return &StopQueryResponse{Success: ptr(false)}, nil
}

// DescribeQueries lists queries by log group and status, newest first.
func (s *Service) DescribeQueries(ctx context.Context, in *DescribeQueriesRequest) (*DescribeQueriesResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	var qs []*query
	for _, q := range st.data.Queries {
		if (in.Status == nil || q.Status == *in.Status) && (in.LogGroupName == nil || containsStr(q.Groups, *in.LogGroupName)) {
			qs = append(qs, q)
		}
	}
	sort.Slice(qs, func(i, j int) bool {
		return qs[i].Created > qs[j].Created || qs[i].Created == qs[j].Created && qs[i].ID < qs[j].ID
	})
	limit := int(valueOf(in.MaxResults))
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	out := &DescribeQueriesResponse{Queries: []QueryInfo{}}
	for i, q := range qs {
		if i == limit {
			break
		}
		var lg *string
		if len(q.Groups) > 0 {
			lg = ptr(q.Groups[0])
		}
		out.Queries = append(out.Queries, QueryInfo{QueryId: ptr(q.ID), QueryString: ptr(q.Query), Status: ptr(q.Status),
			CreateTime: ptr(q.Created), LogGroupName: lg, QueryLanguage: ptr(q.Language)})
	}
	return out, nil
}

// --- the query language ---

type aggregate struct {
	fn, field, as string
}

type plan struct {
	steps []func([]record) []record
	// fields to show (nil: @timestamp, @message); stats sets its own.
	fields  []string
	isStats bool
	sorted  bool
	// matched is how many records the last filter kept (-1: no filter).
	matched func() int
}

func (p *plan) run(recs []record) ([][]ResultField, int) {
	total := len(recs)
	for _, step := range p.steps {
		recs = step(recs)
	}
	if !p.sorted && !p.isStats {
		sort.SliceStable(recs, func(i, j int) bool { return recs[i]["@timestamp"] > recs[j]["@timestamp"] })
	}
	fields := p.fields
	if fields == nil {
		fields = []string{"@timestamp", "@message"}
	}
	rows := [][]ResultField{}
	for _, r := range recs {
		row := []ResultField{}
		for _, f := range fields {
			if v, ok := r[f]; ok {
				row = append(row, ResultField{Field: ptr(f), Value: ptr(v)})
			}
		}
		if !p.isStats {
			row = append(row, ResultField{Field: ptr("@ptr"), Value: ptr(r["@ptr"])})
		}
		if len(rows) == 10000 {
			break
		}
		rows = append(rows, row)
	}
	if m := p.matched(); m >= 0 {
		return rows, m
	}
	return rows, total
}

// splitCommands splits a query on | outside quotes and /regex/.
func splitCommands(q string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote && (i == 0 || q[i-1] != '\\') {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '/' && isRegexStart(q[:i]):
			quote = '/'
		case c == '|':
			out = append(out, q[start:i])
			start = i + 1
		}
	}
	return append(out, q[start:])
}

func isRegexStart(before string) bool {
	t := strings.TrimSpace(before)
	return strings.HasSuffix(strings.ToLower(t), "like") || strings.HasSuffix(t, "=~") || strings.HasSuffix(t, "(") || strings.HasSuffix(t, ",")
}

func parseQuery(q string) (*plan, error) {
	p := &plan{}
	filterMatched := -1
	for _, cmd := range splitCommands(q) {
		cmd = strings.TrimSpace(cmd)
		if cmd == "" {
			continue
		}
		word, rest, _ := strings.Cut(cmd, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToLower(word) {
		case "fields", "display":
			var names []string
			for _, f := range splitTop(rest, ',') {
				f = strings.Trim(strings.TrimSpace(f), "`")
				if f == "" {
					return nil, fmt.Errorf("expected a field name after %s", word)
				}
				names = append(names, f)
			}
			if !p.isStats {
				p.fields = names
			}
		case "filter":
			cond, err := parseCond(rest)
			if err != nil {
				return nil, err
			}
			p.steps = append(p.steps, func(recs []record) []record {
				var out []record
				for _, r := range recs {
					if cond(r) {
						out = append(out, r)
					}
				}
				filterMatched = len(out)
				return out
			})
		case "sort":
			f, dir, _ := strings.Cut(rest, " ")
			f = strings.Trim(f, "`")
			desc := strings.EqualFold(strings.TrimSpace(dir), "desc")
			if f == "" {
				return nil, fmt.Errorf("expected a field after sort")
			}
			p.sorted = true
			p.steps = append(p.steps, func(recs []record) []record {
				sort.SliceStable(recs, func(i, j int) bool {
					if desc {
						return less(recs[j][f], recs[i][f])
					}
					return less(recs[i][f], recs[j][f])
				})
				return recs
			})
		case "limit":
			n, err := strconv.Atoi(rest)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("limit needs a positive number")
			}
			p.steps = append(p.steps, func(recs []record) []record { return recs[:min(n, len(recs))] })
		case "stats":
			step, fields, err := parseStats(rest)
			if err != nil {
				return nil, err
			}
			p.isStats, p.fields = true, fields
			p.steps = append(p.steps, step)
		case "parse":
			step, err := parseParse(rest)
			if err != nil {
				return nil, err
			}
			p.steps = append(p.steps, step)
		default:
			return nil, fmt.Errorf("unexpected command %q", word)
		}
	}
	p.matched = func() int { return filterMatched }
	return p, nil
}

// less orders numbers numerically and anything else as text.
func less(a, b string) bool {
	x, e1 := strconv.ParseFloat(a, 64)
	y, e2 := strconv.ParseFloat(b, 64)
	if e1 == nil && e2 == nil {
		return x < y
	}
	return a < b
}

// parseParse handles: parse @message "glob * with * stars" as a, b
// and parse @message /(?<name>re)/.
func parseParse(rest string) (func([]record) []record, error) {
	lx := &lexer{src: rest}
	field := strings.Trim(lx.next(), "`")
	pat := lx.next()
	var re *regexp.Regexp
	var names []string
	switch {
	case len(pat) >= 2 && pat[0] == '"':
		tail := strings.TrimSpace(rest[lx.pos:])
		if !strings.HasPrefix(strings.ToLower(tail), "as ") {
			return nil, fmt.Errorf("parse with a glob needs 'as'")
		}
		for _, n := range strings.Split(tail[3:], ",") {
			names = append(names, strings.TrimSpace(n))
		}
		parts := strings.Split(pat[1:len(pat)-1], "*")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		var err error
		if re, err = regexp.Compile(strings.Join(parts, "(.*?)") + "$"); err != nil {
			return nil, err
		}
		if re.NumSubexp() != len(names) {
			return nil, fmt.Errorf("parse: %d wildcards but %d names", re.NumSubexp(), len(names))
		}
	default:
		i := strings.Index(rest, "/")
		j := strings.LastIndex(rest, "/")
		if i < 0 || j <= i {
			return nil, fmt.Errorf("parse needs a \"glob\" or /regex/")
		}
		var err error
		if re, err = regexp.Compile(strings.ReplaceAll(rest[i+1:j], "(?<", "(?P<")); err != nil {
			return nil, err
		}
		names = re.SubexpNames()[1:]
	}
	return func(recs []record) []record {
		for _, r := range recs {
			if m := re.FindStringSubmatch(r[field]); m != nil {
				for k, n := range names {
					if n != "" {
						r[n] = m[k+1]
					}
				}
			}
		}
		return recs
	}, nil
}

// parseStats handles: agg(f) [as name], ... [by f1, bin(5m)].
func parseStats(rest string) (func([]record) []record, []string, error) {
	lower := asciiLower(rest) // same length as rest: its indexes apply to rest
	aggText, byText := rest, ""
	if i := strings.LastIndex(lower, " by "); i >= 0 {
		aggText, byText = rest[:i], rest[i+4:]
	}
	var aggs []aggregate
	for _, a := range splitTop(aggText, ',') {
		a = strings.TrimSpace(a)
		expr, as := a, a
		if i := strings.Index(asciiLower(a), " as "); i >= 0 {
			expr, as = strings.TrimSpace(a[:i]), strings.TrimSpace(a[i+4:])
		}
		open, closeAt := strings.Index(expr, "("), strings.LastIndex(expr, ")")
		if open <= 0 || closeAt < open {
			return nil, nil, fmt.Errorf("expected an aggregate function in %q", a)
		}
		fn := strings.ToLower(strings.TrimSpace(expr[:open]))
		switch fn {
		case "count", "sum", "avg", "min", "max", "count_distinct":
		default:
			return nil, nil, fmt.Errorf("unsupported stats function %s", fn)
		}
		field := strings.Trim(strings.TrimSpace(expr[open+1:closeAt]), "`")
		if field == "" && fn == "count" {
			field = "*" // count() counts records, as count(*) does
		}
		aggs = append(aggs, aggregate{fn: fn, field: field, as: as})
	}
	type key struct{ name, bin string }
	var by []key
	for _, b := range splitTop(byText, ',') {
		b = strings.TrimSpace(b)
		if b == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(b), "bin(") && strings.HasSuffix(b, ")") {
			by = append(by, key{name: b, bin: b[4 : len(b)-1]})
			continue
		}
		by = append(by, key{name: strings.Trim(b, "`")})
	}
	fields := []string{}
	for _, k := range by {
		fields = append(fields, k.name)
	}
	for _, a := range aggs {
		fields = append(fields, a.as)
	}
	step := func(recs []record) []record {
		type bucket struct {
			rec    record
			vals   [][]float64
			counts []int
			seen   []map[string]bool
		}
		order := []string{}
		buckets := map[string]*bucket{}
		for _, r := range recs {
			var parts []string
			out := record{}
			for _, k := range by {
				v := r[k.name]
				if k.bin != "" {
					v = binTime(r["@timestamp"], k.bin)
				}
				out[k.name] = v
				parts = append(parts, v)
			}
			id := strings.Join(parts, "\x00")
			b := buckets[id]
			if b == nil {
				b = &bucket{rec: out, vals: make([][]float64, len(aggs)), counts: make([]int, len(aggs)), seen: make([]map[string]bool, len(aggs))}
				buckets[id] = b
				order = append(order, id)
			}
			for i, a := range aggs {
				v, present := r[a.field]
				if a.field == "*" {
					present = true
				}
				if !present {
					continue
				}
				b.counts[i]++
				if a.fn == "count_distinct" {
					if b.seen[i] == nil {
						b.seen[i] = map[string]bool{}
					}
					b.seen[i][v] = true
				}
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					b.vals[i] = append(b.vals[i], f)
				}
			}
		}
		out := make([]record, 0, len(order))
		for _, id := range order {
			b := buckets[id]
			for i, a := range aggs {
				b.rec[a.as] = aggValue(a.fn, b.vals[i], b.counts[i], len(b.seen[i]))
			}
			out = append(out, b.rec)
		}
		return out
	}
	return step, fields, nil
}

// asciiLower lowers ASCII letters only, keeping byte offsets (strings.ToLower
// may change the length of text that is not valid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func aggValue(fn string, vals []float64, count, distinct int) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch fn {
	case "count":
		return strconv.Itoa(count)
	case "count_distinct":
		return strconv.Itoa(distinct)
	}
	if len(vals) == 0 {
		return ""
	}
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		sum += v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	switch fn {
	case "sum":
		return num(sum)
	case "avg":
		return num(sum / float64(len(vals)))
	case "min":
		return num(lo)
	}
	return num(hi)
}

// binTime floors an Insights timestamp to a period such as 5m, 1h, 30s, 1d.
func binTime(ts, period string) string {
	t, err := time.Parse(insightsTime, ts)
	if err != nil || len(period) < 2 {
		return ts
	}
	n, err := strconv.Atoi(period[:len(period)-1])
	if err != nil || n <= 0 {
		return ts
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[period[len(period)-1]]
	if unit == 0 {
		return ts
	}
	return t.Truncate(time.Duration(n) * unit).Format(insightsTime)
}

// --- filter conditions ---

type cond func(record) bool

func parseCond(src string) (cond, error) {
	c := &condParser{toks: tokenizeCond(src)}
	out, err := c.or()
	if err != nil {
		return nil, err
	}
	if c.pos != len(c.toks) {
		return nil, fmt.Errorf("unexpected %q in filter", c.toks[c.pos])
	}
	return out, nil
}

// tokenizeCond splits a filter into words, operators, "strings", 'strings',
// /regexes/, parentheses, brackets and commas.
func tokenizeCond(src string) []string {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"' || c == '\'' || c == '`' || (c == '/' && len(toks) > 0 && (strings.EqualFold(toks[len(toks)-1], "like") || toks[len(toks)-1] == "=~")):
			j := i + 1
			for j < len(src) && (src[j] != c || src[j-1] == '\\') {
				j++
			}
			toks = append(toks, src[i:min(j+1, len(src))])
			i = j + 1
		case strings.ContainsRune("()[],", rune(c)):
			toks = append(toks, string(c))
			i++
		case strings.ContainsRune("=!<>~", rune(c)):
			j := i + 1
			for j < len(src) && strings.ContainsRune("=!<>~", rune(src[j])) {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		default:
			j := i
			for j < len(src) && !strings.ContainsRune(" \t\n()[],=!<>~\"'", rune(src[j])) {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		}
	}
	return toks
}

type condParser struct {
	toks []string
	pos  int
}

func (c *condParser) peek() string {
	if c.pos < len(c.toks) {
		return c.toks[c.pos]
	}
	return ""
}

func (c *condParser) next() string {
	t := c.peek()
	if c.pos < len(c.toks) {
		c.pos++
	}
	return t
}

func (c *condParser) or() (cond, error) {
	l, err := c.and()
	for err == nil && strings.EqualFold(c.peek(), "or") {
		c.next()
		var r cond
		if r, err = c.and(); err == nil {
			a, b := l, r
			l = func(x record) bool { return a(x) || b(x) }
		}
	}
	return l, err
}

func (c *condParser) and() (cond, error) {
	l, err := c.not()
	for err == nil && strings.EqualFold(c.peek(), "and") {
		c.next()
		var r cond
		if r, err = c.not(); err == nil {
			a, b := l, r
			l = func(x record) bool { return a(x) && b(x) }
		}
	}
	return l, err
}

func (c *condParser) not() (cond, error) {
	if strings.EqualFold(c.peek(), "not") {
		c.next()
		x, err := c.not()
		if err != nil {
			return nil, err
		}
		return func(r record) bool { return !x(r) }, nil
	}
	return c.cmp()
}

// operand returns a function reading a literal or a field.
func operand(tok string) (func(record) (string, bool), error) {
	if tok == "" {
		return nil, fmt.Errorf("unexpected end of filter")
	}
	if tok[0] == '"' || tok[0] == '\'' {
		v := unquote(tok)
		return func(record) (string, bool) { return v, true }, nil
	}
	if _, err := strconv.ParseFloat(tok, 64); err == nil {
		return func(record) (string, bool) { return tok, true }, nil
	}
	f := strings.Trim(tok, "`")
	return func(r record) (string, bool) { v, ok := r[f]; return v, ok }, nil
}

func unquote(tok string) string {
	if len(tok) >= 2 {
		return strings.ReplaceAll(tok[1:len(tok)-1], `\`+tok[:1], tok[:1])
	}
	return tok
}

func (c *condParser) cmp() (cond, error) {
	if c.peek() == "(" {
		c.next()
		x, err := c.or()
		if err != nil {
			return nil, err
		}
		if c.next() != ")" {
			return nil, fmt.Errorf("missing ) in filter")
		}
		return x, nil
	}
	tok := c.next()
	if strings.EqualFold(tok, "ispresent") || strings.EqualFold(tok, "isempty") {
		if c.next() != "(" {
			return nil, fmt.Errorf("missing ( after %s", tok)
		}
		f := strings.Trim(c.next(), "`")
		if c.next() != ")" {
			return nil, fmt.Errorf("missing ) after %s", tok)
		}
		if strings.EqualFold(tok, "ispresent") {
			return func(r record) bool { _, ok := r[f]; return ok }, nil
		}
		return func(r record) bool { return r[f] == "" }, nil
	}
	left, err := operand(tok)
	if err != nil {
		return nil, err
	}
	op := strings.ToLower(c.peek())
	negate := false
	if op == "not" {
		c.next()
		negate = true
		op = strings.ToLower(c.peek())
	}
	switch op {
	case "like", "=~":
		c.next()
		pat := c.next()
		// like /regex/ matches a regular expression, like "text" a substring.
		match := func(v string) bool { return strings.Contains(v, unquote(pat)) }
		if strings.HasPrefix(pat, "/") && len(pat) >= 2 {
			re, err := regexp.Compile(pat[1 : len(pat)-1])
			if err != nil {
				return nil, err
			}
			match = re.MatchString
		} else if pat == "" {
			return nil, fmt.Errorf("missing pattern after like")
		}
		return func(r record) bool { v, ok := left(r); return ok && match(v) != negate }, nil
	case "in":
		c.next()
		if c.next() != "[" {
			return nil, fmt.Errorf("missing [ after in")
		}
		var set []string
		for c.peek() != "]" && c.peek() != "" {
			t := c.next()
			if t == "," {
				continue
			}
			v, _ := operand(t)
			s, _ := v(nil)
			set = append(set, s)
		}
		if c.next() != "]" {
			return nil, fmt.Errorf("missing ] after in [")
		}
		return func(r record) bool { v, ok := left(r); return ok && containsStr(set, v) != negate }, nil
	case "=", "!=", "<", ">", "<=", ">=":
		c.next()
		right, err := operand(c.next())
		if err != nil {
			return nil, err
		}
		return func(r record) bool {
			a, ok1 := left(r)
			b, ok2 := right(r)
			if !ok1 || !ok2 {
				return op == "!=" && ok1 != ok2
			}
			switch op {
			case "=":
				return a == b || (!less(a, b) && !less(b, a) && isNum(a) && isNum(b))
			case "!=":
				return !(a == b || (!less(a, b) && !less(b, a) && isNum(a) && isNum(b)))
			case "<":
				return less(a, b)
			case ">":
				return less(b, a)
			case "<=":
				return !less(b, a)
			}
			return !less(a, b)
		}, nil
	}
	if negate {
		return nil, fmt.Errorf("expected like or in after not")
	}
	// A bare field is true when present and not empty/false/0.
	return func(r record) bool {
		v, ok := left(r)
		return ok && v != "" && v != "false" && v != "0"
	}, nil
}

func isNum(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }
