// Package awslocal builds the command line and environment with which
// awslocal runs the user's own AWS CLI against the emulator, following
// awscli-local (bin/awslocal, localstack_client/config.py): the endpoint
// from AWS_ENDPOINT_URL or LOCALSTACK_HOST, and test credentials and
// us-east-1 only where the user has configured none. It never installs or
// replaces the AWS CLI.
package awslocal

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"github.com/setup-emulator/setup-emulator/internal/config"
)

// Env is the process context awslocal reads, injected for tests.
type Env struct {
	Getenv   func(string) string
	Home     string                       // user home, for ~/.aws
	ReadFile func(string) ([]byte, error) // os.ReadFile in production
}

// Endpoint is the emulator URL: AWS_ENDPOINT_URL, else LOCALSTACK_HOST
// (https when USE_SSL), else http://localhost:4566.
func (e Env) Endpoint() string {
	if u := e.Getenv("AWS_ENDPOINT_URL"); u != "" {
		return u
	}
	if h := e.Getenv("LOCALSTACK_HOST"); h != "" {
		return config.HostURL(h, e.Getenv("USE_SSL"))
	}
	return "http://localhost:4566"
}

// Args returns the aws arguments: the endpoint (and --no-verify-ssl for
// https via USE_SSL) before the user's, unless the user passed their own
// --endpoint-url.
func (e Env) Args(user []string) []string {
	if hasFlag(user, "--endpoint-url") {
		return append([]string(nil), user...)
	}
	ep := e.Endpoint()
	out := []string{"--endpoint-url=" + ep}
	if strings.HasPrefix(ep, "https://") && truthy(e.Getenv("USE_SSL")) && !hasFlag(user, "--no-verify-ssl") {
		out = append(out, "--no-verify-ssl")
	}
	return append(out, user...)
}

// ExtraEnv returns the variables to add: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY "test" when no credentials are configured, and
// AWS_DEFAULT_REGION us-east-1 when no region is.
func (e Env) ExtraEnv(user []string) []string {
	var out []string
	if !e.hasCredentials(user) {
		out = append(out, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test")
	}
	if !e.hasRegion(user) {
		out = append(out, "AWS_DEFAULT_REGION=us-east-1")
	}
	return out
}

// hasCredentials follows the AWS CLI's provider chain loosely: environment,
// a named profile, then the shared credentials and config files.
func (e Env) hasCredentials(user []string) bool {
	if e.Getenv("AWS_ACCESS_KEY_ID") != "" || e.Getenv("AWS_PROFILE") != "" ||
		e.Getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != "" || e.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" ||
		e.Getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != "" || hasFlag(user, "--profile") {
		return true
	}
	if keys := e.profileKeys(e.file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), "default"); keys["aws_access_key_id"] {
		return true
	}
	keys := e.profileKeys(e.file("AWS_CONFIG_FILE", "config"), "default")
	for _, k := range []string{"aws_access_key_id", "credential_process", "role_arn", "sso_session", "sso_start_url", "credential_source"} {
		if keys[k] {
			return true
		}
	}
	return false
}

func (e Env) hasRegion(user []string) bool {
	if e.Getenv("AWS_REGION") != "" || e.Getenv("AWS_DEFAULT_REGION") != "" || hasFlag(user, "--region") {
		return true
	}
	profile := "default"
	if p := e.Getenv("AWS_PROFILE"); p != "" {
		profile = p
	}
	if p := flagValue(user, "--profile"); p != "" {
		profile = p
	}
	return e.profileKeys(e.file("AWS_CONFIG_FILE", "config"), profile)["region"]
}

func (e Env) file(envName, base string) string {
	if p := e.Getenv(envName); p != "" {
		return p
	}
	if e.Home == "" {
		return ""
	}
	return filepath.Join(e.Home, ".aws", base)
}

// profileKeys returns the keys set in one profile's section of an INI file
// ("[default]", "[profile x]" in config, "[x]" in credentials).
func (e Env) profileKeys(path, profile string) map[string]bool {
	keys := map[string]bool{}
	if path == "" {
		return keys
	}
	b, err := e.ReadFile(path)
	if err != nil {
		return keys
	}
	in := false
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "["), "]"))
			name = strings.TrimSpace(strings.TrimPrefix(name, "profile "))
			in = name == profile
			continue
		}
		if k, _, ok := strings.Cut(line, "="); in && ok {
			keys[strings.ToLower(strings.TrimSpace(k))] = true
		}
	}
	return keys
}

// hasFlag reports --flag or --flag=value before a bare "--".
func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

func flagValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v
		}
	}
	return ""
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// OSEnv is the production Env.
func OSEnv() Env {
	home, _ := os.UserHomeDir()
	return Env{Getenv: os.Getenv, Home: home, ReadFile: os.ReadFile}
}
