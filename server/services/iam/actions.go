package iam

import (
	"slices"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// s3Actions maps S3 operations to the IAM actions that authorize them where
// the names differ (Amazon S3 User Guide, "Required permissions for Amazon
// S3 API operations").
var s3Actions = map[string]string{
	"ListBuckets": "ListAllMyBuckets", "HeadBucket": "ListBucket", "ListObjects": "ListBucket", "ListObjectsV2": "ListBucket",
	"ListObjectVersions": "ListBucketVersions", "HeadObject": "GetObject", "CopyObject": "PutObject",
	"DeleteObjects": "DeleteObject", "CreateMultipartUpload": "PutObject", "UploadPart": "PutObject",
	"UploadPartCopy": "PutObject", "CompleteMultipartUpload": "PutObject", "AbortMultipartUpload": "AbortMultipartUpload",
	"ListMultipartUploads": "ListBucketMultipartUploads", "ListParts": "ListMultipartUploadParts",
	"GetObjectAttributes": "GetObject", "DeleteBucketPolicy": "DeleteBucketPolicy",
	"GetBucketEncryption": "GetEncryptionConfiguration", "PutBucketEncryption": "PutEncryptionConfiguration",
	"DeleteBucketEncryption": "PutEncryptionConfiguration", "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
	"PutBucketLifecycleConfiguration": "PutLifecycleConfiguration", "DeleteBucketLifecycle": "PutLifecycleConfiguration",
	"GetBucketCors": "GetBucketCORS", "PutBucketCors": "PutBucketCORS", "DeleteBucketCors": "PutBucketCORS",
	"GetBucketNotificationConfiguration": "GetBucketNotification", "PutBucketNotificationConfiguration": "PutBucketNotification",
	"DeleteBucketTagging": "PutBucketTagging", "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration",
	"PutObjectLockConfiguration": "PutBucketObjectLockConfiguration",
}

// batchActions are batch operations authorized by their single action
// (Amazon SQS Developer Guide, "Amazon SQS API permissions").
var batchActions = map[string]string{
	"SendMessageBatch": "SendMessage", "DeleteMessageBatch": "DeleteMessage", "ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}

// actionPrefixes are IAM service prefixes that differ from the signing
// name the gateway passes (Service Authorization Reference).
var actionPrefixes = map[string]string{"monitoring": "cloudwatch", "email": "ses"}

// actionPrefix is the IAM service prefix for a signing name.
func actionPrefix(signingName string) string {
	if p, ok := actionPrefixes[signingName]; ok {
		return p
	}
	return signingName
}

// actionName is the IAM action (without prefix) for an operation.
func actionName(service, op string) string {
	if service == "s3" {
		if a, ok := s3Actions[op]; ok {
			return a
		}
	}
	if service == "sqs" {
		if a, ok := batchActions[op]; ok {
			return a
		}
	}
	return op
}

// resourcesOf returns the ARNs a request acts on (every one must be
// allowed), or "*" when the operation names no resource.
func resourcesOf(service, op string, in map[string]any, req *awsapi.Request) []string {
	str := func(k string) string { v, _ := in[k].(string); return v }
	switch service {
	case "s3":
		b := str("Bucket")
		if b == "" {
			return []string{"*"}
		}
		if k := str("Key"); k != "" {
			return []string{"arn:aws:s3:::" + b + "/" + k}
		}
		if op == "DeleteObjects" {
			return []string{"arn:aws:s3:::" + b + "/*"}
		}
		return []string{"arn:aws:s3:::" + b}
	case "sqs":
		name, acct := str("QueueName"), req.Account
		if u := str("QueueUrl"); u != "" {
			parts := strings.Split(strings.TrimRight(u, "/"), "/")
			name = parts[len(parts)-1]
			if len(parts) >= 2 && len(parts[len(parts)-2]) == 12 {
				acct = parts[len(parts)-2]
			}
		}
		if name == "" {
			return []string{"*"}
		}
		return []string{"arn:aws:sqs:" + req.Region + ":" + acct + ":" + name}
	case "sts":
		if r := str("RoleArn"); r != "" {
			return []string{r}
		}
	case "dynamodb":
		table := func(n string) string { return "arn:aws:dynamodb:" + req.Region + ":" + req.Account + ":table/" + n }
		if t := str("TableName"); t != "" {
			if strings.HasPrefix(t, "arn:") {
				return []string{t}
			}
			return []string{table(t)}
		}
		if items, ok := in["RequestItems"].(map[string]any); ok {
			var out []string
			for t := range items {
				out = append(out, table(t))
			}
			slices.Sort(out)
			return out
		}
		if a := str("ResourceArn"); a != "" {
			return []string{a}
		}
	}
	return []string{"*"}
}

func sortStrings(s []string) { slices.Sort(s) }
