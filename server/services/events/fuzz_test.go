package events

import "testing"

// FuzzPattern: any pattern text and event either compile and match, or
// fail with InvalidEventPatternException; never a panic.
func FuzzPattern(f *testing.F) {
	f.Add(`{"source":["a"],"detail":{"n":[{"numeric":[">",1,"<",5]}]}}`, `{"source":"a","detail":{"n":3}}`)
	f.Add(`{"$or":[{"a":[{"prefix":"x"}]},{"b":[{"anything-but":{"wildcard":"*z"}}]}]}`, `{"a":["xy"],"b":null}`)
	f.Add(`{"ip":[{"cidr":"10.0.0.0/8"}],"w":[{"wildcard":"a\\*b*"}]}`, `{"ip":"10.1.1.1","w":"a*bc"}`)
	f.Fuzz(func(t *testing.T, pat, event string) {
		p, err := compilePattern(pat)
		if err != nil {
			return
		}
		if ev, err := decodeEvent([]byte(event)); err == nil {
			p.matches(ev)
		}
	})
}

// FuzzTransform: templates and paths never panic.
func FuzzTransform(f *testing.F) {
	f.Add(`{"a":"<x>","b":<y>}`, "$.detail.x", `{"detail":{"x":"v"}}`)
	f.Add(`"<x> text"`, "$['a'][0]", `{"a":[1]}`)
	f.Fuzz(func(t *testing.T, tpl, path, event string) {
		ev, err := decodeEvent([]byte(event))
		if err != nil {
			return
		}
		jsonPath(ev, path)
		applyTemplate(&InputTransformer{InputTemplate: &tpl, InputPathsMap: map[string]string{"x": path, "y": path}},
			[]byte(event), ev, &rule{name: "r", arn: "arn"})
	})
}
