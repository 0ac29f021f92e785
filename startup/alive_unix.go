//go:build !windows

package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// alive reports whether pid runs. A zombie (exited, not yet reaped by
// whoever inherited it) counts as gone.
func alive(pid string) bool {
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return false
	}
	if b, err := os.ReadFile("/proc/" + pid + "/stat"); err == nil {
		if i := strings.LastIndexByte(string(b), ')'); i >= 0 && i+2 < len(b) && b[i+2] == 'Z' {
			return false
		}
	}
	return syscall.Kill(n, 0) == nil
}
