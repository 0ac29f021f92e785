package sns

import (
	"testing"
)

func str(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: ptr("String"), StringValue: ptr(v)}
}
func num(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: ptr("Number"), StringValue: ptr(v)}
}
func arr(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: ptr("String.Array"), StringValue: ptr(v)}
}

// The cases follow the SNS Developer Guide, "Amazon SNS message filtering":
// attribute string matching (exact, prefix, suffix, equals-ignore-case,
// anything-but, cidr), numeric matching (exact, ranges), key matching
// (exists), AND across keys, OR within a key and with "$or".
func TestFilterAttributes(t *testing.T) {
	attrs := map[string]MessageAttributeValue{
		"customer_interests": arr(`["rugby","football","baseball"]`),
		"store":              str("example_corp"),
		"event":              str("order_placed"),
		"price_usd":          num("210.75"),
		"source_ip":          str("10.0.0.255"),
		"blob":               {DataType: ptr("Binary"), BinaryValue: []byte{1}},
	}
	cases := []struct {
		policy string
		want   bool
	}{
		{`{"store":["example_corp"]}`, true},
		{`{"store":["other_corp"]}`, false},
		{`{"store":["other_corp","example_corp"]}`, true},
		{`{"customer_interests":["rugby"]}`, true}, // any element of a String.Array
		{`{"customer_interests":["soccer"]}`, false},
		{`{"store":["example_corp"],"event":["order_cancelled"]}`, false}, // AND across keys
		{`{"price_usd":[210.75]}`, true},
		{`{"price_usd":[210.7500]}`, true},
		{`{"price_usd":["210.75"]}`, false}, // a string does not match a Number attribute
		{`{"price_usd":[{"numeric":[">",100]}]}`, true},
		{`{"price_usd":[{"numeric":[">=",0,"<",100]}]}`, false},
		{`{"price_usd":[{"numeric":[">",200,"<=",210.75]}]}`, true},
		{`{"price_usd":[{"numeric":["=",210.75]}]}`, true},
		{`{"store":[{"numeric":[">",0]}]}`, false},
		{`{"event":[{"prefix":"order_"}]}`, true},
		{`{"event":[{"prefix":"bill_"}]}`, false},
		{`{"event":[{"suffix":"_placed"}]}`, true},
		{`{"event":[{"equals-ignore-case":"ORDER_PLACED"}]}`, true},
		{`{"event":[{"anything-but":"order_cancelled"}]}`, true},
		{`{"event":[{"anything-but":["order_placed","order_cancelled"]}]}`, false},
		{`{"event":[{"anything-but":{"prefix":"order_"}}]}`, false},
		{`{"event":[{"anything-but":{"suffix":"_shipped"}}]}`, true},
		{`{"price_usd":[{"anything-but":[100,500]}]}`, true},
		{`{"price_usd":[{"anything-but":210.75}]}`, false},
		{`{"missing":[{"anything-but":"x"}]}`, false}, // anything-but needs the attribute
		{`{"store":[{"exists":true}]}`, true},
		{`{"missing":[{"exists":true}]}`, false},
		{`{"missing":[{"exists":false}]}`, true},
		{`{"store":[{"exists":false}]}`, false},
		{`{"blob":[{"exists":true}]}`, true}, // Binary attributes only satisfy exists
		{`{"blob":["AQ=="]}`, false},
		{`{"source_ip":[{"cidr":"10.0.0.0/24"}]}`, true},
		{`{"source_ip":[{"cidr":"10.0.1.0/24"}]}`, false},
		{`{"store":["nope"],"$or":[{"event":["order_placed"]},{"price_usd":[1]}]}`, false},
		{`{"store":["example_corp"],"$or":[{"event":["x"]},{"price_usd":[{"numeric":[">",200]}]}]}`, true},
		{`{"$or":[{"event":["x"]},{"price_usd":[1]}]}`, false},
		{`{"missing":["a"]}`, false},
	}
	for _, c := range cases {
		f, err := parseFilterPolicy(c.policy, scopeAttributes)
		if err != nil {
			t.Errorf("%s: %v", c.policy, err)
			continue
		}
		if got := f.matchAttributes(attrs); got != c.want {
			t.Errorf("%s: matched %v, want %v", c.policy, got, c.want)
		}
	}
	// A message without attributes matches only policies of absent keys.
	f, _ := parseFilterPolicy(`{"store":["example_corp"]}`, scopeAttributes)
	if f.matchAttributes(nil) {
		t.Error("policy matched a message without attributes")
	}
}

// Payload-based filtering: the policy mirrors the JSON body (SNS Developer
// Guide, "Message body filtering"); arrays in the body offer each element, and
// a body that is not JSON matches nothing.
func TestFilterBody(t *testing.T) {
	body := `{"order":{"status":"placed","total":42.5,"items":[{"sku":"a1"},{"sku":"b2"}],"tags":["gift","rush"]},"region":"eu-west-1","note":null}`
	cases := []struct {
		policy string
		want   bool
	}{
		{`{"region":["eu-west-1"]}`, true},
		{`{"order":{"status":["placed"]}}`, true},
		{`{"order":{"status":["shipped"]}}`, false},
		{`{"order":{"total":[{"numeric":[">",40]}]}}`, true},
		{`{"order":{"tags":["rush"]}}`, true},
		{`{"order":{"items":{"sku":["b2"]}}}`, true},
		{`{"order":{"items":{"sku":["c3"]}}}`, false},
		{`{"order":{"missing":[{"exists":false}]}}`, true},
		{`{"note":[null]}`, true},
		{`{"region":[{"prefix":"eu-"}],"order":{"status":[{"anything-but":"cancelled"}]}}`, true},
		{`{"$or":[{"region":["us-east-1"]},{"order":{"status":["placed"]}}]}`, true},
	}
	for _, c := range cases {
		f, err := parseFilterPolicy(c.policy, scopeBody)
		if err != nil {
			t.Errorf("%s: %v", c.policy, err)
			continue
		}
		if got := f.matchBody(body); got != c.want {
			t.Errorf("%s: matched %v, want %v", c.policy, got, c.want)
		}
	}
	f, _ := parseFilterPolicy(`{"region":[{"exists":false}]}`, scopeBody)
	if f.matchBody("not json") {
		t.Error("non-JSON body matched")
	}
}

// Invalid policies are InvalidParameter "FilterPolicy: ..." (SNS Developer
// Guide, "Filter policy constraints": 5 keys, 150 combinations).
func TestFilterPolicyValidation(t *testing.T) {
	bad := []struct{ policy, scope, message string }{
		{`not json`, scopeAttributes, "FilterPolicy: failed to parse JSON."},
		{`["a"]`, scopeAttributes, ""},
		{`{"a":"b"}`, scopeAttributes, `FilterPolicy: "a" must be an object or an array`},
		{`{"a":[]}`, scopeAttributes, "FilterPolicy: Empty arrays are not allowed"},
		{`{"a":{"b":["c"]}}`, scopeAttributes, "Filter policy scope MessageAttributes does not support nested filter policy"},
		{`{"a":[{"prefix":1}]}`, scopeAttributes, "FilterPolicy: prefix match pattern must be a string"},
		{`{"a":[{"numeric":[]}]}`, scopeAttributes, "FilterPolicy: Invalid member in numeric match: ]"},
		{`{"a":[{"numeric":["<",1,">",0]}]}`, scopeAttributes, "FilterPolicy: Too many elements in numeric expression"},
		{`{"a":[{"numeric":[">",5,"<",1]}]}`, scopeAttributes, "FilterPolicy: Bottom must be less than top"},
		{`{"a":[{"numeric":[">",0,"=",1]}]}`, scopeAttributes, "FilterPolicy: Bad numeric range operator: ="},
		{`{"a":[{"numeric":["!",1]}]}`, scopeAttributes, "FilterPolicy: Unrecognized numeric range operator: !"},
		{`{"a":[{"numeric":["=","x"]}]}`, scopeAttributes, "FilterPolicy: Value of equals must be numeric"},
		{`{"a":[{"numeric":[">",0,"<",5,"<",6]}]}`, scopeAttributes, "FilterPolicy: Too many terms in numeric range expression"},
		{`{"a":[{"exists":"yes"}]}`, scopeAttributes, "FilterPolicy: exists match pattern must be either true or false."},
		{`{"a":[{"cidr":"10.0.0.1"}]}`, scopeAttributes, "FilterPolicy: Malformed CIDR, one '/' required"},
		{`{"a":[{"cidr":"10.0.0.1/x"}]}`, scopeAttributes, "FilterPolicy: Malformed CIDR, mask bits must be an integer"},
		{`{"a":[{"cidr":"10.0.0.300/24"}]}`, scopeAttributes, "FilterPolicy: Nonstandard IP address: 10.0.0.300"},
		{`{"a":[{"anything-but":{"numeric":[">",1]}}]}`, scopeAttributes, "FilterPolicy: Unsupported anything-but pattern: numeric"},
		{`{"a":[{"prefix":"x","suffix":"y"}]}`, scopeAttributes, "FilterPolicy: Only one key allowed in match expression"},
		{`{"a":[{"wildcard":"x*"}]}`, scopeAttributes, "FilterPolicy: Unrecognized match type wildcard"},
		{`{"a":[["x"]]}`, scopeAttributes, "FilterPolicy: Match value must be String, number, true, false, or null"},
		{`{"$or":[{"a":["b"]}]}`, scopeAttributes, ""},
		{`{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}`, scopeAttributes, "FilterPolicy: Filter policy can not have more than 5 keys"},
		{`{"a":["1","2","3","4","5","6"],"b":["1","2","3","4","5"],"c":["1","2","3","4","5","6"]}`, scopeAttributes, "FilterPolicy: Filter policy is too complex"},
		// Nested keys count their depth: 4 values at depth 3 and 3 at depth 2 make
		// 3·4·2·3 = 72 combinations (the guide's example); 9 values make 162.
		{`{"a":{"b":{"c":["1","2","3","4","5","6","7","8","9"]}},"d":{"e":["1","2","3"]}}`, scopeBody, "FilterPolicy: Filter policy is too complex"},
	}
	for _, c := range bad {
		_, err := parseFilterPolicy(c.policy, c.scope)
		want := ""
		if c.message != "" {
			want = "Invalid parameter: " + c.message
		}
		wantErr(t, err, "InvalidParameter", want)
	}
	// The guide's 72-combination example is accepted, as are numbers past 10^9.
	for _, ok := range []string{
		`{"a":{"b":{"c":["1","2","3","4"]}},"d":{"e":["1","2","3"]}}`,
		`{"a":[2000000000]}`,
	} {
		if _, err := parseFilterPolicy(ok, scopeBody); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
