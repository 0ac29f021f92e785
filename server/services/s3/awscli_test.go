package s3_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// awsCLI runs the AWS CLI against the emulator at url in a clean environment
// with test credentials, as users do with `aws --endpoint-url`.
func awsCLI(t *testing.T, url string, args ...string) string {
	t.Helper()
	cmd := exec.Command("aws", append([]string{"--endpoint-url", url, "--region", "us-east-1", "--output", "json"}, args...)...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"AWS_CONFIG_FILE="+filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"),
		"AWS_PAGER=", "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// needCLI skips without the AWS CLI, and in -short runs (each CLI call
// costs about a second of botocore start-up); the CLI tests run in
// parallel to keep the package's run short.
func needCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: AWS CLI tests skipped")
	}
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	t.Parallel()
}

// TestAWSCLIHighLevel: `aws s3` cp (a 20 MiB file goes multipart: the CLI's
// multipart_threshold is 8 MiB, topics/s3-config), sync, ls --recursive,
// rm --recursive, with keys holding spaces, "+", "=", "%" and unicode.
func TestAWSCLIHighLevel(t *testing.T) {
	needCLI(t)
	url := newEmulator(t)
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 20<<16) // 20 MiB
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o644))
	tree := filepath.Join(dir, "tree")
	must(os.MkdirAll(filepath.Join(tree, "sub dir"), 0o755))
	files := map[string]string{"a+b=c.txt": "1", "sub dir/ü 100%.txt": "2", "sub dir/x.txt": "3"}
	for name, body := range files {
		must(os.WriteFile(filepath.Join(tree, name), []byte(body), 0o644))
	}

	awsCLI(t, url, "s3", "mb", "s3://cli-bucket")
	awsCLI(t, url, "s3", "cp", filepath.Join(dir, "big.bin"), "s3://cli-bucket/big.bin")
	head := awsCLI(t, url, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "big.bin")
	// A multipart object's ETag ends in "-<parts>" (checking-object-integrity.html).
	if !strings.Contains(head, `-3\""`) || !strings.Contains(head, `"ContentLength": 20971520`) {
		t.Errorf("head-object after multipart cp: %s", head)
	}
	awsCLI(t, url, "s3", "cp", "s3://cli-bucket/big.bin", filepath.Join(dir, "back.bin"))
	back, err := os.ReadFile(filepath.Join(dir, "back.bin"))
	if err != nil || !bytes.Equal(back, big) {
		t.Fatalf("downloaded copy differs (%d bytes, %v)", len(back), err)
	}

	awsCLI(t, url, "s3", "sync", tree, "s3://cli-bucket/tree")
	ls := awsCLI(t, url, "s3", "ls", "--recursive", "s3://cli-bucket/tree/")
	for name := range files {
		if !strings.Contains(ls, "tree/"+name) {
			t.Errorf("ls --recursive lacks %q:\n%s", name, ls)
		}
	}
	down := filepath.Join(dir, "down")
	awsCLI(t, url, "s3", "sync", "s3://cli-bucket/tree", down)
	for name, body := range files {
		if b, err := os.ReadFile(filepath.Join(down, name)); err != nil || string(b) != body {
			t.Errorf("synced down %q = %q, %v", name, b, err)
		}
	}
	awsCLI(t, url, "s3", "rm", "--recursive", "s3://cli-bucket/")
	if out := awsCLI(t, url, "s3api", "list-objects-v2", "--bucket", "cli-bucket"); strings.Contains(out, `"Key"`) {
		t.Errorf("objects left after rm --recursive: %s", out)
	}
}

// TestAWSCLIS3API: versioning and ListObjectVersions, object tagging and
// GetObjectAttributes through `aws s3api` (botocore's serializers).
func TestAWSCLIS3API(t *testing.T) {
	needCLI(t)
	url := newEmulator(t)
	body := filepath.Join(t.TempDir(), "body")
	if err := os.WriteFile(body, []byte("v"), 0o644); err != nil {
		t.Fatal(err)
	}
	awsCLI(t, url, "s3api", "create-bucket", "--bucket", "api-bucket")
	awsCLI(t, url, "s3api", "put-bucket-versioning", "--bucket", "api-bucket", "--versioning-configuration", "Status=Enabled")
	awsCLI(t, url, "s3api", "put-object", "--bucket", "api-bucket", "--key", "k", "--body", body, "--tagging", "team=ci")
	awsCLI(t, url, "s3api", "put-object", "--bucket", "api-bucket", "--key", "k", "--body", body)
	awsCLI(t, url, "s3api", "delete-object", "--bucket", "api-bucket", "--key", "k")
	var versions struct {
		Versions      []struct{ VersionId string }
		DeleteMarkers []struct{ IsLatest bool }
	}
	if err := json.Unmarshal([]byte(awsCLI(t, url, "s3api", "list-object-versions", "--bucket", "api-bucket")), &versions); err != nil {
		t.Fatal(err)
	}
	if len(versions.Versions) != 2 || len(versions.DeleteMarkers) != 1 || !versions.DeleteMarkers[0].IsLatest {
		t.Errorf("list-object-versions: %+v", versions)
	}
	v := versions.Versions[1].VersionId // the first version, with its tag
	if out := awsCLI(t, url, "s3api", "get-object-tagging", "--bucket", "api-bucket", "--key", "k", "--version-id", v); !strings.Contains(out, `"team"`) {
		t.Errorf("get-object-tagging: %s", out)
	}
	if out := awsCLI(t, url, "s3api", "get-object-attributes", "--bucket", "api-bucket", "--key", "k", "--version-id", v,
		"--object-attributes", "ObjectSize", "StorageClass"); !strings.Contains(out, `"ObjectSize": 1`) {
		t.Errorf("get-object-attributes: %s", out)
	}
}
