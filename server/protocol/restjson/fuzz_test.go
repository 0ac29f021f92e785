package restjson

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// FuzzDecode feeds arbitrary methods, request targets, a header and bodies to
// Operation and Decode of Lambda and services with greedy labels, header
// lists, prefix header maps and query maps: no panic, and failures only as
// 4xx *awsapi.Error. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	services := []string{"lambda", "greengrassv2", "entityresolution", "dataexchange", "lex-runtime"}
	svcs := make(map[string]*model.Service)
	for _, name := range services {
		svcs[name] = protocoltest.LoadService(f, name)
	}
	c := New()
	f.Add(uint8(0), "POST", "/2015-03-31/functions", "", "", []byte(`{"FunctionName":"f","Timeout":3}`))
	f.Fuzz(func(t *testing.T, which uint8, method, target, hname, hvalue string, body []byte) {
		svc := svcs[services[int(which)%len(services)]]
		u, err := url.ParseRequestURI(target)
		if err != nil || method == "" {
			return // not a request net/http would hand us
		}
		r := httptest.NewRequest("GET", "/", bytes.NewReader(body))
		r.Method, r.URL = method, u
		if hname != "" {
			r.Header[hname] = []string{hvalue}
		}
		protocoltest.CheckDecode(t, c, svc, r)
	})
}
