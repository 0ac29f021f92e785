package s3

import (
	"context"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// The deprecated lifecycle and notification operations, kept by older
// SDKs: they read and write the same stored configurations as their
// current versions, converting between the old shapes (Rule with Prefix
// and one Transition; one Topic/Queue/CloudFunction configuration) and
// the current ones. The gateway routes their shared URIs to the current
// operations; these serve direct provider callers.

// PutBucketLifecycle stores rules given in the old shape (each Rule has a
// Prefix instead of a Filter and at most one Transition). Errors as
// PutBucketLifecycleConfiguration. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycle.html
func (s *Service) PutBucketLifecycle(ctx context.Context, in *PutBucketLifecycleRequest) (*awsapi.Empty, error) {
	c := in.LifecycleConfiguration
	if c == nil {
		return nil, errMalformedXML()
	}
	rules := make([]LifecycleRule, 0, len(c.Rules))
	for _, r := range c.Rules {
		if r.Prefix == nil { // required member of Rule in the model
			return nil, errMalformedXML()
		}
		lr := LifecycleRule{Expiration: r.Expiration, ID: r.ID, Prefix: r.Prefix, Status: r.Status,
			NoncurrentVersionExpiration: r.NoncurrentVersionExpiration, AbortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload}
		if r.Transition != nil {
			lr.Transitions = []Transition{*r.Transition}
		}
		if r.NoncurrentVersionTransition != nil {
			lr.NoncurrentVersionTransitions = []NoncurrentVersionTransition{*r.NoncurrentVersionTransition}
		}
		rules = append(rules, lr)
	}
	_, err := s.PutBucketLifecycleConfiguration(ctx, &PutBucketLifecycleConfigurationRequest{
		Bucket: in.Bucket, ExpectedBucketOwner: in.ExpectedBucketOwner,
		LifecycleConfiguration: &BucketLifecycleConfiguration{Rules: rules}})
	if err != nil {
		return nil, err
	}
	return empty, nil
}

// GetBucketLifecycle returns the stored rules in the old shape: a rule's
// Prefix is its Prefix or its Filter's prefix, and only its first
// Transition and NoncurrentVersionTransition. Errors:
// NoSuchLifecycleConfiguration. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycle.html
func (s *Service) GetBucketLifecycle(ctx context.Context, in *GetBucketLifecycleRequest) (*GetBucketLifecycleOutput, error) {
	c, _, err := config[BucketLifecycleConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgLifecycle)
	if err != nil {
		return nil, err
	}
	out := &GetBucketLifecycleOutput{Rules: make([]Rule, 0, len(c.Rules))}
	for _, lr := range c.Rules {
		prefix := lr.Prefix
		if prefix == nil && lr.Filter != nil {
			prefix = lr.Filter.Prefix
			if prefix == nil && lr.Filter.And != nil {
				prefix = lr.Filter.And.Prefix
			}
		}
		if prefix == nil {
			prefix = ptr("")
		}
		r := Rule{Expiration: lr.Expiration, ID: lr.ID, Prefix: prefix, Status: lr.Status,
			NoncurrentVersionExpiration: lr.NoncurrentVersionExpiration, AbortIncompleteMultipartUpload: lr.AbortIncompleteMultipartUpload}
		if len(lr.Transitions) > 0 {
			r.Transition = &lr.Transitions[0]
		}
		if len(lr.NoncurrentVersionTransitions) > 0 {
			r.NoncurrentVersionTransition = &lr.NoncurrentVersionTransitions[0]
		}
		out.Rules = append(out.Rules, r)
	}
	return out, nil
}

// PutBucketNotification stores a configuration given in the old shape (at
// most one topic, queue and CloudFunction configuration, with Event or
// Events) as the current NotificationConfiguration. Errors as
// PutBucketNotificationConfiguration. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotification.html
func (s *Service) PutBucketNotification(ctx context.Context, in *PutBucketNotificationRequest) (*awsapi.Empty, error) {
	c := &NotificationConfiguration{}
	if old := in.NotificationConfiguration; old != nil {
		if t := old.TopicConfiguration; t != nil {
			c.TopicConfigurations = []TopicConfiguration{{Id: t.Id, TopicArn: t.Topic, Events: deprecatedEvents(t.Event, t.Events)}}
		}
		if q := old.QueueConfiguration; q != nil {
			c.QueueConfigurations = []QueueConfiguration{{Id: q.Id, QueueArn: q.Queue, Events: deprecatedEvents(q.Event, q.Events)}}
		}
		if f := old.CloudFunctionConfiguration; f != nil {
			c.LambdaFunctionConfigurations = []LambdaFunctionConfiguration{{Id: f.Id, LambdaFunctionArn: f.CloudFunction,
				Events: deprecatedEvents(f.Event, f.Events)}}
		}
	}
	return s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{
		Bucket: in.Bucket, ExpectedBucketOwner: in.ExpectedBucketOwner, NotificationConfiguration: c})
}

// deprecatedEvents merges the old shapes' single Event into Events.
func deprecatedEvents(event *string, events []string) []string {
	if event == nil {
		return events
	}
	for _, e := range events {
		if e == *event {
			return events
		}
	}
	return append([]string{*event}, events...)
}

// GetBucketNotification returns the stored configuration in the old
// NotificationConfigurationDeprecated shape: the first topic, queue and
// Lambda configuration (empty when none). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotification.html
func (s *Service) GetBucketNotification(ctx context.Context, in *GetBucketNotificationConfigurationRequest) (*NotificationConfigurationDeprecated, error) {
	c, err := s.GetBucketNotificationConfiguration(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &NotificationConfigurationDeprecated{}
	if len(c.TopicConfigurations) > 0 {
		t := c.TopicConfigurations[0]
		out.TopicConfiguration = &TopicConfigurationDeprecated{Id: t.Id, Topic: t.TopicArn, Events: t.Events}
	}
	if len(c.QueueConfigurations) > 0 {
		q := c.QueueConfigurations[0]
		out.QueueConfiguration = &QueueConfigurationDeprecated{Id: q.Id, Queue: q.QueueArn, Events: q.Events}
	}
	if len(c.LambdaFunctionConfigurations) > 0 {
		f := c.LambdaFunctionConfigurations[0]
		out.CloudFunctionConfiguration = &CloudFunctionConfiguration{Id: f.Id, CloudFunction: f.LambdaFunctionArn, Events: f.Events}
	}
	return out, nil
}
