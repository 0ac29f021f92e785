package query

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// FuzzDecode feeds arbitrary form bodies to the query codec (ec2=false,
// against the sns model) and the ec2 codec (ec2=true, the ec2 model): it must
// never panic, and every failure must be an *awsapi.Error with a 4xx status.
// Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	reg := model.NewRegistry()
	sns, err := reg.Service("sns")
	if err != nil {
		f.Fatal(err)
	}
	ec2, err := reg.Service("ec2")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Action=Publish&Message=m&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=String", false)
	f.Add("Action=DescribeInstances&Filter.1.Name=n&Filter.1.Value.1=v&MaxResults=5", true)
	f.Fuzz(func(t *testing.T, body string, isEC2 bool) {
		c, svc := New(), sns
		if isEC2 {
			c, svc = NewEC2(), ec2
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		protocoltest.CheckDecode(t, c, svc, r)
	})
}

// TestBodyLimits: a body beyond the gateway's http.MaxBytesReader or the
// codec's own MaxBodyBytes is 413 RequestEntityTooLarge, not a read failure.
func TestBodyLimits(t *testing.T) {
	svc, err := model.NewRegistry().Service("sts")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("Action=GetCallerIdentity&Policy="+strings.Repeat("x", 100)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 50)
	_, err = New().Operation(svc, r)
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("err = %v, want 413", err)
	}
}
