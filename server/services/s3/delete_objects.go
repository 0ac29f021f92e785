package s3

import (
	"context"
	"errors"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// maxDeleteObjects is the most keys one DeleteObjects takes ("can contain a
// list of up to 1,000 keys", API_DeleteObjects.html).
const maxDeleteObjects = 1000

// DeleteObjects deletes up to 1000 keys or versions, each as DeleteObject
// would, reporting each as Deleted or as an Error (per key, never failing
// the request); Quiet reports only errors. Errors: NoSuchBucket,
// MalformedXML (no keys or more than 1000). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
func (s *Service) DeleteObjects(ctx context.Context, in *DeleteObjectsRequest) (*DeleteObjectsOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if in.Delete == nil || len(in.Delete.Objects) == 0 || len(in.Delete.Objects) > maxDeleteObjects {
		return nil, errMalformedXML()
	}
	quiet := valueOf(in.Delete.Quiet)
	out := &DeleteObjectsOutput{}
	for _, id := range in.Delete.Objects {
		key := valueOf(id.Key)
		res, err := s.deleteOne(ctx, b, key, id.VersionId, id.ETag, valueOf(in.BypassGovernanceRetention))
		if err != nil {
			var ae awsapi.APIError
			code, msg := "InternalError", err.Error()
			if errors.As(err, &ae) {
				code, msg = ae.ErrorCode(), ae.ErrorMessage()
			}
			out.Errors = append(out.Errors, Error{Key: ptr(key), VersionId: id.VersionId, Code: ptr(code), Message: ptr(msg)})
			continue
		}
		if quiet {
			continue
		}
		d := DeletedObject{Key: ptr(key), VersionId: id.VersionId}
		if res.deleteMarker {
			d.DeleteMarker = ptr(true)
			if res.markerID != nil {
				d.DeleteMarkerVersionId = res.markerID
			} else {
				d.DeleteMarkerVersionId = res.versionID
			}
		}
		out.Deleted = append(out.Deleted, d)
	}
	return out, nil
}

// isCode reports whether err is an AWS error with code.
func isCode(err error, code string) bool {
	var ae awsapi.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

// requestBase is the emulator's external base URL.
func requestBase(ctx context.Context) string {
	if r := awsapi.RequestFrom(ctx); r != nil && r.BaseURL != "" {
		return r.BaseURL
	}
	return "http://localhost:4566"
}
