package state

import "context"

// Service is implemented by every provider whose state can be saved,
// restored and reset. Implementations must be safe to call while the
// provider serves requests: a save sees each resource either before or
// after a concurrent change, never half-changed.
type Service interface {
	// SaveState writes one document per account and region that has
	// resources, plus any blobs the documents name.
	SaveState(ctx context.Context, w *ServiceWriter) error
	// LoadState restores the service's state from r. Without merge the
	// service's current state is replaced; with merge, resources in r are
	// added and replace same-named resources (a bucket, a queue, a table)
	// as a whole, and everything else is kept.
	LoadState(ctx context.Context, r *ServiceReader, merge bool) error
	// ResetState removes every resource of every account and region.
	ResetState(ctx context.Context) error
}
