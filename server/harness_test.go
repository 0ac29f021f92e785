package server_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/setup-emulator/setup-emulator/server"
)

// newServer starts the emulator on a loopback port with env as its
// configuration and returns its URL.
func newServer(t testing.TB, env map[string]string) string {
	t.Helper()
	srv, err := server.New(server.Config{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// sdkConfig is an aws-sdk-go-v2 configuration for the emulator at url, as a
// user would write it: static test credentials, us-east-1, a base endpoint.
func sdkConfig(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
	}
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return c
}
