package kinesis

import "context"

// Sink is what Kinesis exposes to services that deliver into streams
// (CloudWatch Logs subscription filters): a direct in-process put, never a
// request to the emulator's own HTTP endpoint.
type Sink interface {
	// PutToStream writes data with partitionKey to the stream named by
	// streamARN (arn:aws:kinesis:<region>:<account>:stream/<name>) as
	// PutRecord would. Errors are PutRecord's (ResourceNotFoundException).
	PutToStream(ctx context.Context, streamARN, partitionKey string, data []byte) error
}

var _ Sink = (*Service)(nil)

// PutToStream implements Sink.
func (s *Service) PutToStream(ctx context.Context, streamARN, partitionKey string, data []byte) error {
	st, str, err := s.locate(ctx, nil, &streamARN)
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	_, _, err = s.put(str, data, partitionKey, nil)
	return err
}
