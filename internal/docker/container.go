package docker

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
	"github.com/docker/docker/api/types/mount"
	"github.com/docker/docker/pkg/stdcopy"
	"github.com/docker/go-connections/nat"

	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// Container is an emulator run as a Docker container; it implements
// instance.Instance.
type Container struct {
	API     API
	Config  config.Config
	Version string // recorded in a label
	// Socket is the host engine socket mounted into the container so the
	// server can start sibling containers (Lambda); "" mounts none.
	Socket string
	// TTY renders pull progress bars; otherwise one plain line per layer event.
	TTY bool
	// StopTimeout bounds graceful shutdown before the engine kills it.
	StopTimeout time.Duration
}

// Kind implements instance.Instance.
func (c *Container) Kind() string { return "docker" }

// State implements instance.Instance.
func (c *Container) State(ctx context.Context) (instance.State, error) {
	info, err := c.API.ContainerInspect(ctx, c.Config.Name)
	if isNotFound(err) {
		return instance.State{}, nil
	}
	if err != nil {
		return instance.State{}, err
	}
	st := instance.State{Exists: true, ID: info.ID, ExitCode: -1}
	if info.State != nil {
		st.Running = info.State.Running || info.State.Restarting
		st.ExitCode = info.State.ExitCode
	}
	return st, nil
}

// managed reports whether the container carries our label.
func managed(info container.InspectResponse) bool {
	return info.Config != nil && info.Config.Labels[config.ManagedLabel] == "true"
}

// Start implements instance.Instance: idempotent when our container runs, a
// stopped container of ours is replaced, anyone else's is left alone.
func (c *Container) Start(ctx context.Context, progress io.Writer) (bool, error) {
	info, err := c.API.ContainerInspect(ctx, c.Config.Name)
	switch {
	case isNotFound(err):
	case err != nil:
		return false, err
	case !managed(info):
		return false, fmt.Errorf("container %q: %w; remove it or pick another --name", c.Config.Name, instance.ErrNotManaged)
	case info.State != nil && info.State.Running:
		fmt.Fprintf(progress, "Container %s is already running (%s)\n", c.Config.Name, short(info.ID))
		if port := gatewayHostPort(info); port != "" && port != strconv.Itoa(c.Config.Port) {
			fmt.Fprintf(progress, "Warning: it serves on port %s, not the %d asked for; stop it first, or start another with --name\n", port, c.Config.Port)
		}
		return false, nil
	default:
		fmt.Fprintf(progress, "Removing stopped container %s (exit code %d)\n", c.Config.Name, info.State.ExitCode)
		c.saveLogs(ctx, info.ID)
		if err := c.API.ContainerRemove(ctx, info.ID, container.RemoveOptions{Force: true}); err != nil && !isNotFound(err) {
			return false, err
		}
	}
	if err := c.ensureImage(ctx, progress); err != nil {
		return false, err
	}
	if err := os.MkdirAll(c.Config.VolumeDir, 0o755); err != nil {
		return false, fmt.Errorf("volume dir: %w", err)
	}
	cfg, host, err := c.spec()
	if err != nil {
		return false, err
	}
	created, err := c.API.ContainerCreate(ctx, cfg, host, nil, nil, c.Config.Name)
	if err != nil {
		return false, fmt.Errorf("create container %s: %w", c.Config.Name, err)
	}
	if err := c.API.ContainerStart(ctx, created.ID, container.StartOptions{}); err != nil {
		// A container that never ran (ports taken, bad mount) has no logs worth
		// keeping; leaving it "Created" would block the next start of that name.
		_ = c.API.ContainerRemove(ctx, created.ID, container.RemoveOptions{Force: true})
		return false, fmt.Errorf("start container %s: %w", c.Config.Name, err)
	}
	fmt.Fprintf(progress, "Started container %s (%s) from %s, gateway on 127.0.0.1:%d\n",
		c.Config.Name, short(created.ID), c.Config.Image, c.Config.Port)
	return true, nil
}

// spec builds the create request: ports on 127.0.0.1, the volume dir, the
// engine socket, the configuration as environment and our labels.
func (c *Container) spec() (*container.Config, *container.HostConfig, error) {
	env := map[string]string{}
	for k, v := range c.Config.Env {
		env[k] = v
	}
	listen := "0.0.0.0:" + strconv.Itoa(config.ContainerPort)
	if c.Config.Port != config.ContainerPort {
		// URLs the server returns (queue URLs) must name the host-side
		// port; the server also listens on it so those URLs work inside
		// the container too (init scripts, awslocal in the full image).
		setDefault(env, "LOCALSTACK_HOST", "localhost.localstack.cloud:"+strconv.Itoa(c.Config.Port))
		listen += ",0.0.0.0:" + strconv.Itoa(c.Config.Port)
	}
	setDefault(env, "GATEWAY_LISTEN", listen)
	setDefault(env, "MAIN_CONTAINER_NAME", c.Config.Name)
	mounts := []mount.Mount{{Type: mount.TypeBind, Source: abs(c.Config.VolumeDir), Target: config.ContainerVolume}}
	if c.Socket != "" {
		mounts = append(mounts, mount.Mount{Type: mount.TypeBind, Source: c.Socket, Target: "/var/run/docker.sock"})
		setDefault(env, "DOCKER_HOST", "unix:///var/run/docker.sock")
	}
	specs := []string{"127.0.0.1:" + strconv.Itoa(c.Config.Port) + ":" + strconv.Itoa(config.ContainerPort)}
	if sp := c.Config.ServicePorts; sp[0] != 0 {
		r := strconv.Itoa(sp[0]) + "-" + strconv.Itoa(sp[1])
		specs = append(specs, "127.0.0.1:"+r+":"+r)
	}
	exposed, bindings, err := nat.ParsePortSpecs(specs)
	if err != nil {
		return nil, nil, err
	}
	cfg := &container.Config{
		Image:        c.Config.Image,
		Env:          sortedEnv(env),
		ExposedPorts: exposed,
		Labels: map[string]string{
			config.ManagedLabel:               "true",
			"dev.setup-emulator.cli-version":  c.Version,
			"dev.setup-emulator.volume-dir":   abs(c.Config.VolumeDir),
			"dev.setup-emulator.gateway-port": strconv.Itoa(c.Config.Port),
		},
	}
	host := &container.HostConfig{
		PortBindings: bindings, Mounts: mounts,
		// LocalStack's DNS answers localhost.localstack.cloud with itself;
		// a hosts entry does the same without a DNS server.
		ExtraHosts: []string{"localhost.localstack.cloud:127.0.0.1"},
	}
	return cfg, host, nil
}

// ensureImage pulls when the image is missing or tagged latest; a failed
// pull falls back to a local image (registries may be unreachable in CI).
func (c *Container) ensureImage(ctx context.Context, progress io.Writer) error {
	_, err := c.API.ImageInspect(ctx, c.Config.Image)
	local := err == nil
	if err != nil && !isNotFound(err) {
		return err
	}
	if local && !isLatest(c.Config.Image) {
		return nil
	}
	fmt.Fprintf(progress, "Pulling %s\n", c.Config.Image)
	perr := c.pull(ctx, progress)
	switch {
	case perr == nil:
		return nil
	case local:
		fmt.Fprintf(progress, "Pull failed (%v); using the local image %s\n", perr, c.Config.Image)
		return nil
	default:
		hint := ""
		if strings.HasPrefix(c.Config.Image, "setup-emulator:") {
			hint = " (build it from a checkout with `make image`)"
		}
		return fmt.Errorf("image %s is not present locally and the pull failed%s: %w", c.Config.Image, hint, perr)
	}
}

func (c *Container) pull(ctx context.Context, progress io.Writer) error {
	rc, err := c.API.ImagePull(ctx, c.Config.Image, image.PullOptions{})
	if err != nil {
		return err
	}
	defer rc.Close()
	return RenderPull(rc, progress, c.TTY)
}

// Logs implements instance.Instance. With no container it falls back to the
// log saved by the last stop.
func (c *Container) Logs(ctx context.Context, w io.Writer, follow bool, tail int) error {
	t := "all"
	if tail >= 0 {
		t = strconv.Itoa(tail)
	}
	rc, err := c.API.ContainerLogs(ctx, c.Config.Name, container.LogsOptions{
		ShowStdout: true, ShowStderr: true, Follow: follow, Tail: t,
	})
	if isNotFound(err) {
		return c.savedLogs(w, tail)
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = stdcopy.StdCopy(w, w, rc)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// Stop implements instance.Instance: SIGTERM (the server shuts down
// gracefully), SIGKILL after StopTimeout, then the container is removed
// after its log is saved under the volume dir.
func (c *Container) Stop(ctx context.Context) error {
	info, err := c.API.ContainerInspect(ctx, c.Config.Name)
	if isNotFound(err) {
		return instance.ErrNotFound
	}
	if err != nil {
		return err
	}
	if !managed(info) {
		return fmt.Errorf("container %q: %w; not stopping it", c.Config.Name, instance.ErrNotManaged)
	}
	secs := int(c.StopTimeout / time.Second)
	if secs <= 0 {
		secs = 10
	}
	if err := c.API.ContainerStop(ctx, info.ID, container.StopOptions{Timeout: &secs}); err != nil && !isNotFound(err) {
		return err
	}
	c.saveLogs(ctx, info.ID)
	if err := c.API.ContainerRemove(ctx, info.ID, container.RemoveOptions{}); err != nil && !isNotFound(err) {
		return err
	}
	return nil
}

// logFile is where a removed container's log is kept.
func (c *Container) logFile() string {
	return filepath.Join(c.Config.VolumeDir, "logs", c.Config.Name+".log")
}

func (c *Container) saveLogs(ctx context.Context, id string) {
	rc, err := c.API.ContainerLogs(ctx, id, container.LogsOptions{ShowStdout: true, ShowStderr: true})
	if err != nil {
		return
	}
	defer rc.Close()
	if err := os.MkdirAll(filepath.Dir(c.logFile()), 0o755); err != nil {
		return
	}
	f, err := os.Create(c.logFile())
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = stdcopy.StdCopy(f, f, rc)
}

func (c *Container) savedLogs(w io.Writer, tail int) error {
	b, err := os.ReadFile(c.logFile())
	if err != nil {
		return instance.ErrNotFound
	}
	s := string(b)
	if tail >= 0 {
		lines := strings.SplitAfter(strings.TrimRight(s, "\n"), "\n")
		if len(lines) > tail {
			lines = lines[len(lines)-tail:]
		}
		s = strings.Join(lines, "") + "\n"
	}
	_, err = io.WriteString(w, s)
	return err
}

// isLatest reports whether ref has the tag latest, explicitly or by default.
func isLatest(ref string) bool {
	if strings.Contains(ref, "@") {
		return false
	}
	name := ref[strings.LastIndex(ref, "/")+1:]
	_, tag, ok := strings.Cut(name, ":")
	return !ok || tag == "latest"
}

func setDefault(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

func sortedEnv(m map[string]string) []string {
	return config.Config{Env: m}.SortedEnv()
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// gatewayHostPort is the host port a running container publishes 4566 on
// ("" when unknown).
func gatewayHostPort(info container.InspectResponse) string {
	if info.HostConfig == nil {
		return ""
	}
	for port, bindings := range info.HostConfig.PortBindings {
		if port.Port() == "4566" && len(bindings) > 0 {
			return bindings[0].HostPort
		}
	}
	return ""
}
