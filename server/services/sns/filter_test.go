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
	bad := []struct{ policy, scope string }{
		{`not json`, scopeAttributes},
		{`["a"]`, scopeAttributes},
		{`{"a":"b"}`, scopeAttributes},
		{`{"a":[]}`, scopeAttributes},
		{`{"a":{"b":["c"]}}`, scopeAttributes},
		{`{"a":[{"prefix":1}]}`, scopeAttributes},
		{`{"a":[{"numeric":["<",1,">",0]}]}`, scopeAttributes},
		{`{"a":[{"numeric":[">",5,"<",1]}]}`, scopeAttributes},
		{`{"a":[{"numeric":["!",1]}]}`, scopeAttributes},
		{`{"a":[{"numeric":[">","x"]}]}`, scopeAttributes},
		{`{"a":[{"exists":"yes"}]}`, scopeAttributes},
		{`{"a":[{"cidr":"10.0.0.1"}]}`, scopeAttributes},
		{`{"a":[{"anything-but":{"numeric":[">",1]}}]}`, scopeAttributes},
		{`{"a":[{"prefix":"x","suffix":"y"}]}`, scopeAttributes},
		{`{"a":[2000000000]}`, scopeAttributes},
		{`{"$or":[{"a":["b"]}]}`, scopeAttributes},
		{`{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}`, scopeAttributes},
		{`{"a":["1","2","3","4","5","6"],"b":["1","2","3","4","5"],"c":["1","2","3","4","5","6"]}`, scopeAttributes},
	}
	for _, c := range bad {
		_, err := parseFilterPolicy(c.policy, c.scope)
		wantErr(t, err, "InvalidParameter", "")
	}
}
