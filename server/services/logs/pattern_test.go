package logs

import "testing"

// Cases from the CloudWatch Logs User Guide, "Filter pattern syntax for
// metric filters, subscription filters, filter log events and Live Tail":
// terms, quoted phrases, ?OR terms, -exclusions, %regex%, JSON patterns and
// space-delimited patterns.
func TestFilterPatterns(t *testing.T) {
	cases := []struct {
		pattern, msg string
		want         bool
	}{
		{"", "anything", true},
		{"ERROR", "[ERROR] disk full", true},
		{"ERROR", "error lower case", false},
		{"ERROR Exception", "ERROR: NullPointer Exception", true},
		{"ERROR Exception", "ERROR only", false},
		{`"Failed to connect"`, "Failed to connect to db", true},
		{`"Failed to connect"`, "Failed once to connect", false},
		{"?ERROR ?WARN", "WARN low disk", true},
		{"?ERROR ?WARN", "INFO fine", false},
		{"ERROR -Retry", "ERROR Retry scheduled", false},
		{"ERROR -Retry", "ERROR fatal", true},
		{"%[0-9]{3}-[0-9]{4}%", "call 555-1234 now", true},
		{`{ $.level = "error" }`, `{"level":"error","code":500}`, true},
		{`{ $.level = "error" }`, `{"level":"info"}`, false},
		{`{ $.level = error }`, `{"level":"error"}`, true},
		{`{ $.code >= 500 && $.level = "err*" }`, `{"level":"error","code":503}`, true},
		{`{ $.code >= 500 && $.level = "err*" }`, `{"level":"error","code":404}`, false},
		{`{ $.code = 404 || $.code = 500 }`, `{"code":500}`, true},
		{`{ ($.a = 1 && $.b = 2) || $.c = 3 }`, `{"a":1,"b":3,"c":3}`, true},
		{`{ $.user.id = 42 }`, `{"user":{"id":42}}`, true},
		{`{ $.items[1] = "b" }`, `{"items":["a","b"]}`, true},
		{`{ $.tags[*] = "x" }`, `{"tags":["y","x"]}`, true},
		{`{ $.missing NOT EXISTS }`, `{"a":1}`, true},
		{`{ $.v IS NULL }`, `{"v":null}`, true},
		{`{ $.ok IS TRUE }`, `{"ok":true}`, true},
		{`{ $.a != 1 }`, `{"a":2}`, true},
		{`{ $.a = 1 }`, `not json`, false},
		{`[ip, user, username, timestamp, request, status_code = 4*, bytes]`, `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326`, true},
		{`[ip, user, username, timestamp, request, status_code = 4*, bytes]`, `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`, false},
		{`[ip, ..., bytes > 1000]`, `10.0.0.1 a b c 2326`, true},
		{`[ip, ..., bytes > 1000]`, `10.0.0.1 a b c 20`, false},
		{`[a, b]`, `one two three`, false},
		{`[a, b = x || b = y]`, `one y`, true},
	}
	for _, tc := range cases {
		p, err := compilePattern(tc.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		if got, _ := p.match(tc.msg); got != tc.want {
			t.Errorf("%q on %q = %v, want %v", tc.pattern, tc.msg, got, tc.want)
		}
	}
	for _, bad := range []string{`{ $.a = }`, `{ $.a = 1`, `[a, b`, `"unterminated`, `{ a = 1 }`} {
		if _, err := compilePattern(bad); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
	p, _ := compilePattern(`[ip, user, ..., status, bytes]`)
	_, vals := p.match(`1.2.3.4 bob x y 200 512`)
	if vals["$status"] != "200" || vals["$bytes"] != "512" || vals["$ip"] != "1.2.3.4" {
		t.Fatalf("extracted = %v", vals)
	}
}

// FuzzFilterPattern: no pattern or message panics.
func FuzzFilterPattern(f *testing.F) {
	f.Add(`{ $.a = 1 && $.b = "x" }`, `{"a":1,"b":"x"}`)
	f.Add(`[a, ..., b > 3]`, `x y z 4`)
	f.Add(`?A -B "c d" %e+%`, `A c d eee`)
	f.Fuzz(func(t *testing.T, pat, msg string) {
		if p, err := compilePattern(pat); err == nil {
			p.match(msg)
		}
	})
}

// FuzzInsightsQuery: no query string panics when parsed and run.
func FuzzInsightsQuery(f *testing.F) {
	f.Add(`fields @timestamp, level | filter level = "error" and ms > 3 | sort ms desc | limit 5`)
	f.Add(`stats count(*) as n, avg(ms) by svc, bin(5m)`)
	f.Add(`parse @message "user=* action=*" as user, action | display user`)
	f.Add(`filter @message like /a|b/ or not ispresent(x) and svc in ["a", 'b']`)
	recs := func() []record {
		return []record{
			eventRecord("000000000000", "g", "s", event{ID: 1, Time: 1000, Message: `{"level":"error","ms":5,"svc":"a"}`}),
			eventRecord("000000000000", "g", "s", event{ID: 2, Time: 2000, Message: `user=bob action=x`}),
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		if p, err := parseQuery(q); err == nil {
			p.run(recs())
		}
	})
}
