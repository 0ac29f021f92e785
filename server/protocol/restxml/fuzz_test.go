package restxml

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// FuzzDecode feeds arbitrary requests (method, request target, a header
// line, body) to the codec against the s3 model (route53 when route53 is
// set): it must never panic, every error (streaming body reads included)
// must be an *awsapi.Error with a 4xx status. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	reg := model.NewRegistry()
	s3, err := reg.Service("s3")
	if err != nil {
		f.Fatal(err)
	}
	r53, err := reg.Service("route53")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("PUT", "/b/k?tagging", "Content-Type: application/xml", []byte("<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>"), false)
	f.Add("PUT", "/b/k", "Content-Encoding: aws-chunked", []byte("5;chunk-signature=x\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"), false)
	f.Add("POST", "/2013-04-01/hostedzone/Z1/rrset/", "", []byte("<ChangeResourceRecordSetsRequest><ChangeBatch/></ChangeResourceRecordSetsRequest>"), true)
	c := New()
	f.Fuzz(func(t *testing.T, method, target, header string, body []byte, route53 bool) {
		svc := s3
		if route53 {
			svc = r53
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || method == "" || strings.ContainsAny(method, " \r\n") {
			return
		}
		r := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
		if k, v, ok := strings.Cut(header, ":"); ok {
			r.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
		protocoltest.CheckDecode(t, c, svc, r)
	})
}
