package server_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net"
)

// dialTo sends every connection to addr, whatever host the client resolves,
// so virtual-host names work without DNS.
func dialTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

func md5hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}
