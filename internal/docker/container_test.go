package docker

import (
	"bytes"
	"context"
	"errors"
	"github.com/docker/go-connections/nat"
	"io"
	"strings"
	"testing"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
	"github.com/docker/docker/api/types/network"
	"github.com/docker/docker/client"
	"github.com/docker/docker/errdefs"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// fakeAPI records calls against an in-memory set of containers and images.
type fakeAPI struct {
	containers map[string]container.InspectResponse
	images     map[string]bool
	pullErr    error
	startErr   error
	calls      []string
	created    *container.Config
	host       *container.HostConfig
}

var errNotFound = errdefs.NotFound(errors.New("not found"))

func (f *fakeAPI) ImageInspect(_ context.Context, ref string, _ ...client.ImageInspectOption) (image.InspectResponse, error) {
	if f.images[ref] {
		return image.InspectResponse{ID: ref}, nil
	}
	return image.InspectResponse{}, errNotFound
}

func (f *fakeAPI) ImagePull(_ context.Context, ref string, _ image.PullOptions) (io.ReadCloser, error) {
	f.calls = append(f.calls, "pull "+ref)
	if f.pullErr != nil {
		return nil, f.pullErr
	}
	return io.NopCloser(strings.NewReader(`{"status":"Pulling from x","id":"latest"}
{"status":"Downloading","id":"abc","progressDetail":{"current":1,"total":2048}}
{"status":"Downloading","id":"abc","progressDetail":{"current":2,"total":2048}}
{"status":"Download complete","id":"abc"}
{"status":"Pull complete","id":"abc"}
`)), nil
}

func (f *fakeAPI) ContainerCreate(_ context.Context, cfg *container.Config, host *container.HostConfig, _ *network.NetworkingConfig, _ *ocispec.Platform, name string) (container.CreateResponse, error) {
	f.calls = append(f.calls, "create "+name)
	f.created, f.host = cfg, host
	f.containers[name] = container.InspectResponse{
		ContainerJSONBase: &container.ContainerJSONBase{ID: "id-" + name, State: &container.State{}},
		Config:            cfg,
	}
	return container.CreateResponse{ID: "id-" + name}, nil
}

func (f *fakeAPI) ContainerStart(_ context.Context, id string, _ container.StartOptions) error {
	f.calls = append(f.calls, "start "+id)
	return f.startErr
}

func (f *fakeAPI) ContainerInspect(_ context.Context, id string) (container.InspectResponse, error) {
	for name, c := range f.containers {
		if name == id || c.ID == id {
			return c, nil
		}
	}
	return container.InspectResponse{}, errNotFound
}

func (f *fakeAPI) ContainerLogs(context.Context, string, container.LogsOptions) (io.ReadCloser, error) {
	return io.NopCloser(&bytes.Buffer{}), nil
}

func (f *fakeAPI) ContainerStop(_ context.Context, id string, _ container.StopOptions) error {
	f.calls = append(f.calls, "stop "+id)
	return nil
}

func (f *fakeAPI) ContainerRemove(_ context.Context, id string, _ container.RemoveOptions) error {
	f.calls = append(f.calls, "remove "+id)
	for name, c := range f.containers {
		if c.ID == id {
			delete(f.containers, name)
		}
	}
	return nil
}

func existing(name string, running, ours bool) container.InspectResponse {
	labels := map[string]string{}
	if ours {
		labels[config.ManagedLabel] = "true"
	}
	return container.InspectResponse{
		ContainerJSONBase: &container.ContainerJSONBase{ID: "old-" + name, State: &container.State{Running: running, ExitCode: 1}},
		Config:            &container.Config{Labels: labels},
	}
}

func newContainer(t *testing.T, api *fakeAPI, image string) *Container {
	c, err := config.Resolve(config.Flags{Image: image, VolumeDir: t.TempDir(), Env: []string{"SERVICES=s3"}}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return &Container{API: api, Config: c, Version: "v1", Socket: "/var/run/docker.sock"}
}

func TestStartCreatesLabelledContainer(t *testing.T) {
	api := &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{"img:1": true}}
	c := newContainer(t, api, "img:1")
	var out bytes.Buffer
	started, err := c.Start(context.Background(), &out)
	if err != nil || !started {
		t.Fatalf("Start = %v, %v", started, err)
	}
	if got := strings.Join(api.calls, ","); got != "create localstack-main,start id-localstack-main" {
		t.Errorf("calls = %s (a present pinned tag is not pulled)", got)
	}
	if api.created.Labels[config.ManagedLabel] != "true" {
		t.Errorf("labels = %v", api.created.Labels)
	}
	env := strings.Join(api.created.Env, " ")
	for _, want := range []string{"SERVICES=s3", "GATEWAY_LISTEN=0.0.0.0:4566", "MAIN_CONTAINER_NAME=localstack-main", "DOCKER_HOST=unix:///var/run/docker.sock"} {
		if !strings.Contains(env, want) {
			t.Errorf("env %q lacks %s", env, want)
		}
	}
	// LocalStack's port layout: the gateway and 4510-4559, on loopback only.
	b := api.host.PortBindings["4566/tcp"]
	if len(b) != 1 || b[0].HostIP != "127.0.0.1" || b[0].HostPort != "4566" {
		t.Errorf("4566 binding = %+v", b)
	}
	if len(api.host.PortBindings) != 51 {
		t.Errorf("%d port bindings, want 51", len(api.host.PortBindings))
	}
	if b := api.host.PortBindings["4559/tcp"]; len(b) != 1 || b[0].HostIP != "127.0.0.1" || b[0].HostPort != "4559" {
		t.Errorf("4559 binding = %+v", b)
	}
	if len(api.host.Mounts) != 2 || api.host.Mounts[0].Target != "/var/lib/localstack" || api.host.Mounts[1].Target != "/var/run/docker.sock" {
		t.Errorf("mounts = %+v", api.host.Mounts)
	}
	if api.host.AutoRemove {
		t.Error("AutoRemove would lose the logs of a crashed container")
	}
}

// A container whose start fails (ports taken) is removed, not left "Created".
func TestStartFailureRemovesContainer(t *testing.T) {
	api := &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{"img:1": true},
		startErr: errors.New("port is already allocated")}
	c := newContainer(t, api, "img:1")
	if _, err := c.Start(context.Background(), io.Discard); err == nil || !strings.Contains(err.Error(), "port is already allocated") {
		t.Fatalf("Start error = %v", err)
	}
	if got := strings.Join(api.calls, ","); got != "create localstack-main,start id-localstack-main,remove id-localstack-main" {
		t.Errorf("calls = %s", got)
	}
	if len(api.containers) != 0 {
		t.Errorf("containers left: %v", api.containers)
	}
}

func TestNonDefaultPortListensOnBoth(t *testing.T) {
	api := &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{"img:1": true}}
	c := newContainer(t, api, "img:1")
	c.Config.Port = 5000
	c.Config.ServicePorts = [2]int{} // --service-ports none
	if _, err := c.Start(context.Background(), io.Discard); err != nil {
		t.Fatal(err)
	}
	env := strings.Join(api.created.Env, " ")
	for _, want := range []string{"GATEWAY_LISTEN=0.0.0.0:4566,0.0.0.0:5000", "LOCALSTACK_HOST=localhost.localstack.cloud:5000"} {
		if !strings.Contains(env, want) {
			t.Errorf("env %q lacks %s", env, want)
		}
	}
	if b := api.host.PortBindings["4566/tcp"]; len(b) != 1 || b[0].HostPort != "5000" || len(api.host.PortBindings) != 1 {
		t.Errorf("bindings = %+v, want only 4566 on host port 5000", api.host.PortBindings)
	}
}

func TestStartIsIdempotentAndRespectsOthers(t *testing.T) {
	api := &fakeAPI{containers: map[string]container.InspectResponse{"localstack-main": existing("localstack-main", true, true)},
		images: map[string]bool{"img:1": true}}
	started, err := newContainer(t, api, "img:1").Start(context.Background(), io.Discard)
	if err != nil || started || len(api.calls) != 0 {
		t.Fatalf("running: Start = %v, %v, calls %v; want no-op", started, err, api.calls)
	}

	api.containers["localstack-main"] = existing("localstack-main", false, false)
	_, err = newContainer(t, api, "img:1").Start(context.Background(), io.Discard)
	if !errors.Is(err, instance.ErrNotManaged) || len(api.calls) != 0 {
		t.Fatalf("foreign container: Start = %v, calls %v; want ErrNotManaged, untouched", err, api.calls)
	}
	if err := newContainer(t, api, "img:1").Stop(context.Background()); !errors.Is(err, instance.ErrNotManaged) || len(api.calls) != 0 {
		t.Fatalf("foreign container: Stop = %v, calls %v; want ErrNotManaged, untouched", err, api.calls)
	}

	api.containers["localstack-main"] = existing("localstack-main", false, true)
	started, err = newContainer(t, api, "img:1").Start(context.Background(), io.Discard)
	if err != nil || !started || api.calls[0] != "remove old-localstack-main" {
		t.Fatalf("stopped own container: Start = %v, %v, calls %v; want replaced", started, err, api.calls)
	}
}

func TestStartPullPolicy(t *testing.T) {
	// latest is always pulled; a failed pull falls back to the local image.
	api := &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{"img": true},
		pullErr: errors.New("no registry")}
	var out bytes.Buffer
	if _, err := newContainer(t, api, "img").Start(context.Background(), &out); err != nil {
		t.Fatalf("Start = %v", err)
	}
	if api.calls[0] != "pull img" || !strings.Contains(out.String(), "using the local image") {
		t.Errorf("calls %v, output %q", api.calls, out.String())
	}
	// Missing and unpullable: a clear error.
	api = &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{}, pullErr: errors.New("no registry")}
	_, err := newContainer(t, api, "img:2").Start(context.Background(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not present locally") {
		t.Errorf("Start = %v", err)
	}
	// Missing and pullable: pulled with plain progress lines.
	api = &fakeAPI{containers: map[string]container.InspectResponse{}, images: map[string]bool{}}
	out.Reset()
	if _, err := newContainer(t, api, "img:2").Start(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"abc: Downloading\n", "abc: Download complete (2.0 KiB)\n", "Downloaded 2.0 KiB\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("progress %q lacks %q", out.String(), want)
		}
	}
	if strings.Count(out.String(), "Downloading") != 1 {
		t.Errorf("progress repeats Downloading: %q", out.String())
	}
}

func TestStopRemovesOwnContainer(t *testing.T) {
	api := &fakeAPI{containers: map[string]container.InspectResponse{"localstack-main": existing("localstack-main", true, true)}}
	if err := newContainer(t, api, "img:1").Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(api.calls, ","); got != "stop old-localstack-main,remove old-localstack-main" {
		t.Errorf("calls = %s", got)
	}
	if err := newContainer(t, api, "img:1").Stop(context.Background()); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("second Stop = %v, want ErrNotFound", err)
	}
}

func TestIsLatest(t *testing.T) {
	for ref, want := range map[string]bool{
		"img": true, "img:latest": true, "reg:5000/img": true, "reg:5000/img:latest": true,
		"img:1.0": false, "reg:5000/img:dev": false, "img@sha256:abc": false,
	} {
		if got := isLatest(ref); got != want {
			t.Errorf("isLatest(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestFindSocket(t *testing.T) {
	has := func(paths ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range paths {
				if p == q {
					return true
				}
			}
			return false
		}
	}
	if got := findSocket("/h", "/run/u", has("/var/run/docker.sock", "/h/.colima/default/docker.sock")); got != "" {
		t.Errorf("default socket present: got %q, want the client's default", got)
	}
	if got := findSocket("/h", "/run/u", has("/h/.colima/default/docker.sock")); got != "/h/.colima/default/docker.sock" {
		t.Errorf("got %q", got)
	}
	if got := findSocket("/h", "/run/u", has("/run/u/podman/podman.sock")); got != "/run/u/podman/podman.sock" {
		t.Errorf("got %q", got)
	}
}

// Starting a running emulator is a no-op, but one that serves on another
// port than the one asked for says so instead of silently succeeding.
func TestStartRunningOnOtherPortWarns(t *testing.T) {
	running := existing("localstack-main", true, true)
	running.HostConfig = &container.HostConfig{PortBindings: nat.PortMap{"4566/tcp": {{HostIP: "127.0.0.1", HostPort: "4804"}}}}
	api := &fakeAPI{containers: map[string]container.InspectResponse{"localstack-main": running}, images: map[string]bool{"img:1": true}}
	c := newContainer(t, api, "img:1")
	c.Config.Port = 4805
	var out bytes.Buffer
	if started, err := c.Start(context.Background(), &out); err != nil || started {
		t.Fatalf("Start = %v, %v", started, err)
	}
	if !strings.Contains(out.String(), "serves on port 4804, not the 4805 asked for") {
		t.Errorf("no port warning: %q", out.String())
	}
}
