package gateway

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/query"
)

// A panicking provider answers 500 InternalError in the protocol's shape
// ("exception while calling sts.GetCallerIdentity: …", LocalStack's wording,
// localstack-runtime.md §8), is logged, and the server keeps serving.
func TestProviderPanic(t *testing.T) {
	var logs bytes.Buffer
	calls := 0
	g := New(Config{
		Registry: model.NewRegistry(),
		Codecs:   map[string]protocol.Codec{"query": query.New()},
		Providers: map[string]Provider{"sts": func(awsapi.Env) map[string]awsapi.Handler {
			return map[string]awsapi.Handler{"GetCallerIdentity": {
				Input: func() any { return new(struct{}) },
				Call: func(context.Context, any) (any, error) {
					calls++
					if calls == 1 {
						panic("boom")
					}
					return &struct{}{}, nil
				},
			}}
		}},
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Env:    awsapi.Env{NewID: func() string { return "req-1" }},
	})
	do := func() (int, string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		g.ServeHTTP(w, r)
		b, _ := io.ReadAll(w.Result().Body)
		return w.Code, string(b)
	}
	status, body := do()
	if status != 500 || !strings.Contains(body, "<Code>InternalError</Code>") || !strings.Contains(body, "exception while calling sts.GetCallerIdentity: boom") || !strings.Contains(body, "req-1") {
		t.Errorf("panic answered %d %s", status, body)
	}
	if !strings.Contains(logs.String(), "provider panic") {
		t.Errorf("panic not logged: %s", logs.String())
	}
	if status, _ := do(); status != 200 {
		t.Errorf("server did not keep serving: %d", status)
	}
}
