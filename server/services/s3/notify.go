package s3

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Event notifications, as in
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html:
// a bucket's NotificationConfiguration sends each matching event to SQS
// queues (through sqs.Deliverer), SNS topics (through sns.Publisher) and
// EventBridge (through EventBus),
// with the event message structure of
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html.

// Event names (eventName in a record is the same without "s3:").
const (
	eventPut               = "s3:ObjectCreated:Put"
	eventCopy              = "s3:ObjectCreated:Copy"
	eventCompleteMultipart = "s3:ObjectCreated:CompleteMultipartUpload"
	eventDelete            = "s3:ObjectRemoved:Delete"
	eventDeleteMarker      = "s3:ObjectRemoved:DeleteMarkerCreated"
	eventTaggingPut        = "s3:ObjectTagging:Put"
	eventTaggingDelete     = "s3:ObjectTagging:Delete"
	eventACLPut            = "s3:ObjectAcl:Put"
	eventRestorePost       = "s3:ObjectRestore:Post"
	eventRestoreCompleted  = "s3:ObjectRestore:Completed"
)

// validEvent reports whether e is an event type S3 notifies
// (EventNotifications.html, "Supported event types").
func validEvent(e string) bool {
	switch e {
	case "s3:ObjectCreated:*", eventPut, "s3:ObjectCreated:Post", eventCopy, eventCompleteMultipart,
		"s3:ObjectRemoved:*", eventDelete, eventDeleteMarker,
		"s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
		"s3:ReducedRedundancyLostObject", "s3:Replication:*", "s3:Replication:OperationFailedReplication",
		"s3:Replication:OperationNotTracked", "s3:Replication:OperationMissedThreshold",
		"s3:Replication:OperationReplicatedAfterThreshold", "s3:LifecycleExpiration:*",
		"s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition",
		"s3:IntelligentTiering", "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
		"s3:ObjectAcl:Put":
		return true
	}
	return false
}

// eventMatches reports whether a configured event (maybe "…:*") covers e.
func eventMatches(configured, e string) bool {
	if p, ok := strings.CutSuffix(configured, "*"); ok {
		return strings.HasPrefix(e, p)
	}
	return configured == e
}

// filterMatches applies prefix and suffix key filter rules.
func filterMatches(f *NotificationConfigurationFilter, key string) bool {
	if f == nil || f.Key == nil {
		return true
	}
	for _, r := range f.Key.FilterRules {
		v := valueOf(r.Value)
		switch strings.ToLower(valueOf(r.Name)) {
		case "prefix":
			if !strings.HasPrefix(key, v) {
				return false
			}
		case "suffix":
			if !strings.HasSuffix(key, v) {
				return false
			}
		}
	}
	return true
}

// PutBucketNotificationConfiguration stores the configuration (an empty one
// turns notifications off) and sends each new destination the s3:TestEvent.
// Errors: InvalidArgument (an unknown event, a malformed ARN, a filter rule
// other than prefix or suffix, a destination that does not exist unless
// SkipDestinationValidation). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
func (s *Service) PutBucketNotificationConfiguration(ctx context.Context, in *PutBucketNotificationConfigurationRequest) (*awsapi.Empty, error) {
	c := in.NotificationConfiguration
	if c == nil {
		c = &NotificationConfiguration{}
	}
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	check := func(events []string, f *NotificationConfigurationFilter, arn, service string) error {
		if len(events) == 0 {
			return errMalformedXML()
		}
		for _, e := range events {
			if !validEvent(e) {
				return errInvalidArgument("The event is not supported for notifications", e, e)
			}
		}
		if f != nil && f.Key != nil {
			for _, r := range f.Key.FilterRules {
				if n := strings.ToLower(valueOf(r.Name)); n != "prefix" && n != "suffix" {
					return errInvalidArgument("filter rule name must be either prefix or suffix", "FilterRule.Name", valueOf(r.Name))
				}
			}
		}
		if parts := strings.Split(arn, ":"); len(parts) < 6 || parts[0] != "arn" || parts[2] != service {
			return errInvalidArgument("Unable to validate the following destination configurations", arn, "The destination ARN is not valid")
		}
		return nil
	}
	for i := range c.QueueConfigurations {
		q := &c.QueueConfigurations[i]
		if err := check(q.Events, q.Filter, valueOf(q.QueueArn), "sqs"); err != nil {
			return nil, err
		}
		if q.Id == nil {
			q.Id = ptr(s.newVersionID())
		}
	}
	for i := range c.TopicConfigurations {
		t := &c.TopicConfigurations[i]
		if err := check(t.Events, t.Filter, valueOf(t.TopicArn), "sns"); err != nil {
			return nil, err
		}
		if t.Id == nil {
			t.Id = ptr(s.newVersionID())
		}
	}
	for i := range c.LambdaFunctionConfigurations {
		l := &c.LambdaFunctionConfigurations[i]
		if err := check(l.Events, l.Filter, valueOf(l.LambdaFunctionArn), "lambda"); err != nil {
			return nil, err
		}
		if l.Id == nil {
			l.Id = ptr(s.newVersionID())
		}
	}
	if !valueOf(in.SkipDestinationValidation) {
		if err := s.validateDestinations(ctx, b.name, c); err != nil {
			return nil, err
		}
	}
	var stored any = c
	if len(c.QueueConfigurations)+len(c.TopicConfigurations)+len(c.LambdaFunctionConfigurations) == 0 && c.EventBridgeConfiguration == nil {
		stored = nil
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgNotification, stored, nil)
}

// validateDestinations sends each queue and topic the s3:TestEvent; one
// that does not exist is InvalidArgument, as S3 answers when it cannot
// publish to a destination.
func (s *Service) validateDestinations(ctx context.Context, bucketName string, c *NotificationConfiguration) error {
	test := s.testEvent(ctx, bucketName)
	missing := func(arn, what string) error {
		return s3Error(http.StatusBadRequest, "InvalidArgument", "Unable to validate the following destination configurations",
			map[string]string{"ArgumentName1": arn, "ArgumentValue1": "The destination " + what + " does not exist"})
	}
	for _, q := range c.QueueConfigurations {
		if s.queues == nil {
			break
		}
		if err := s.queues.DeliverToQueue(ctx, valueOf(q.QueueArn), test, nil, "", ""); err != nil && isCode(err, "AWS.SimpleQueueService.NonExistentQueue") {
			return missing(valueOf(q.QueueArn), "queue")
		}
	}
	for _, t := range c.TopicConfigurations {
		if s.topics == nil {
			break
		}
		if _, err := s.topics.PublishToTopic(ctx, valueOf(t.TopicArn), test, "", ""); err != nil && isCode(err, "NotFound") {
			return missing(valueOf(t.TopicArn), "topic")
		}
	}
	return nil
}

// GetBucketNotificationConfiguration returns the configuration (empty when
// none). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html
func (s *Service) GetBucketNotificationConfiguration(ctx context.Context, in *GetBucketNotificationConfigurationRequest) (*NotificationConfiguration, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if c := configOf[NotificationConfiguration](b, cfgNotification); c != nil {
		return c, nil
	}
	return &NotificationConfiguration{}, nil
}

// testEvent is the message S3 sends a destination when a configuration
// is set (notification-content-structure.html, "test message").
func (s *Service) testEvent(ctx context.Context, bucketName string) string {
	req := awsapi.RequestFrom(ctx)
	m, _ := json.Marshal(map[string]string{"Service": "Amazon S3", "Event": "s3:TestEvent",
		"Time": s.env.Now().UTC().Format("2006-01-02T15:04:05.000Z"), "Bucket": bucketName,
		"RequestId": req.ID, "HostId": "eftixk72aD6Ap51TnqcoF8eFidJG9Z/2"})
	return string(m)
}

// notify sends event about obj to every destination of b's configuration
// that matches. Delivery failures are logged, never returned: S3 does not
// fail the request.
func (s *Service) notify(ctx context.Context, b *bucket, event string, obj *object) {
	c := configOf[NotificationConfiguration](b, cfgNotification)
	if c == nil {
		return
	}
	send := func(id string, events []string, f *NotificationConfigurationFilter, deliver func(string) error) {
		for _, e := range events {
			if eventMatches(e, event) && filterMatches(f, obj.key) {
				if err := deliver(s.eventRecord(ctx, b, event, id, obj)); err != nil && s.env.Logger != nil {
					s.env.Logger.Warn("s3: event notification not delivered", "bucket", b.name, "event", event, "error", err)
				}
				return
			}
		}
	}
	for _, q := range c.QueueConfigurations {
		arn := valueOf(q.QueueArn)
		send(valueOf(q.Id), q.Events, q.Filter, func(msg string) error {
			if s.queues == nil {
				return nil
			}
			return s.queues.DeliverToQueue(ctx, arn, msg, nil, "", "")
		})
	}
	if c.EventBridgeConfiguration != nil {
		if err := s.sendEventBridge(ctx, b, event, obj); err != nil && s.env.Logger != nil {
			s.env.Logger.Warn("s3: EventBridge event not delivered", "bucket", b.name, "event", event, "error", err)
		}
	}
	for _, t := range c.TopicConfigurations {
		arn := valueOf(t.TopicArn)
		send(valueOf(t.Id), t.Events, t.Filter, func(msg string) error {
			if s.topics == nil {
				return nil
			}
			_, err := s.topics.PublishToTopic(ctx, arn, msg, "", "")
			return err
		})
	}
}

// eventRecord is the JSON message of one event.
func (s *Service) eventRecord(ctx context.Context, b *bucket, event, configID string, obj *object) string {
	req := awsapi.RequestFrom(ctx)
	o := map[string]any{"key": url.QueryEscape(obj.key), "sequencer": s.sequencer()}
	if !obj.deleteMarker && strings.HasPrefix(event, "s3:ObjectCreated:") {
		o["size"] = obj.size
		o["eTag"] = trimQuotes(obj.etag)
	}
	if obj.versionID != "" {
		o["versionId"] = obj.versionID
	}
	record := map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": b.region,
		"eventTime":         s.env.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		"eventName":         strings.TrimPrefix(event, "s3:"),
		"userIdentity":      map[string]string{"principalId": "AIDAJDPLRKLG7UEXAMPLE"},
		"requestParameters": map[string]string{"sourceIPAddress": "127.0.0.1"},
		"responseElements":  map[string]string{"x-amz-request-id": req.ID, "x-amz-id-2": "eftixk72aD6Ap51TnqcoF8eFidJG9Z/2"},
		"s3": map[string]any{
			"s3SchemaVersion": "1.0", "configurationId": configID,
			"bucket": map[string]any{"name": b.name, "ownerIdentity": map[string]string{"principalId": "A3NL1KOZZKExample"},
				"arn": "arn:aws:s3:::" + b.name},
			"object": o,
		},
	}
	m, _ := json.Marshal(map[string]any{"Records": []any{record}})
	return string(m)
}

// sequencer orders events of one key: a hex string that grows.
func (s *Service) sequencer() string {
	n := s.seq.Add(1)
	return strings.ToUpper(strconv.FormatInt(s.env.Now().UnixNano()/int64(time.Millisecond), 16) + strconv.FormatUint(n, 16))
}
