package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// health serves a LocalStack-shaped /_localstack/health document.
func health(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_localstack/health" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"services":{"s3":"running","sqs":"available"},"edition":"community","version":"dev"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// runCLI runs one command line with a controlled environment.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	a := &app{getenv: func(k string) string { return env[k] }, environ: environ,
		stdout: &out, stderr: &errOut, version: "v9.9.9"}
	code = run(context.Background(), args, a)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	vol := t.TempDir()
	closed := "http://127.0.0.1:1"
	url := health(t)
	tests := []struct {
		args []string
		env  map[string]string
		want int
	}{
		{[]string{"version"}, nil, 0},
		{[]string{"--bogus"}, nil, 2},
		{[]string{"nosuchcommand"}, nil, 2},
		{[]string{"status", "--format", "yaml"}, nil, 2},
		{[]string{"status", "everything"}, nil, 2},
		{[]string{"status", "--endpoint-url", closed}, nil, 3},
		{[]string{"status", "--quiet", "--endpoint-url", url}, nil, 0},
		{[]string{"status", "--quiet", "--local"}, map[string]string{"GATEWAY_LISTEN": strings.TrimPrefix(url, "http://")}, 0},
		{[]string{"wait", "-t", "0"}, nil, 2},
		{[]string{"wait"}, map[string]string{"LS_WAIT_TIMEOUT": "soon"}, 2},
		{[]string{"wait", "--native", "--volume", vol, "-t", "1"}, nil, 3},
		{[]string{"wait", "--native", "--volume", vol, "-t", "5", "--endpoint-url", url}, nil, 0},
		{[]string{"wait", "--native", "--volume", vol, "-t", "5"}, map[string]string{"AWS_ENDPOINT_URL": url}, 0},
		{[]string{"wait", "--native", "--volume", vol, "-t", "0.3", "--endpoint-url", closed}, nil, 4},
		{[]string{"start", "--native", "--volume", vol, "-e", "=x"}, nil, 2},
		{[]string{"start", "--port", "99999"}, nil, 2},
		{[]string{"logs", "--native", "--volume", vol}, nil, 3},
		{[]string{"stop", "--native", "--volume", vol}, nil, 3},
		{[]string{"config", "show", "--format", "xml"}, nil, 2},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, tt.env, tt.args...)
		if code != tt.want {
			t.Errorf("emulator %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(tt.args, " "), code, tt.want, out, errOut)
		}
	}
}

func TestStatusServicesJSONIsTheServicesMap(t *testing.T) {
	// localstack status services --format=json prints exactly the map.
	code, out, _ := runCLI(t, nil, "status", "services", "--format=json", "--endpoint-url", health(t))
	var got map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, output %q", code, out)
	}
	if want := map[string]string{"s3": "running", "sqs": "available"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	code, out, _ = runCLI(t, nil, "status", "services", "--endpoint-url", health(t))
	if code != 0 || out != "SERVICE  STATE\ns3       running\nsqs      available\n" {
		t.Errorf("table: exit %d, %q", code, out)
	}
}

func TestJSONErrorEnvelope(t *testing.T) {
	code, out, _ := runCLI(t, nil, "status", "--json", "--endpoint-url", "http://127.0.0.1:1")
	var res struct {
		Command, Status string
		Error           struct {
			Code     string
			ExitCode int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 3 {
		t.Fatalf("exit %d, %q: %v", code, out, err)
	}
	if res.Command != "status" || res.Status != "error" || res.Error.Code != "NOT_RUNNING" || res.Error.ExitCode != 3 {
		t.Errorf("got %+v", res)
	}
}

func TestConfigShow(t *testing.T) {
	env := map[string]string{"SERVICES": "s3", "IMAGE_NAME": "img:env", "PATH": "/bin"}
	code, out, _ := runCLI(t, env, "config", "show", "--format", "json", "--name", "n", "--port", "5000",
		"--volume", "/v", "-e", "DEBUG=1", "--image", "img:flag")
	var got configDoc
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, %q", code, out)
	}
	want := configDoc{Name: "n", Image: "img:flag", Port: 5000, VolumeDir: "/v", Endpoint: "http://localhost:5000",
		Env: map[string]string{"SERVICES": "s3", "DEBUG": "1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version", "--json")
	var res struct{ Data map[string]string }
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Data["version"] != "v9.9.9" {
		t.Errorf("exit %d, %q", code, out)
	}
}
