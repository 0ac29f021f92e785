package main

import "os/exec"

// detach is a no-op: docker mode needs a Linux engine, which Windows
// runners do not have for our image.
func detach(*exec.Cmd) {}
