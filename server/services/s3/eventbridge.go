package s3

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// EventBridge delivery of S3 events, as
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html and
// ev-events.html describe: with EventBridgeConfiguration set, every event
// goes to the account's default event bus as source "aws.s3".

// EventBus is what S3 needs of EventBridge: put one event on the default
// bus of the request's account and region, as PutEvents would (the bus
// adds id, time, account and region).
type EventBus interface {
	PutDefaultBusEvent(ctx context.Context, source, detailType, detail string, resources []string) error
}

// eventBridgeType maps an event to its detail-type and reason
// (ev-events.html).
func eventBridgeType(event string) (detailType, reason string) {
	switch event {
	case eventPut:
		return "Object Created", "PutObject"
	case eventCopy:
		return "Object Created", "CopyObject"
	case eventCompleteMultipart:
		return "Object Created", "CompleteMultipartUpload"
	case eventDelete, eventDeleteMarker:
		return "Object Deleted", "DeleteObject"
	case eventRestorePost:
		return "Object Restore Initiated", "RestoreObject"
	case eventRestoreCompleted:
		return "Object Restore Completed", "RestoreObject"
	case eventTaggingPut:
		return "Object Tags Added", "PutObjectTagging"
	case eventTaggingDelete:
		return "Object Tags Deleted", "DeleteObjectTagging"
	case eventACLPut:
		return "Object ACL Updated", "PutObjectAcl"
	}
	return "", ""
}

// sendEventBridge puts one event on the default bus.
func (s *Service) sendEventBridge(ctx context.Context, b *bucket, event string, obj *object) error {
	detailType, reason := eventBridgeType(event)
	if detailType == "" || s.events == nil {
		return nil
	}
	o := map[string]any{"key": obj.key, "sequencer": s.sequencer()}
	if strings.HasPrefix(event, "s3:ObjectCreated:") {
		o["size"] = obj.size
		o["etag"] = trimQuotes(obj.etag)
	}
	if obj.versionID != "" {
		o["version-id"] = obj.versionID
	}
	req := awsapi.RequestFrom(ctx)
	detail := map[string]any{"version": "0", "bucket": map[string]string{"name": b.name}, "object": o,
		"request-id": req.ID, "requester": req.Account, "source-ip-address": "127.0.0.1", "reason": reason}
	switch event {
	case eventDelete:
		detail["deletion-type"] = "Permanently Deleted"
	case eventDeleteMarker:
		detail["deletion-type"] = "Delete Marker Created"
	}
	raw, _ := json.Marshal(detail)
	return s.events.PutDefaultBusEvent(ctx, "aws.s3", detailType, string(raw), []string{"arn:aws:s3:::" + b.name})
}
