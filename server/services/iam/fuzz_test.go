package iam

import "testing"

// FuzzParseDocument: any input is a document or MalformedPolicyDocument, never a panic.
func FuzzParseDocument(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringLike":{"a":["x*",1,true]}}}]}`)
	f.Add(`{"Statement":{"Effect":"Deny","NotAction":[],"NotResource":"arn:aws:s3:::${aws:username}/*"}}`)
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		for _, kind := range []docKind{identityPolicy, trustPolicy} {
			d, err := parseDocument(doc, kind)
			if err != nil {
				if _, ok := err.(*MalformedPolicyDocumentException); !ok {
					t.Fatalf("error type %T", err)
				}
				continue
			}
			evaluate([]sourcePolicy{{Doc: d}}, nil, nil, evalContext{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
				Values: map[string][]string{"aws:username": {"u"}, "a": {"xy"}}})
		}
	})
}
