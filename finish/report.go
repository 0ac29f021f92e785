package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

// tailLines is how much of the log a failed job prints.
const tailLines = 50

// requestLine matches LocalStack's per-request log line,
// "AWS s3.CreateBucket => 200" or "AWS sqs.GetQueueUrl => 400 (QueueDoesNotExist)",
// and the same fields as slog key=values (service=s3 operation=CreateBucket status=200).
var (
	requestLine = regexp.MustCompile(`AWS ([A-Za-z0-9-]+)\.([A-Za-z0-9]+) => ([0-9]{3})(?: \(([^)]*)\))?`)
	slogRequest = regexp.MustCompile(`service=([A-Za-z0-9-]+) operation=([A-Za-z0-9]+) status=([0-9]{3})(?: code=([A-Za-z0-9.]+))?`)
	errorLine   = regexp.MustCompile(`level=ERROR|\bERROR\b`)
)

// stats is what the log says about the job's traffic.
type stats struct {
	calls  map[string]int // "s3.CreateBucket" -> count
	errors map[string]int // "s3.GetObject 404 NoSuchKey" -> count
	logErr []string       // ERROR log lines
	lines  []string       // the whole log
}

func parseLog(b []byte) *stats {
	s := &stats{calls: map[string]int{}, errors: map[string]int{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s.lines = append(s.lines, line)
		m := requestLine.FindStringSubmatch(line)
		if m == nil {
			m = slogRequest.FindStringSubmatch(line)
		}
		if m != nil {
			op := m[1] + "." + m[2]
			s.calls[op]++
			if m[3] >= "400" {
				s.errors[strings.TrimSpace(op+" "+m[3]+" "+m[4])]++
			}
			continue
		}
		if errorLine.MatchString(line) {
			s.logErr = append(s.logErr, line)
		}
	}
	return s
}

func report(ctx context.Context, a *githubactions.Action, cli *ghaction.CLI) error {
	name := a.Getenv(ghaction.EnvName)
	logPath := ghaction.Dir(a, "logs", "emulator-"+name+".log")
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	logErr := cli.Raw(ctx, &buf, "logs")
	if logErr != nil {
		a.Warningf("setup-emulator: reading the emulator log: %v", logErr)
	}
	if err := os.WriteFile(logPath, buf.Bytes(), 0o644); err != nil {
		return err
	}
	st := parseLog(buf.Bytes())

	hctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	health, herr := endpoint.New(ghaction.Endpoint(a), 3*time.Second).Health(hctx)
	cancel()

	a.AddStepSummary(summary(a, st, health, herr))

	jobStatus := strings.ToLower(ghaction.Input(a, "job-status"))
	failed := jobStatus != "" && jobStatus != "success"
	upload := false
	switch mode := ghaction.Input(a, "upload-logs"); mode {
	case "", "on-failure":
		upload = failed
	case "always":
		upload = true
	case "never":
	default:
		return fmt.Errorf("input upload-logs %q: want on-failure, always or never", mode)
	}
	if failed {
		n := len(st.lines)
		from := n - tailLines
		if from < 0 {
			from = 0
		}
		a.Group(fmt.Sprintf("Emulator log, last %d of %d lines (job %s)", n-from, n, jobStatus))
		for _, l := range st.lines[from:] {
			a.Infof("%s", l)
		}
		a.EndGroup()
	}
	a.SetOutput("log-path", logPath)
	a.SetOutput("log-artifact", logArtifact(a, name))
	a.SetOutput("upload-log", fmt.Sprint(upload && logErr == nil))
	return nil
}

// logArtifact names the log artifact uniquely per job and matrix entry in
// a run (artifact names must be unique within a run).
func logArtifact(a *githubactions.Action, name string) string {
	parts := []string{"emulator-log", a.Getenv("GITHUB_JOB")}
	if i := ghaction.Input(a, "job-index"); i != "" {
		parts = append(parts, i)
	}
	parts = append(parts, name)
	if r := a.Getenv("GITHUB_RUN_ATTEMPT"); r != "" && r != "1" {
		parts = append(parts, "attempt"+r)
	}
	return strings.Join(nonEmpty(parts), "-")
}

func summary(a *githubactions.Action, st *stats, h *endpoint.Health, herr error) string {
	var b strings.Builder
	mode := a.Getenv(ghaction.EnvMode)
	fmt.Fprintf(&b, "### setup-emulator\n\n| | |\n|---|---|\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, mdCell(v))
		}
	}
	row("mode", mode)
	row("image", a.Getenv(ghaction.EnvImage))
	row("endpoint", a.Getenv(ghaction.EnvEndpoint))
	if h != nil {
		row("version", h.Version)
	} else {
		row("version", a.Getenv(ghaction.EnvVersion))
	}
	if r := a.Getenv(ghaction.EnvReady); r != "" {
		row("time to ready", r+" s")
	}
	if herr != nil {
		row("health at finish", "not answering: "+herr.Error())
	}

	if h != nil {
		var used []string
		for svc, state := range h.Services {
			if state == "running" {
				used = append(used, svc)
			}
		}
		sort.Strings(used)
		if len(used) == 0 {
			used = []string{"none"}
		}
		fmt.Fprintf(&b, "\n**Services used:** %s\n", strings.Join(used, ", "))
	}
	if len(st.calls) > 0 {
		fmt.Fprintf(&b, "\n| operation | requests |\n|---|---|\n")
		for _, k := range sortedKeys(st.calls) {
			fmt.Fprintf(&b, "| %s | %d |\n", k, st.calls[k])
		}
	}
	if len(st.errors) > 0 {
		fmt.Fprintf(&b, "\n| error response | count |\n|---|---|\n")
		for _, k := range sortedKeys(st.errors) {
			fmt.Fprintf(&b, "| %s | %d |\n", mdCell(k), st.errors[k])
		}
	}
	if len(st.logErr) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>%d ERROR log lines</summary>\n\n```\n", len(st.logErr))
		for i, l := range st.logErr {
			if i == 20 {
				fmt.Fprintf(&b, "... %d more\n", len(st.logErr)-20)
				break
			}
			fmt.Fprintln(&b, strings.ReplaceAll(l, "```", "'''"))
		}
		fmt.Fprintf(&b, "```\n</details>\n")
	}
	return b.String()
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mdCell keeps a value inside one markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
