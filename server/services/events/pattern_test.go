package events

import (
	"testing"
)

// Cases follow the EventBridge User Guide, "Content filtering in Amazon
// EventBridge event patterns" and "Event patterns" (examples and rules:
// arrays match when any element matches, missing fields match only
// exists:false, numbers compare numerically).
func TestPatternMatching(t *testing.T) {
	event := `{"version":"0","id":"1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
	"account":"123456789012","time":"2026-01-02T03:04:05Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abc"],
	"detail":{"state":"running","instance-id":"i-abc","c-count":5,"d-count":2.5,"ip":"10.0.0.12","tags":["a","b"],
	"nested":{"deep":{"x":"y"}},"items":[{"sku":"a","qty":1},{"sku":"b","qty":5}],"empty":null,"flag":true,"filename":"photos/cat.png","Mixed":"AlPhA"}}`
	ev, err := decodeEvent([]byte(event))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{"source":["aws.ec2"]}`, true},
		{`{"source":["aws.s3"]}`, false},
		{`{"source":["aws.s3","aws.ec2"]}`, true},
		{`{"detail":{"state":["running"]}}`, true},
		{`{"detail":{"state":["stopped"]}}`, false},
		{`{"detail":{"nested":{"deep":{"x":["y"]}}}}`, true},
		{`{"detail":{"nested":{"deep":{"x":["z"]}}}}`, false},
		{`{"detail":{"tags":["b"]}}`, true},
		{`{"detail":{"tags":["c"]}}`, false},
		{`{"detail":{"empty":[null]}}`, true},
		{`{"detail":{"flag":[true]}}`, true},
		{`{"detail":{"c-count":[5]}}`, true},
		{`{"detail":{"c-count":["5"]}}`, false},
		{`{"detail":{"c-count":[5.0]}}`, true},
		{`{"source":[{"prefix":"aws."}]}`, true},
		{`{"source":[{"prefix":"AWS."}]}`, false},
		{`{"source":[{"prefix":{"equals-ignore-case":"AWS."}}]}`, true},
		{`{"detail":{"filename":[{"suffix":".png"}]}}`, true},
		{`{"detail":{"filename":[{"suffix":".jpg"}]}}`, false},
		{`{"detail":{"filename":[{"suffix":{"equals-ignore-case":".PNG"}}]}}`, true},
		{`{"detail":{"Mixed":[{"equals-ignore-case":"alpha"}]}}`, true},
		{`{"detail":{"Mixed":[{"equals-ignore-case":"beta"}]}}`, false},
		{`{"detail":{"state":[{"anything-but":"stopped"}]}}`, true},
		{`{"detail":{"state":[{"anything-but":["stopped","running"]}]}}`, false},
		{`{"detail":{"c-count":[{"anything-but":[1,2,3]}]}}`, true},
		{`{"detail":{"state":[{"anything-but":{"prefix":"run"}}]}}`, false},
		{`{"detail":{"state":[{"anything-but":{"suffix":"ing"}}]}}`, false},
		{`{"detail":{"state":[{"anything-but":{"equals-ignore-case":["RUNNING"]}}]}}`, false},
		{`{"detail":{"state":[{"anything-but":{"wildcard":"r*g"}}]}}`, false},
		{`{"detail":{"state":[{"anything-but":{"wildcard":"s*"}}]}}`, true},
		{`{"detail":{"missing":[{"anything-but":"x"}]}}`, false},
		{`{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}`, true},
		{`{"detail":{"c-count":[{"numeric":[">",5]}]}}`, false},
		{`{"detail":{"d-count":[{"numeric":["=",2.5]}]}}`, true},
		{`{"detail":{"state":[{"numeric":[">",0]}]}}`, false},
		{`{"detail":{"state":[{"exists":true}]}}`, true},
		{`{"detail":{"missing":[{"exists":true}]}}`, false},
		{`{"detail":{"missing":[{"exists":false}]}}`, true},
		{`{"detail":{"state":[{"exists":false}]}}`, false},
		{`{"detail":{"nested":[{"exists":true}]}}`, false},
		{`{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}`, true},
		{`{"detail":{"ip":[{"cidr":"10.0.1.0/24"}]}}`, false},
		{`{"detail":{"filename":[{"wildcard":"photos/*.png"}]}}`, true},
		{`{"detail":{"filename":[{"wildcard":"*/dog*"}]}}`, false},
		{`{"resources":[{"wildcard":"arn:aws:ec2:*:instance/*"}]}`, true},
		{`{"source":["aws.s3"],"$or":[{"detail":{"state":["running"]}},{"detail":{"flag":[true]}}]}`, false},
		{`{"$or":[{"source":["aws.s3"]},{"detail":{"c-count":[{"numeric":[">",1]}]}}]}`, true},
		{`{"$or":[{"source":["aws.s3"]},{"detail":{"state":["stopped"]}}]}`, false},
		{`{"detail":{"$or":[{"state":["x"]},{"flag":[true]}]}}`, true},
		{`{"detail":{"state":["running"],"flag":[false]}}`, false},
		{`{"detail-type":["EC2 Instance State-change Notification"],"account":["123456789012"]}`, true},
		{`{"detail":{"missing":{"deeper":[{"exists":false}]}}}`, true},
		{`{"detail":{"items":{"sku":["b"],"qty":[{"numeric":[">",2]}]}}}`, true},
		{`{"detail":{"items":{"sku":["a"],"qty":[{"numeric":[">",2]}]}}}`, false},
		{`{"detail":{"items":{"sku":["c"]}}}`, false},
	}
	for _, c := range cases {
		p, err := compilePattern(c.pattern)
		if err != nil {
			t.Errorf("%s: %v", c.pattern, err)
			continue
		}
		if got := p.matches(ev); got != c.want {
			t.Errorf("%s: matches = %v, want %v", c.pattern, got, c.want)
		}
	}
}

// Invalid patterns are InvalidEventPatternException (PutRule and
// TestEventPattern documentation).
func TestPatternErrors(t *testing.T) {
	for _, p := range []string{
		`not json`, `[]`, `"x"`, `{"source":"aws.ec2"}`, `{"source":[{"prefix":1}]}`,
		`{"source":[{"numeric":[">"]}]}`, `{"source":[{"numeric":["<",5,">",1]}]}`, `{"source":[{"numeric":[">",5,"<",1]}]}`,
		`{"source":[{"exists":"yes"}]}`, `{"source":[{"cidr":"nope"}]}`, `{"source":[{"unknown":"x"}]}`,
		`{"$or":[{"source":["a"]}]}`, `{"source":[{"wildcard":"a**b"}]}`, `{"source":[{"prefix":"a","suffix":"b"}]}`,
		`{"source":[{"anything-but":{"nope":"x"}}]}`, `{"source":[{"anything-but":[{"prefix":"a"}]}]}`,
	} {
		_, err := compilePattern(p)
		if err == nil {
			t.Errorf("%s: no error", p)
			continue
		}
		wantCode(t, err, "InvalidEventPatternException")
	}
}

func TestWildcard(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true}, {"a*", "abc", true}, {"*c", "abc", true}, {"a*c", "ac", true}, {"a*b*c", "aXbYc", true},
		{"a*b*c", "acb", false}, {`a\*b`, "a*b", true}, {`a\*b`, "axb", false}, {"aba", "aba", true}, {"a*a", "a", false},
	} {
		if got := wildcardMatch(c.pat, c.s); got != c.want {
			t.Errorf("wildcard(%q, %q) = %v", c.pat, c.s, got)
		}
	}
}
