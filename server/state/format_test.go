package state_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/setup-emulator/setup-emulator/server/state"
)

var updateFormat = flag.Bool("update-format", false, "rewrite testdata/format-v<current>.zip from fixtures (only before that version is released)")

// formatFixtures is what testdata/format-v1.zip holds (FORMAT.md).
func formatFixtures() []s3Fixture {
	return []s3Fixture{
		{"000000000000", "us-east-1", "fixtures", "hello.txt", []byte("hello, snapshot\n")},
		{"000000000000", "eu-central-1", "fixtures-eu", "dir/ünïcode key", []byte{0, 1, 2, 255}},
		{"123456789012", "us-east-1", "other-account", "empty", []byte{}},
	}
}

// Every released format version stays loadable: a snapshot of each lives
// in testdata and is imported here (FORMAT.md, "Compatibility").
func TestLoadReleasedFormats(t *testing.T) {
	current := filepath.Join("testdata", "format-v1.zip")
	if *updateFormat {
		_, url := newServer(t, nil, "")
		putFixtures(t, url, formatFixtures())
		populateOtherServices(t, url)
		code, snap := get(t, url+"/_localstack/pods/state")
		if code != 200 {
			t.Fatalf("export %d", code)
		}
		if err := os.WriteFile(current, snap, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for v := 1; v <= state.FormatVersion; v++ {
		path := filepath.Join("testdata", "format-v"+itoa(v)+".zip")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("format version %d has no testdata snapshot: %v", v, err)
		}
		r, err := state.OpenReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		m := r.Manifest()
		if m.FormatVersion != v || m.Format != state.FormatName || m.Created.IsZero() || len(m.Accounts) < 2 {
			t.Errorf("%s manifest %+v", path, m)
		}
		_, url := newServer(t, nil, "")
		if code, body := post(t, url+"/_localstack/pods", b); code != 200 {
			t.Fatalf("%s import: %d %s", path, code, body)
		}
		checkFixtures(t, url, formatFixtures())
		checkOtherServices(t, url)
		out, err := s3Client(url, "000000000000", "us-east-1").HeadObject(ctx(t), &s3.HeadObjectInput{
			Bucket: aws.String("fixtures"), Key: aws.String("hello.txt")})
		if err != nil || out.LastModified.Before(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("LastModified not restored: %v %v", out, err)
		}
	}
}

func itoa(n int) string { return string(rune('0' + n)) }
