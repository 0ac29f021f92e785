package server_test

import (
	"testing"

	"github.com/setup-emulator/setup-emulator/server"
)

// BenchmarkNew is the emulator's start-up cost before it listens.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := server.New(server.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
