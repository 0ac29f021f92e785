// Command gen regenerates the embedded service models, the routing index and
// the typed API of every service that has a provider. Run through
// `go generate ./server/model` (the go:generate line in registry.go).
//
// Input: botocore's data directory (found through python3, or -botocore); each
// service's newest service-2.json, stripped of documentation, with the
// overlays in server/model/patches/<service>.json merged in.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// apiServices are the services whose typed API is generated into
// server/services/<name>/api_gen.go.
var apiServices = []string{
	"cloudwatch", "dynamodb", "dynamodbstreams", "events", "iam", "kinesis", "kms", "logs",
	"s3", "secretsmanager", "sns", "sqs", "ssm", "sts",
}

func main() {
	botocore := flag.String("botocore", "", "botocore data directory (default: ask python3)")
	out := flag.String("out", "../..", "repository's server directory root (the module root)")
	flag.Parse()
	if err := run(*botocore, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(botocore, root string) error {
	if botocore == "" {
		var err error
		if botocore, err = BotocoreDir(); err != nil {
			return err
		}
	}
	files, err := Generate(botocore, filepath.Join(root, "server/model/patches"))
	if err != nil {
		return err
	}
	// Drop stale embedded models before writing the new set.
	old, _ := filepath.Glob(filepath.Join(root, "server/model/models/*.json.gz"))
	for _, f := range old {
		if _, keep := files[filepath.ToSlash(mustRel(root, f))]; !keep {
			os.Remove(f)
		}
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if cur, err := os.ReadFile(p); err == nil && string(cur) == string(data) {
			continue
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func mustRel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return r
}

// BotocoreDir asks the installed Python for botocore's data directory.
func BotocoreDir() (string, error) {
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		return "", fmt.Errorf("botocore not found through python3 (pip install botocore, or pass -botocore): %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "data"), nil
}
