// Package state saves, restores and resets the emulator's state: the
// snapshot format (FORMAT.md), the Service interface providers implement,
// export/import/reset through a Manager, the on-disk snapshot behind
// PERSISTENCE=1 (atomic writes: a crash at any moment leaves the previous
// complete snapshot loadable), LocalStack's state endpoints
// (/_localstack/pods, /_localstack/state/...) and a BodyStore that keeps
// large S3 bodies in files so memory stays bounded.
//
// LocalStack keeps all of this in its paid tier and stores pickles; ours is
// a documented zip of JSON documents and raw blobs, readable by every later
// emulator version.
package state
