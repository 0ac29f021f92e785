package state_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/setup-emulator/setup-emulator/server"
)

// newServer runs the emulator with env as its configuration; dataDir, when
// set, holds S3 bodies in files.
func newServer(t testing.TB, env map[string]string, dataDir string) (*server.Server, string) {
	t.Helper()
	srv, err := server.New(server.Config{Getenv: func(k string) string { return env[k] }, DataDir: dataDir, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// sdkConfig is a client configuration for one account (a 12-digit access
// key is the account id, as LocalStack derives it) and region.
func sdkConfig(url, account, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(account, "test", ""),
		BaseEndpoint: aws.String(url),
	}
}

func s3Client(url, account, region string) *s3.Client {
	return s3.NewFromConfig(sdkConfig(url, account, region), func(o *s3.Options) { o.UsePathStyle = true })
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return c
}

// post sends body to url and returns the status and answer.
func post(t testing.TB, url string, body []byte) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
