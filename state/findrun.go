package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

// maxRunLookups bounds the GET /actions/runs/{id} calls made to match an
// artifact's run to this workflow.
const maxRunLookups = 20

// artifact is one entry of GET /repos/{owner}/{repo}/actions/artifacts
// (docs.github.com/en/rest/actions/artifacts#list-artifacts-for-a-repository).
type artifact struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Expired     bool      `json:"expired"`
	CreatedAt   time.Time `json:"created_at"`
	WorkflowRun struct {
		ID         int64  `json:"id"`
		HeadBranch string `json:"head_branch"`
	} `json:"workflow_run"`
}

// findRun picks the run to download state from. run-id pins one. Without
// github-token only the current run is searched (download-artifact's
// default), so it returns "". Otherwise it is the newest run of this
// workflow, other than this one, with an unexpired artifact of that name,
// whatever that run's conclusion: setup-localstack only ever looks at the
// latest successful run.
func findRun(ctx context.Context, a *githubactions.Action, name string) (string, error) {
	if id := ghaction.Input(a, "run-id"); id != "" {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return "", fmt.Errorf("input run-id %q is not a workflow run id", id)
		}
		return id, nil
	}
	token := ghaction.Input(a, "github-token")
	if token == "" {
		return "", nil
	}
	gh := &githubAPI{
		Base: strings.TrimRight(first(a.Getenv("GITHUB_API_URL"), "https://api.github.com"), "/"),
		Repo: a.Getenv("GITHUB_REPOSITORY"), Token: token,
		HTTP: &http.Client{Timeout: 30 * time.Second},
	}
	if gh.Repo == "" {
		return "", fmt.Errorf("GITHUB_REPOSITORY is unset")
	}
	current := a.Getenv("GITHUB_RUN_ID")
	workflow, err := gh.workflowOf(ctx, current)
	if err != nil {
		return "", err
	}
	var list struct {
		Artifacts []artifact `json:"artifacts"`
	}
	q := url.Values{"name": {name}, "per_page": {"100"}}
	if err := gh.get(ctx, "/actions/artifacts?"+q.Encode(), &list); err != nil {
		return "", err
	}
	sort.SliceStable(list.Artifacts, func(i, j int) bool {
		return list.Artifacts[i].CreatedAt.After(list.Artifacts[j].CreatedAt)
	})
	lookups := 0
	for _, art := range list.Artifacts {
		run := strconv.FormatInt(art.WorkflowRun.ID, 10)
		if art.Expired || art.Name != name || run == current {
			continue
		}
		if lookups++; lookups > maxRunLookups {
			break
		}
		w, err := gh.workflowOf(ctx, run)
		if err != nil {
			return "", err
		}
		if w == workflow {
			a.Infof("Loading state %q from run %s (branch %s, %s)", name, run, art.WorkflowRun.HeadBranch, art.CreatedAt.Format(time.RFC3339))
			return run, nil
		}
	}
	a.Warningf("No artifact %q in earlier runs of this workflow; starting with an empty emulator", name)
	return "", nil
}

// githubAPI is the few REST calls findRun needs.
type githubAPI struct {
	Base, Repo, Token string
	HTTP              *http.Client
}

// workflowOf returns the workflow id of a run.
func (g *githubAPI) workflowOf(ctx context.Context, runID string) (int64, error) {
	var run struct {
		WorkflowID int64 `json:"workflow_id"`
	}
	if err := g.get(ctx, "/actions/runs/"+url.PathEscape(runID), &run); err != nil {
		return 0, err
	}
	return run.WorkflowID, nil
}

func (g *githubAPI) get(ctx context.Context, path string, out interface{}) error {
	u := g.Base + "/repos/" + g.Repo + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+g.Token)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	resp, err := g.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("GitHub API: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GitHub API: GET %s: HTTP %d: %s (does github-token have actions: read?)", u, resp.StatusCode, snippet(resp.Body))
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
