package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

const sampleLog = `time=2026-01-01T00:00:00Z level=INFO msg="listening" addr=0.0.0.0:4566
Ready.
2026-01-01T00:00:01 INFO --- [request] localstack.request.aws : AWS s3.CreateBucket => 200
2026-01-01T00:00:01 INFO --- [request] localstack.request.aws : AWS s3.PutObject => 200
2026-01-01T00:00:02 INFO --- [request] localstack.request.aws : AWS s3.PutObject => 200
2026-01-01T00:00:03 INFO --- [request] localstack.request.aws : AWS sqs.GetQueueUrl => 400 (AWS.SimpleQueueService.NonExistentQueue)
time=2026-01-01T00:00:04Z level=INFO msg=request service=dynamodb operation=GetItem status=404 code=ResourceNotFoundException
time=2026-01-01T00:00:05Z level=ERROR msg="provider panic" service=sqs`

func env(t *testing.T, cli *ghatest.FakeCLI, over map[string]string) *ghatest.Env {
	vars := map[string]string{
		"INPUT_PHASE": "report", "INPUT_JOB_STATUS": "", "INPUT_UPLOAD_LOGS": "", "INPUT_JOB_INDEX": "",
		ghaction.EnvMode: "docker", ghaction.EnvName: "localstack-main", ghaction.EnvVolume: "/tmp/vol",
		ghaction.EnvImage: "emu:1", ghaction.EnvEndpoint: "", ghaction.EnvReady: "0.42",
		ghaction.EnvVersion: "v1.0.0", ghaction.EnvCLIDir: cli.Dir, "AWS_ENDPOINT_URL": "",
		"GITHUB_JOB": "test", "GITHUB_RUN_ATTEMPT": "1",
	}
	for k, v := range over {
		vars[k] = v
	}
	return ghatest.New(t, vars)
}

func healthServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"services":{"s3":"running","sqs":"running","sts":"available"},"edition":"community","version":"4.0.0"}`))
	}))
}

func TestReportSummary(t *testing.T) {
	srv := healthServer()
	defer srv.Close()
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"logs": {Stdout: sampleLog}})
	e := env(t, cli, map[string]string{ghaction.EnvEndpoint: srv.URL, "INPUT_JOB_STATUS": "success"})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	sum := e.Summary()
	for _, want := range []string{
		"| mode | docker |", "| image | emu:1 |", "| version | 4.0.0 |", "| time to ready | 0.42 s |",
		"**Services used:** s3, sqs\n",
		"| s3.PutObject | 2 |", "| s3.CreateBucket | 1 |", "| dynamodb.GetItem | 1 |",
		"| sqs.GetQueueUrl 400 AWS.SimpleQueueService.NonExistentQueue | 1 |",
		"| dynamodb.GetItem 404 ResourceNotFoundException | 1 |",
		"1 ERROR log lines", `msg="provider panic"`,
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	out := e.Outputs()
	if out["upload-log"] != "false" {
		t.Errorf("upload-log = %q for a successful job", out["upload-log"])
	}
	if b, err := os.ReadFile(out["log-path"]); err != nil || string(b) != sampleLog+"\n" {
		t.Errorf("log file %s: %v %q", out["log-path"], err, b)
	}
	if logs := cli.Call(t, "logs"); !slices.Contains(logs, "localstack-main") || slices.Contains(logs, "--native") {
		t.Errorf("logs args %q", logs)
	}
}

func TestReportOnFailureUploadsAndPrintsTail(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"logs": {Stdout: sampleLog}})
	e := env(t, cli, map[string]string{
		"INPUT_JOB_STATUS": "failure", "INPUT_JOB_INDEX": "1", ghaction.EnvMode: "native",
		ghaction.EnvEndpoint: "http://127.0.0.1:1", // not answering any more
	})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	out := e.Outputs()
	if out["upload-log"] != "true" || out["log-artifact"] != "emulator-log-test-1-localstack-main" {
		t.Errorf("outputs %v", out)
	}
	if !strings.Contains(e.Out.String(), "AWS sqs.GetQueueUrl => 400") || len(e.Commands("group")) != 1 {
		t.Errorf("the log tail was not printed in a group:\n%s", e.Out.String())
	}
	if !strings.Contains(e.Summary(), "health at finish | not answering") {
		t.Errorf("summary does not say the emulator stopped answering:\n%s", e.Summary())
	}
	if logs := cli.Call(t, "logs"); !slices.Contains(logs, "--native") {
		t.Errorf("native mode logs args %q", logs)
	}
}

func TestUploadLogsModes(t *testing.T) {
	for _, c := range []struct{ mode, status, want string }{
		{"always", "success", "true"}, {"never", "failure", "false"}, {"", "cancelled", "true"}, {"on-failure", "", "false"},
	} {
		cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"logs": {Stdout: "Ready."}})
		e := env(t, cli, map[string]string{"INPUT_UPLOAD_LOGS": c.mode, "INPUT_JOB_STATUS": c.status, ghaction.EnvEndpoint: "http://127.0.0.1:1"})
		if err := run(context.Background(), e.Action()); err != nil {
			t.Fatal(err)
		}
		if got := e.Outputs()["upload-log"]; got != c.want {
			t.Errorf("upload-logs %q job %q: upload-log = %q, want %q", c.mode, c.status, got, c.want)
		}
	}
	cli := ghatest.NewFakeCLI(t, nil)
	e := env(t, cli, map[string]string{"INPUT_UPLOAD_LOGS": "sometimes", ghaction.EnvEndpoint: "http://127.0.0.1:1"})
	if err := run(context.Background(), e.Action()); err == nil {
		t.Errorf("upload-logs sometimes accepted")
	}
}

func TestStop(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"stop": {Stdout: `{"command":"stop","status":"ok","data":{"name":"localstack-main"}}`}})
	e := env(t, cli, map[string]string{"INPUT_PHASE": "stop", ghaction.EnvMode: "native"})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatal(err)
	}
	stop := cli.Call(t, "stop")
	if !slices.Contains(stop, "--native") || !slices.Contains(stop, "/tmp/vol") {
		t.Errorf("stop args %q", stop)
	}
	// A failed stop warns; it never fails the job.
	cli = ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"stop": {Stdout: `{"command":"stop","status":"error","error":{"code":"NOT_RUNNING","exitCode":3,"message":"no emulator"}}`, Exit: 3}})
	e = env(t, cli, map[string]string{"INPUT_PHASE": "stop"})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatal(err)
	}
	if len(e.Commands("warning")) != 1 {
		t.Errorf("warnings = %q", e.Commands("warning"))
	}
}

// finish in a job where startup never ran: nothing to do, no CLI call.
func TestNothingStarted(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, nil)
	for _, phase := range []string{"report", "stop"} {
		e := env(t, cli, map[string]string{"INPUT_PHASE": phase, ghaction.EnvMode: ""})
		if err := run(context.Background(), e.Action()); err != nil {
			t.Fatal(err)
		}
	}
	if calls := cli.Calls(t); len(calls) > 0 {
		t.Errorf("CLI called: %q", calls)
	}
}
