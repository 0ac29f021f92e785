// Package docker runs the emulator as a container through the Docker Engine
// API (github.com/docker/docker/client with API version negotiation).
package docker

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
	"github.com/docker/docker/api/types/network"
	"github.com/docker/docker/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// API is the part of the Engine API the emulator uses; *client.Client
// implements it, tests use a fake.
type API interface {
	ImageInspect(ctx context.Context, ref string, opts ...client.ImageInspectOption) (image.InspectResponse, error)
	ImagePull(ctx context.Context, ref string, opts image.PullOptions) (io.ReadCloser, error)
	ContainerCreate(ctx context.Context, cfg *container.Config, host *container.HostConfig, net *network.NetworkingConfig, platform *ocispec.Platform, name string) (container.CreateResponse, error)
	ContainerStart(ctx context.Context, id string, opts container.StartOptions) error
	ContainerInspect(ctx context.Context, id string) (container.InspectResponse, error)
	ContainerLogs(ctx context.Context, id string, opts container.LogsOptions) (io.ReadCloser, error)
	ContainerStop(ctx context.Context, id string, opts container.StopOptions) error
	ContainerRemove(ctx context.Context, id string, opts container.RemoveOptions) error
}

// Connect opens a client from DOCKER_HOST etc., falling back to well-known
// sockets of Docker Desktop, Colima and Podman when the default is missing,
// and checks the engine answers.
func Connect(ctx context.Context, getenv func(string) string) (*client.Client, error) {
	opts := []client.Opt{client.FromEnv, client.WithAPIVersionNegotiation()}
	if getenv("DOCKER_HOST") == "" && runtime.GOOS != "windows" {
		home, _ := os.UserHomeDir()
		if s := findSocket(home, getenv("XDG_RUNTIME_DIR"), exists); s != "" {
			opts = append(opts, client.WithHost("unix://"+s))
		}
	}
	c, err := client.NewClientWithOpts(opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", instance.ErrUnavailable, err)
	}
	if _, err := c.Ping(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("%w: %v (is the Docker engine running? use --native to run without Docker)", instance.ErrUnavailable, err)
	}
	c.NegotiateAPIVersion(ctx)
	return c, nil
}

// findSocket returns the first existing engine socket, or "" for the
// client's default. Paths are parameters so the search is testable.
func findSocket(home, xdgRuntime string, exists func(string) bool) string {
	cands := []string{"/var/run/docker.sock"}
	if home != "" {
		cands = append(cands,
			filepath.Join(home, ".docker/run/docker.sock"),
			filepath.Join(home, ".colima/default/docker.sock"),
			filepath.Join(home, ".orbstack/run/docker.sock"),
			filepath.Join(home, ".rd/docker.sock"))
	}
	if xdgRuntime != "" {
		cands = append(cands, filepath.Join(xdgRuntime, "podman/podman.sock"), filepath.Join(xdgRuntime, "docker.sock"))
	}
	for i, c := range cands {
		if exists(c) {
			if i == 0 {
				return ""
			}
			return c
		}
	}
	return ""
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isNotFound(err error) bool { return client.IsErrNotFound(err) }
