package config

import (
	"reflect"
	"testing"
)

func TestResolveDefaults(t *testing.T) {
	c, err := Resolve(Flags{}, nil, "/home/u/.cache")
	if err != nil {
		t.Fatal(err)
	}
	// Defaults of the LocalStack CLI: container localstack-main, port 4566,
	// volume under the user cache dir (~/.cache/localstack/volume there).
	want := Config{Name: "localstack-main", Image: DefaultImage, Port: 4566,
		VolumeDir: "/home/u/.cache/setup-emulator/volume", Endpoint: "http://localhost:4566", Env: map[string]string{},
		ServicePorts: [2]int{4510, 4559}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Resolve = %+v\nwant %+v", c, want)
	}
}

func TestResolveFlagsBeatEnvironment(t *testing.T) {
	env := []string{"MAIN_CONTAINER_NAME=from-env", "IMAGE_NAME=img:env", "LOCALSTACK_VOLUME_DIR=/env/vol"}
	c, err := Resolve(Flags{Name: "flag", Image: "img:flag", VolumeDir: "/flag/vol", Port: 5000}, env, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "flag" || c.Image != "img:flag" || c.VolumeDir != "/flag/vol" || c.Endpoint != "http://localhost:5000" {
		t.Errorf("got %+v", c)
	}
	c, err = Resolve(Flags{}, env, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "from-env" || c.Image != "img:env" || c.VolumeDir != "/env/vol" {
		t.Errorf("got %+v", c)
	}
}

func TestResolveForwardsKnownConfiguration(t *testing.T) {
	env := []string{
		"SERVICES=s3,sqs", "DEBUG=1", "LOCALSTACK_AUTH_TOKEN=x", "PROVIDER_OVERRIDE_S3=v3",
		"LOCALSTACK_HOST=h:1", "LOCALSTACK_VOLUME_DIR=/v", "HOME=/root", "PATH=/bin", "FOO=bar",
	}
	c, err := Resolve(Flags{Env: []string{"DEBUG=0", "EXTRA=1", "FOO"}}, env, "/c")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"SERVICES": "s3,sqs", "DEBUG": "0", "LOCALSTACK_AUTH_TOKEN": "x", "PROVIDER_OVERRIDE_S3": "v3",
		"EXTRA": "1", "FOO": "bar",
	}
	if !reflect.DeepEqual(c.Env, want) {
		t.Errorf("Env = %v, want %v", c.Env, want)
	}
}

func TestParseAssignment(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"HOSTVAR": "hv"}[k] }
	tests := []struct {
		in, key, val string
		err          bool
	}{
		{"A=1", "A", "1", false},
		{"A=", "A", "", false},
		{"A=b=c", "A", "b=c", false}, // only the first '=' splits, as docker run -e
		{"HOSTVAR", "HOSTVAR", "hv", false},
		{"=x", "", "", true},
		{"A B=1", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		k, v, err := ParseAssignment(tt.in, getenv)
		if (err != nil) != tt.err || k != tt.key || v != tt.val {
			t.Errorf("ParseAssignment(%q) = %q, %q, %v; want %q, %q, err=%v", tt.in, k, v, err, tt.key, tt.val, tt.err)
		}
	}
}

func TestResolveRejectsBadInput(t *testing.T) {
	for _, f := range []Flags{{Port: 70000}, {Port: -1}, {Env: []string{"=1"}}, {EndpointURL: "localhost:4566"}} {
		if _, err := Resolve(f, nil, "/c"); err == nil {
			t.Errorf("Resolve(%+v): want error", f)
		}
	}
	if _, err := Resolve(Flags{}, nil, ""); err == nil {
		t.Error("no cache dir and no volume: want error")
	}
}

func TestServicePorts(t *testing.T) {
	tests := []struct {
		flag string
		env  map[string]string
		want [2]int
		err  bool
	}{
		{"", nil, [2]int{4510, 4559}, false}, // LocalStack: 4510 to 4560 exclusive
		{"none", nil, [2]int{}, false},
		{"5000-5009", map[string]string{"EXTERNAL_SERVICE_PORTS_START": "1"}, [2]int{5000, 5009}, false},
		{"", map[string]string{"EXTERNAL_SERVICE_PORTS_START": "6000", "EXTERNAL_SERVICE_PORTS_END": "6010"}, [2]int{6000, 6009}, false},
		{"", map[string]string{"EXTERNAL_SERVICE_PORTS_END": "4510"}, [2]int{}, false},
		{"5009-5000", nil, [2]int{}, true},
		{"x", nil, [2]int{}, true},
		{"", map[string]string{"EXTERNAL_SERVICE_PORTS_START": "x"}, [2]int{}, true},
	}
	for _, tt := range tests {
		got, err := servicePorts(tt.flag, func(k string) string { return tt.env[k] })
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("servicePorts(%q, %v) = %v, %v; want %v, err=%v", tt.flag, tt.env, got, err, tt.want, tt.err)
		}
	}
}

func TestEndpointPrecedence(t *testing.T) {
	tests := []struct {
		flag   string
		env    map[string]string
		want   string
		remote bool
	}{
		{"", nil, "http://localhost:4566", false},
		{"http://flag:1/", map[string]string{"AWS_ENDPOINT_URL": "http://env:2"}, "http://flag:1", true},
		{"", map[string]string{"AWS_ENDPOINT_URL": "http://env:2", "LOCALSTACK_HOST": "h:3"}, "http://env:2", true},
		// awscli-local: LOCALSTACK_HOST with default port 4566, https with USE_SSL.
		{"", map[string]string{"LOCALSTACK_HOST": "h"}, "http://h:4566", true},
		{"", map[string]string{"LOCALSTACK_HOST": "h:3", "USE_SSL": "1"}, "https://h:3", true},
	}
	for _, tt := range tests {
		got, remote, err := Endpoint(tt.flag, func(k string) string { return tt.env[k] }, 4566)
		if err != nil || got != tt.want || remote != tt.remote {
			t.Errorf("Endpoint(%q, %v) = %q, %v, %v; want %q, %v", tt.flag, tt.env, got, remote, err, tt.want, tt.remote)
		}
	}
}

func TestListenURL(t *testing.T) {
	tests := map[string]string{
		"":                           "http://127.0.0.1:4566",
		"0.0.0.0:4566":               "http://127.0.0.1:4566",
		":5000":                      "http://127.0.0.1:5000",
		"127.0.0.1:4599,0.0.0.0:443": "http://127.0.0.1:4599",
		"[::]:4566":                  "http://127.0.0.1:4566",
		"localhost":                  "http://localhost:4566",
	}
	for in, want := range tests {
		if got := ListenURL(in); got != want {
			t.Errorf("ListenURL(%q) = %q, want %q", in, got, want)
		}
	}
}
