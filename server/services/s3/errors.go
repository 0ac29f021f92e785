package s3

import (
	"net/http"
	"strconv"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// S3 errors with AWS's messages and the extra <Error> members S3 sends, from
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
//
// The generated NoSuchBucket, NoSuchKey and BucketAlreadyOwnedByYou carry the
// right code and status but no message and no members (the model's error
// shapes are empty), so *awsapi.Error is used for every error: the SDKs
// match modelled errors by code, and the body keeps S3's message and fields.

func s3Error(status int, code, message string, fields map[string]string) *awsapi.Error {
	return &awsapi.Error{Code: code, Message: message, Status: status, Sender: status < 500, Fields: fields}
}

func errNoSuchBucket(name string) *awsapi.Error {
	return s3Error(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist",
		map[string]string{"BucketName": name})
}

func errNoSuchKey(key string) *awsapi.Error {
	return s3Error(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.",
		map[string]string{"Key": key})
}

func errBucketNotEmpty(name string) *awsapi.Error {
	return s3Error(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty",
		map[string]string{"BucketName": name})
}

func errBucketAlreadyOwnedByYou(name string) *awsapi.Error {
	return s3Error(http.StatusConflict, "BucketAlreadyOwnedByYou",
		"Your previous request to create the named bucket succeeded and you already own it.",
		map[string]string{"BucketName": name})
}

// errBucketAlreadyExists: another account owns the name (S3 Error
// Responses: "The requested bucket name is not available. The bucket
// namespace is shared by all users of the system.").
func errBucketAlreadyExists(name string) *awsapi.Error {
	return s3Error(http.StatusConflict, "BucketAlreadyExists",
		"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
		map[string]string{"BucketName": name})
}

func errInvalidBucketName(name string) *awsapi.Error {
	return s3Error(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.",
		map[string]string{"BucketName": name})
}

func errInvalidArgument(message, name, value string) *awsapi.Error {
	return s3Error(http.StatusBadRequest, "InvalidArgument", message,
		map[string]string{"ArgumentName": name, "ArgumentValue": value})
}

func errInvalidRange(requested string, size int64) *awsapi.Error {
	return s3Error(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable",
		map[string]string{"RangeRequested": requested, "ActualObjectSize": strconv.FormatInt(size, 10)})
}

func errAccessDenied() *awsapi.Error {
	return s3Error(http.StatusForbidden, "AccessDenied", "Access Denied", nil)
}

func errPreconditionFailed(condition string) *awsapi.Error {
	return s3Error(http.StatusPreconditionFailed, "PreconditionFailed",
		"At least one of the pre-conditions you specified did not hold",
		map[string]string{"Condition": condition})
}

// errNotModified is the 304 of a failed If-None-Match or If-Modified-Since:
// the codec sends it without a body.
func errNotModified() *awsapi.Error {
	return s3Error(http.StatusNotModified, "NotModified", "Not Modified", nil)
}
