package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

const (
	startOK  = `{"command":"start","status":"ok","data":{"name":"localstack-main","kind":"docker","id":"c0ffee","image":"emu:1","endpoint":"http://localhost:4566","started":true}}`
	waitOK   = `{"command":"wait","status":"ok","data":{"endpoint":"http://localhost:4566","seconds":0.4}}`
	statusOK = `{"services":{"s3":"available","sqs":"running"},"edition":"community","version":"4.0.0"}`
	waitDied = `{"command":"wait","status":"error","error":{"code":"EXITED","exitCode":5,"message":"emulator exited with code 3 before it was ready","emulatorExitCode":3,"logTail":["listen tcp: bad address","bye"]}}`
)

// env declares every variable startup may read, unset unless overridden.
func env(t *testing.T, cli *ghatest.FakeCLI, over map[string]string) *ghatest.Env {
	vars := map[string]string{
		"INPUT_MODE": "", "INPUT_IMAGE": "emu", "INPUT_IMAGE_TAG": "1", "IMAGE_NAME": "",
		"INPUT_BUILD": "", "INPUT_SKIP_WAIT": "", "INPUT_EXPORT_ENDPOINT": "", "INPUT_WAIT_TIMEOUT": "",
		"LS_WAIT_TIMEOUT": "", "INPUT_PORT": "", "INPUT_CONFIGURATION": "", "INPUT_USE_PRO": "",
		"MAIN_CONTAINER_NAME": "", "LOCALSTACK_VOLUME_DIR": "",
		"SETUP_EMULATOR_PULL_PID": "", "SETUP_EMULATOR_PULL_LOG": "",
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_DEFAULT_REGION": "",
		ghaction.EnvCLIDir: cli.Dir,
	}
	for k, v := range over {
		vars[k] = v
	}
	return ghatest.New(t, vars)
}

func okCLI(t *testing.T) *ghatest.FakeCLI {
	return ghatest.NewFakeCLI(t, map[string]ghatest.Reply{
		"start": {Stdout: startOK}, "wait": {Stdout: waitOK}, "status": {Stdout: statusOK},
	})
}

func TestDockerStart(t *testing.T) {
	cli := okCLI(t)
	e := env(t, cli, map[string]string{
		"INPUT_CONFIGURATION": "SERVICES=s3,sqs\nX=\"$(touch /tmp/pwned) `id`\" Y='a b'",
		"AWS_ACCESS_KEY_ID":   "mine",
	})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v\n%s", err, e.Out.String())
	}
	start := cli.Call(t, "start")
	for _, want := range [][]string{
		{"--name", "localstack-main"}, {"--port", "4566"}, {"--image", "emu:1"},
		{"-e", "SERVICES=s3,sqs"}, {"-e", "X=$(touch /tmp/pwned) `id`"}, {"-e", "Y=a b"},
		{"--volume", e.Dir + "/setup-emulator/volume"},
	} {
		if !containsSeq(start, want) {
			t.Errorf("start args %q lack %q", start, want)
		}
	}
	if slices.Contains(start, "--native") {
		t.Errorf("docker mode passed --native: %q", start)
	}
	if wait := cli.Call(t, "wait"); !containsSeq(wait, []string{"--timeout", "30"}) {
		t.Errorf("wait args %q, want --timeout 30", wait)
	}
	out := e.Outputs()
	for k, want := range map[string]string{
		"container-id": "c0ffee", "endpoint-url": "http://localhost:4566", "version": "4.0.0",
		"services": `{"s3":"available","sqs":"running"}`,
	} {
		if out[k] != want {
			t.Errorf("output %s = %q, want %q", k, out[k], want)
		}
	}
	if _, ok := out["pid"]; ok {
		t.Errorf("docker mode set the pid output")
	}
	exp := e.Exported()
	for k, want := range map[string]string{
		"AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
		ghaction.EnvMode: "docker", ghaction.EnvName: "localstack-main", ghaction.EnvImage: "emu:1",
		ghaction.EnvEndpoint: "http://localhost:4566",
	} {
		if exp[k] != want {
			t.Errorf("exported %s = %q, want %q", k, exp[k], want)
		}
	}
	if _, ok := exp["AWS_ACCESS_KEY_ID"]; ok {
		t.Errorf("overwrote the user's AWS_ACCESS_KEY_ID")
	}
}

func TestNativeStart(t *testing.T) {
	cli := okCLI(t)
	e := env(t, cli, map[string]string{
		"INPUT_MODE": "native", "INPUT_PORT": "4599", "MAIN_CONTAINER_NAME": "e2e",
		"LS_WAIT_TIMEOUT": "12", "INPUT_EXPORT_ENDPOINT": "false",
	})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	start := cli.Call(t, "start")
	if !slices.Contains(start, "--native") || slices.Contains(start, "--image") {
		t.Errorf("native start args %q", start)
	}
	if !containsSeq(start, []string{"--port", "4599"}) || !containsSeq(start, []string{"--name", "e2e"}) {
		t.Errorf("start args %q lack port or name", start)
	}
	if wait := cli.Call(t, "wait"); !containsSeq(wait, []string{"--timeout", "12"}) {
		t.Errorf("wait args %q, want LS_WAIT_TIMEOUT's 12", wait)
	}
	if got := e.Outputs()["pid"]; got != "c0ffee" {
		t.Errorf("pid output = %q", got)
	}
	if _, ok := e.Exported()["AWS_ENDPOINT_URL"]; ok {
		t.Errorf("export-endpoint false still exported AWS_ENDPOINT_URL")
	}
}

// When the emulator dies before ready, the step fails with its exit code
// and the annotation carries the log tail; finish still finds it.
func TestWaitFailureCarriesExitCodeAndTail(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{
		"start": {Stdout: startOK}, "wait": {Stdout: waitDied, Exit: 5},
	})
	e := env(t, cli, nil)
	err := run(context.Background(), e.Action())
	var ce *ghaction.CLIError
	if !errors.As(err, &ce) || ce.ExitCode != 5 {
		t.Fatalf("run error = %v, want the CLI's exit 5", err)
	}
	if got := exitCode(err); got != 3 {
		t.Errorf("exitCode = %d, want the emulator's 3", got)
	}
	ghaction.Fail(e.Action(), "setup-emulator startup", err)
	ann := strings.Join(e.Commands("error"), "\n")
	if !strings.Contains(ann, "listen tcp: bad address%0Abye") || !strings.Contains(ann, "exited with code 3") {
		t.Errorf("annotation = %q", ann)
	}
	if e.Exported()[ghaction.EnvMode] != "docker" {
		t.Errorf("the mode was not exported before waiting, so finish could not stop it")
	}
}

func TestBadInputsFailBeforeStarting(t *testing.T) {
	for name, over := range map[string]map[string]string{
		"configuration": {"INPUT_CONFIGURATION": "DEBUG=1 oops"},
		"mode":          {"INPUT_MODE": "podman"},
		"port":          {"INPUT_PORT": "70000"},
		"timeout":       {"INPUT_WAIT_TIMEOUT": "-1"},
		"bool":          {"INPUT_SKIP_WAIT": "sometimes"},
	} {
		t.Run(name, func(t *testing.T) {
			cli := okCLI(t)
			e := env(t, cli, over)
			if err := run(context.Background(), e.Action()); err == nil {
				t.Fatal("run succeeded")
			}
			if calls := cli.Calls(t); len(calls) > 0 {
				t.Errorf("the CLI ran: %q", calls)
			}
		})
	}
}

func TestDockerUnavailableSuggestsNative(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{
		"start": {Stdout: `{"command":"start","status":"error","error":{"code":"RUNTIME_UNAVAILABLE","exitCode":6,"message":"cannot connect to the Docker daemon"}}`, Exit: 6},
	})
	e := env(t, cli, nil)
	err := run(context.Background(), e.Action())
	if err == nil || !strings.Contains(err.Error(), "mode: native") {
		t.Errorf("run error = %v, want a hint to use mode: native", err)
	}
}

func TestSkipWaitAndUsePro(t *testing.T) {
	cli := ghatest.NewFakeCLI(t, map[string]ghatest.Reply{"start": {Stdout: startOK}, "status": {Exit: 3}})
	e := env(t, cli, map[string]string{"INPUT_SKIP_WAIT": "true", "INPUT_USE_PRO": "true"})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	if cli.Call(t, "wait") != nil {
		t.Errorf("skip-wait still waited")
	}
	if w := e.Commands("warning"); len(w) != 1 || !strings.Contains(w[0], "use-pro") {
		t.Errorf("warnings = %q, want one about use-pro", w)
	}
	if got := e.Outputs()["services"]; got != "{}" {
		t.Errorf("services = %q, want {} while not ready", got)
	}
}

func containsSeq(args, seq []string) bool {
	for i := 0; i+len(seq) <= len(args); i++ {
		if slices.Equal(args[i:i+len(seq)], seq) {
			return true
		}
	}
	return false
}
