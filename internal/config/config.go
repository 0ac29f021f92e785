// Package config resolves the settings shared by the emulator CLI commands
// from flags and the environment, using LocalStack's variable names
// (MAIN_CONTAINER_NAME, IMAGE_NAME, LOCALSTACK_VOLUME_DIR, GATEWAY_LISTEN)
// so existing CI configuration keeps working.
package config

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Defaults, matching the LocalStack CLI where one exists
// (localstack-core/localstack/config.py: MAIN_CONTAINER_NAME, GATEWAY_LISTEN).
const (
	DefaultName  = "localstack-main"
	DefaultImage = "setup-emulator:dev"
	DefaultPort  = 4566
	// ContainerPort is where the server listens inside the image.
	ContainerPort = 4566
	// ContainerVolume is the state directory inside the image.
	ContainerVolume = "/var/lib/localstack"
	// ManagedLabel marks every container this CLI creates; stop and start
	// never touch a container without it.
	ManagedLabel = "dev.setup-emulator.managed"
)

// Config is the resolved configuration of one emulator instance.
type Config struct {
	Name      string            // container name, also the native instance name
	Image     string            // image reference for Docker mode
	Port      int               // host port mapped to the gateway
	VolumeDir string            // host dir mounted at /var/lib/localstack (native: state, log and pid files)
	Native    bool              // run as a detached host process instead of a container
	Endpoint  string            // URL of the gateway as seen from this host
	Remote    bool              // Endpoint was given explicitly (flag or env), not derived from Port
	Env       map[string]string // configuration passed to the server
	// ServicePorts is the external service port range published on
	// 127.0.0.1 ([first, last], inclusive); zero when none is published.
	ServicePorts [2]int
}

// Flags are the raw command-line values; zero values mean "not given".
type Flags struct {
	Name, Image, VolumeDir, EndpointURL string
	Port                                int
	ServicePorts                        string // "4510-4559", or "none"; "" = from env or default
	Native                              bool
	Env                                 []string // KEY=VAL from -e
}

// forwardedNames are configuration variables read from the caller's
// environment and passed to the server, like the LocalStack CLI's
// config.CONFIG_ENV_VARS (only names it recognises are forwarded).
var forwardedNames = []string{
	"SERVICES", "DEBUG", "LS_LOG", "PERSISTENCE", "EAGER_SERVICE_LOADING",
	"STRICT_SERVICE_LOADING", "SQS_ENDPOINT_STRATEGY", "DISABLE_CORS_CHECKS",
	"DISABLE_CORS_HEADERS", "EXTRA_CORS_ALLOWED_ORIGINS", "EXTRA_CORS_ALLOWED_HEADERS",
	"EXTRA_CORS_EXPOSE_HEADERS", "DYNAMODB_SHARE_DB", "DYNAMODB_IN_MEMORY",
	"S3_SKIP_SIGNATURE_VALIDATION", "SHUTDOWN_TIMEOUT", "ALLOW_NONSTANDARD_REGIONS",
	"SNAPSHOT_SAVE_STRATEGY", "SNAPSHOT_LOAD_STRATEGY", "SNAPSHOT_FLUSH_INTERVAL",
	"EXTERNAL_SERVICE_PORTS_START", "EXTERNAL_SERVICE_PORTS_END",
}

// forwarded reports whether a host variable is passed to the server.
func forwarded(name string) bool {
	if strings.HasPrefix(name, "PROVIDER_OVERRIDE_") {
		return true
	}
	// LOCALSTACK_HOST describes the host side; LOCALSTACK_VOLUME_DIR is ours.
	if strings.HasPrefix(name, "LOCALSTACK_") && name != "LOCALSTACK_HOST" && name != "LOCALSTACK_VOLUME_DIR" {
		return true
	}
	for _, n := range forwardedNames {
		if n == name {
			return true
		}
	}
	return false
}

// ParseAssignment splits one -e value. "KEY=VAL" sets KEY; "KEY" alone takes
// the value from the environment as docker run -e does.
func ParseAssignment(s string, getenv func(string) string) (key, val string, err error) {
	key, val, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " \t\n") {
		return "", "", fmt.Errorf("invalid -e %q: want KEY=VALUE", s)
	}
	if !ok {
		val = getenv(key)
	}
	return key, val, nil
}

// Resolve combines flags, the environment (environ as KEY=VAL lines) and
// defaults. userCacheDir is os.UserCacheDir's result, injected for tests.
func Resolve(f Flags, environ []string, userCacheDir string) (Config, error) {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	getenv := func(k string) string { return env[k] }

	c := Config{
		Name:      first(f.Name, getenv("MAIN_CONTAINER_NAME"), DefaultName),
		Image:     first(f.Image, getenv("IMAGE_NAME"), DefaultImage),
		VolumeDir: first(f.VolumeDir, getenv("LOCALSTACK_VOLUME_DIR")),
		Native:    f.Native,
		Port:      f.Port,
		Env:       map[string]string{},
	}
	var err error
	if c.VolumeDir == "" {
		if userCacheDir == "" {
			return Config{}, fmt.Errorf("no volume dir: set --volume or LOCALSTACK_VOLUME_DIR")
		}
		c.VolumeDir = filepath.Join(userCacheDir, "setup-emulator", "volume")
	}
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	if c.Port < 1 || c.Port > 65535 {
		return Config{}, fmt.Errorf("invalid --port %d: want 1-65535", c.Port)
	}
	for k, v := range env {
		if forwarded(k) {
			c.Env[k] = v
		}
	}
	for _, a := range f.Env {
		k, v, err := ParseAssignment(a, getenv)
		if err != nil {
			return Config{}, err
		}
		c.Env[k] = v
	}
	if c.ServicePorts, err = servicePorts(f.ServicePorts, getenv); err != nil {
		return Config{}, err
	}
	ep, remote, err := Endpoint(f.EndpointURL, getenv, c.Port)
	if err != nil {
		return Config{}, err
	}
	c.Endpoint, c.Remote = ep, remote
	return c, nil
}

// servicePorts resolves the external service port range: the flag, else
// LocalStack's EXTERNAL_SERVICE_PORTS_START (default 4510) and
// EXTERNAL_SERVICE_PORTS_END (exclusive, default 4560).
func servicePorts(flag string, getenv func(string) string) ([2]int, error) {
	if flag == "none" {
		return [2]int{}, nil
	}
	if flag != "" {
		a, b, ok := strings.Cut(flag, "-")
		lo, err1 := strconv.Atoi(a)
		hi, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || lo < 1 || hi > 65535 || lo > hi {
			return [2]int{}, fmt.Errorf("invalid --service-ports %q: want FIRST-LAST or none", flag)
		}
		return [2]int{lo, hi}, nil
	}
	lo, hi := 4510, 4560
	for _, v := range []struct {
		name string
		dst  *int
	}{{"EXTERNAL_SERVICE_PORTS_START", &lo}, {"EXTERNAL_SERVICE_PORTS_END", &hi}} {
		if s := getenv(v.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 65536 {
				return [2]int{}, fmt.Errorf("invalid %s %q", v.name, s)
			}
			*v.dst = n
		}
	}
	if hi <= lo {
		return [2]int{}, nil
	}
	return [2]int{lo, hi - 1}, nil
}

// Endpoint picks the gateway URL: the flag, then AWS_ENDPOINT_URL, then
// LOCALSTACK_HOST (host[:port], http unless USE_SSL), then localhost:port.
// remote is true when the URL came from the flag or the environment.
func Endpoint(flag string, getenv func(string) string, port int) (url string, remote bool, err error) {
	if u := first(flag, getenv("AWS_ENDPOINT_URL")); u != "" {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return "", false, fmt.Errorf("invalid endpoint URL %q: want http:// or https://", u)
		}
		return strings.TrimRight(u, "/"), true, nil
	}
	if h := getenv("LOCALSTACK_HOST"); h != "" {
		return HostURL(h, getenv("USE_SSL")), true, nil
	}
	return "http://localhost:" + strconv.Itoa(port), false, nil
}

// HostURL turns a LOCALSTACK_HOST value into a URL the way awscli-local's
// localstack_client does: scheme from USE_SSL, default port 4566.
func HostURL(host, useSSL string) string {
	scheme := "http"
	if truthy(useSSL) {
		scheme = "https"
	}
	if !strings.Contains(strings.TrimPrefix(host, "["), ":") || strings.HasSuffix(host, "]") {
		host += ":" + strconv.Itoa(DefaultPort)
	}
	return scheme + "://" + host
}

// ListenURL derives a local URL from GATEWAY_LISTEN's first address, used by
// the image's HEALTHCHECK, which must reach its own server whatever the
// advertised LOCALSTACK_HOST says.
func ListenURL(gatewayListen string) string {
	addr, _, _ := strings.Cut(gatewayListen, ",")
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "http://127.0.0.1:" + strconv.Itoa(DefaultPort)
	}
	i := strings.LastIndex(addr, ":")
	host, port := addr, strconv.Itoa(DefaultPort)
	if i >= 0 && !strings.HasSuffix(addr, "]") {
		host, port = addr[:i], addr[i+1:]
	}
	switch host {
	case "", "0.0.0.0", "[::]", "::":
		host = "127.0.0.1"
	}
	return "http://" + host + ":" + port
}

// SortedEnv returns the server configuration as sorted KEY=VAL lines.
func (c Config) SortedEnv() []string {
	out := make([]string, 0, len(c.Env))
	for k, v := range c.Env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
