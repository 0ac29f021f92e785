package restxml

import (
	"io"
	"net/http/httptest"
)

func newPipe() (*io.PipeReader, *io.PipeWriter) { return io.Pipe() }

// flushRecorder signals each body write.
type flushRecorder struct {
	*httptest.ResponseRecorder
	wrote chan struct{}
}

func (f *flushRecorder) Write(b []byte) (int, error) {
	n, err := f.ResponseRecorder.Write(b)
	select {
	case f.wrote <- struct{}{}:
	default:
	}
	return n, err
}
