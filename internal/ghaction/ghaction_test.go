package ghaction_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

func TestImage(t *testing.T) {
	cases := []struct{ imageName, image, tag, want string }{
		{"", "", "", ghaction.DefaultImage + ":latest"},
		{"", "", "1.2.3", ghaction.DefaultImage + ":1.2.3"},
		{"", "setup-emulator", "dev", "setup-emulator:dev"},
		{"", "registry:5000/emu", "v1", "registry:5000/emu:v1"},
		{"", "emu:pinned", "v1", "emu:pinned"},
		{"", "emu@sha256:abc", "v1", "emu@sha256:abc"},
		// IMAGE_NAME wins, as in setup-localstack's startup.
		{"mine:7", "emu", "v1", "mine:7"},
	}
	for _, c := range cases {
		e := ghatest.New(t, map[string]string{"IMAGE_NAME": c.imageName, "INPUT_IMAGE": c.image, "INPUT_IMAGE_TAG": c.tag})
		if got := ghaction.Image(e.Action()); got != c.want {
			t.Errorf("Image(IMAGE_NAME=%q image=%q tag=%q) = %q, want %q", c.imageName, c.image, c.tag, got, c.want)
		}
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{"": true, "true": true, "True": true, "false": false, "no": false, " 1 ": true} {
		e := ghatest.New(t, map[string]string{"INPUT_SKIP_WAIT": in})
		got, err := ghaction.Bool(e.Action(), "skip-wait", true)
		if err != nil || got != want {
			t.Errorf("Bool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	e := ghatest.New(t, map[string]string{"INPUT_SKIP_WAIT": "maybe"})
	if _, err := ghaction.Bool(e.Action(), "skip-wait", false); err == nil || !strings.Contains(err.Error(), "skip-wait") {
		t.Errorf("Bool(maybe) error = %v, want one naming the input", err)
	}
}

func TestSeconds(t *testing.T) {
	cases := []struct {
		input, env string
		want       time.Duration
		bad        bool
	}{
		{"", "", 30 * time.Second, false},
		{"", "12", 12 * time.Second, false}, // LS_WAIT_TIMEOUT
		{"5", "12", 5 * time.Second, false}, // the input wins
		{"1.5", "", 1500 * time.Millisecond, false},
		{"0", "", 0, true},
		{"", "soon", 0, true},
	}
	for _, c := range cases {
		e := ghatest.New(t, map[string]string{"INPUT_WAIT_TIMEOUT": c.input, "LS_WAIT_TIMEOUT": c.env})
		got, err := ghaction.Seconds(e.Action(), "wait-timeout", "LS_WAIT_TIMEOUT", 30*time.Second)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("Seconds(input %q, env %q) = %v, %v; want %v (error %v)", c.input, c.env, got, err, c.want, c.bad)
		}
	}
}

func TestCheckNamesMissingRunnerFiles(t *testing.T) {
	e := ghatest.New(t, map[string]string{})
	e.Set("GITHUB_ENV", "")
	err := ghaction.Check(e.Action())
	if err == nil || !strings.Contains(err.Error(), "GITHUB_ENV") {
		t.Errorf("Check = %v, want an error naming GITHUB_ENV", err)
	}
}

// A CLI failure becomes one annotation with the code, the emulator's exit
// code and its log tail (newlines escaped as the runner wants).
func TestFailAnnotatesLogTail(t *testing.T) {
	e := ghatest.New(t, nil)
	code := 3
	err := &ghaction.CLIError{Args: []string{"wait"}, ExitCode: 5, Body: &ghaction.ErrorBody{
		Code: "EXITED", ExitCode: 5, Message: "emulator exited with code 3 before it was ready",
		EmulatorExitCode: &code, LogTail: []string{"boom: bad GATEWAY_LISTEN", "exit"},
	}}
	ghaction.Fail(e.Action(), "setup-emulator startup", errors.Join(err))
	got := e.Commands("error")
	if len(got) != 1 {
		t.Fatalf("annotations = %q, want one", got)
	}
	for _, want := range []string{"::error title=setup-emulator startup::", "EXITED", "exited with code 3", "boom: bad GATEWAY_LISTEN%0Aexit"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("annotation %q lacks %q", got[0], want)
		}
	}
}
