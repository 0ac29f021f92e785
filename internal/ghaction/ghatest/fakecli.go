package ghatest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Reply is what the fake emulator CLI prints and returns for a command.
type Reply struct {
	Stdout string
	Stderr string
	Exit   int
}

// FakeCLI writes an `emulator` shell script into a new directory (return
// it as SETUP_EMULATOR_CLI_DIR) that answers each command (start, wait,
// status, stop, logs, ...) with its Reply and records every call. It needs
// a POSIX shell, so callers skip on Windows.
type FakeCLI struct {
	Dir   string
	calls string
}

// NewFakeCLI builds the script from replies keyed by command name;
// unknown commands exit 0 silently.
func NewFakeCLI(t *testing.T, replies map[string]Reply) *FakeCLI {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake emulator CLI is a shell script")
	}
	dir := t.TempDir()
	f := &FakeCLI{Dir: dir, calls: filepath.Join(dir, "calls")}
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\nprintf '%%s\\037' \"$@\" >> '%s'\nprintf '\\036' >> '%s'\ncmd=\nfor a in \"$@\"; do\n  case \"$a\" in start|wait|status|stop|logs|version) cmd=$a; break;; esac\ndone\ncase \"$cmd\" in\n", f.calls, f.calls)
	names := make([]string, 0, len(replies))
	for n := range replies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r := replies[n]
		fmt.Fprintf(&b, "  %s)\n    cat <<'__OUT__'\n%s\n__OUT__\n    cat >&2 <<'__ERR__'\n%s\n__ERR__\n    exit %d;;\n", n, r.Stdout, r.Stderr, r.Exit)
	}
	b.WriteString("esac\nexit 0\n")
	if err := os.WriteFile(filepath.Join(dir, "emulator"), []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	return f
}

// Calls returns the argument lists of every call so far.
func (f *FakeCLI) Calls(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile(f.calls)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, rec := range strings.Split(string(b), "\x1e") {
		if rec == "" {
			continue
		}
		out = append(out, strings.Split(strings.TrimSuffix(rec, "\x1f"), "\x1f"))
	}
	return out
}

// Call returns the first call whose arguments include cmd, or nil.
func (f *FakeCLI) Call(t *testing.T, cmd string) []string {
	t.Helper()
	for _, c := range f.Calls(t) {
		for _, a := range c {
			if a == cmd {
				return c
			}
		}
	}
	return nil
}
