package sns

import "testing"

// FuzzFilterPolicy: any policy text parses to a policy or an InvalidParameter
// error, never a panic, and a parsed policy evaluates any body.
func FuzzFilterPolicy(f *testing.F) {
	for _, seed := range []string{
		`{"a":["b"]}`, `{"a":[{"numeric":[">",0,"<=",5]}]}`, `{"a":[{"anything-but":{"prefix":"x"}}]}`,
		`{"a":{"b":[{"exists":false}]}}`, `{"$or":[{"a":["1"]},{"b":[2]}]}`, `{"ip":[{"cidr":"10.0.0.0/8"}]}`,
		`{"a":[null,true,1.5e3]}`, `[]`, `{"a":[{"numeric":["=",1,"<",2]}]}`,
	} {
		f.Add(seed, `{"a":"b","b":2,"ip":"10.1.2.3","n":[1,{"b":["x"]}]}`)
	}
	f.Fuzz(func(t *testing.T, policy, body string) {
		for _, scope := range []string{scopeAttributes, scopeBody} {
			p, err := parseFilterPolicy(policy, scope)
			if err != nil {
				if _, ok := err.(*InvalidParameterException); !ok {
					t.Fatalf("error %T %v", err, err)
				}
				continue
			}
			p.matchBody(body)
			p.matchAttributes(map[string]MessageAttributeValue{"a": str(body), "b": num(body), "n": arr(body)})
		}
	})
}
