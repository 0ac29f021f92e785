package protocol

import (
	"io"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// ClosePayload closes the payload member of out, the output of shape sh,
// when it is an io.Closer (a streaming blob such as an open file or pipe).
// A codec owns a stream a provider hands it: Encode defers this call so the
// stream is closed once copied, and also when a header fails to encode or
// the copy fails.
func ClosePayload(sh *model.Shape, out map[string]any) {
	if sh == nil || sh.Payload == "" {
		return
	}
	if c, ok := out[sh.Payload].(io.Closer); ok {
		_ = c.Close()
	}
}
