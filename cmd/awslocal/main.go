// Command awslocal runs the user's AWS CLI (`aws` on PATH) against the
// emulator: `awslocal s3 ls` is `aws --endpoint-url=http://localhost:4566 s3 ls`
// with test credentials and us-east-1 where none are configured. The
// endpoint comes from AWS_ENDPOINT_URL or LOCALSTACK_HOST. Exit codes are
// the AWS CLI's; 127 when no `aws` is on PATH.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/setup-emulator/setup-emulator/internal/awslocal"
)

func main() {
	env := awslocal.OSEnv()
	aws, err := exec.LookPath(awsName(os.Getenv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "awslocal: the AWS CLI (aws) is not on PATH; install it first (awslocal uses yours and never installs one)")
		os.Exit(127)
	}
	args := env.Args(os.Args[1:])
	environ := append(os.Environ(), env.ExtraEnv(os.Args[1:])...)
	if err := execAWS(aws, args, environ); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			os.Exit(ee.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "awslocal:", err)
		os.Exit(1)
	}
}

// awsName is the CLI to run: AWSLOCAL_AWS_CLI when set (a path or name),
// else "aws".
func awsName(getenv func(string) string) string {
	if v := getenv("AWSLOCAL_AWS_CLI"); v != "" {
		return v
	}
	return "aws"
}
