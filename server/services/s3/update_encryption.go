package s3

import (
	"context"
	"net/http"
)

// UpdateObjectEncryption changes an object version's server-side
// encryption to SSE-KMS with the given key, keeping its data, ETag and
// last-modified time (the emulator stores bodies unencrypted, so only the
// recorded encryption changes). Errors: NoSuchKey, NoSuchVersion,
// InvalidRequest (no SSE-KMS configuration or no KMSKeyArn), the
// operation's modelled errors. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UpdateObjectEncryption.html
func (s *Service) UpdateObjectEncryption(ctx context.Context, in *UpdateObjectEncryptionRequest) (*UpdateObjectEncryptionResponse, error) {
	e := in.ObjectEncryption
	if e == nil || e.SSEKMS == nil || valueOf(e.SSEKMS.KMSKeyArn) == "" {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"The ObjectEncryption must specify SSE-KMS with a KMSKeyArn.", nil)
	}
	_, _, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(_ *bucket, o *object) (*object, error) {
		c := o.clone()
		c.encryption = encryption{algorithm: ServerSideEncryptionAwsKms, kmsKeyID: *e.SSEKMS.KMSKeyArn,
			bucketKey: valueOf(e.SSEKMS.BucketKeyEnabled)}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateObjectEncryptionResponse{}, nil
}
