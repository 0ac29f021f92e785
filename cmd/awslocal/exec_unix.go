//go:build !windows

package main

import "syscall"

// execAWS replaces this process with aws, so signals and the exit code are
// the CLI's own.
func execAWS(path string, args, environ []string) error {
	return syscall.Exec(path, append([]string{path}, args...), environ)
}
