package s3

import "net/http"

// Server-side encryption as recorded and reported, from
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html:
// every object is encrypted, with SSE-S3 (AES256) unless the request or the
// bucket's default encryption names SSE-KMS. Bodies are not actually
// encrypted; the headers are what clients check.

// encryption is an object's server-side encryption.
type encryption struct {
	algorithm string // AES256, aws:kms or aws:kms:dsse
	kmsKeyID  string
	bucketKey bool
}

// encryptionFor resolves a write's encryption from its headers, else the
// bucket's default. Errors: InvalidArgument (an unknown algorithm, a KMS
// key without aws:kms).
func (b *bucket) encryptionFor(algorithm, kmsKeyID *string, bucketKey *bool) (encryption, error) {
	if algorithm != nil {
		switch *algorithm {
		case ServerSideEncryptionAES256:
			if kmsKeyID != nil {
				return encryption{}, errInvalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
					"x-amz-server-side-encryption-aws-kms-key-id", *kmsKeyID)
			}
			return encryption{algorithm: *algorithm}, nil
		case ServerSideEncryptionAwsKms, ServerSideEncryptionAwsKmsDsse:
			return encryption{algorithm: *algorithm, kmsKeyID: valueOf(kmsKeyID), bucketKey: valueOf(bucketKey)}, nil
		}
		return encryption{}, s3Error(http.StatusBadRequest, "InvalidArgument", "The encryption method specified is not supported",
			map[string]string{"ArgumentName": "x-amz-server-side-encryption", "ArgumentValue": *algorithm})
	}
	if kmsKeyID != nil {
		return encryption{}, errInvalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
			"x-amz-server-side-encryption-aws-kms-key-id", *kmsKeyID)
	}
	c := configOf[ServerSideEncryptionConfiguration](b, cfgEncryption)
	if c == nil || len(c.Rules) == 0 || c.Rules[0].ApplyServerSideEncryptionByDefault == nil {
		return encryption{algorithm: ServerSideEncryptionAES256}, nil
	}
	d := c.Rules[0].ApplyServerSideEncryptionByDefault
	e := encryption{algorithm: valueOf(d.SSEAlgorithm), kmsKeyID: valueOf(d.KMSMasterKeyID), bucketKey: valueOf(c.Rules[0].BucketKeyEnabled)}
	if bucketKey != nil {
		e.bucketKey = *bucketKey
	}
	return e, nil
}

// headers are x-amz-server-side-encryption, its KMS key id and
// x-amz-server-side-encryption-bucket-key-enabled (only when true).
func (e encryption) headers() (algorithm, kmsKeyID *string, bucketKey *bool) {
	if e.algorithm == "" {
		return ptr(ServerSideEncryptionAES256), nil, nil
	}
	algorithm, kmsKeyID = ptr(e.algorithm), optional(e.kmsKeyID)
	if e.bucketKey {
		bucketKey = ptr(true)
	}
	return algorithm, kmsKeyID, bucketKey
}
