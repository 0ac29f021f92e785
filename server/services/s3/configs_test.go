package s3

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// Each configuration: Get before Put is its 404 (ErrorResponses.html),
// Put then Get returns it, Delete brings the 404 back.
func TestBucketConfigurationsRoundTrip(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	b := ptr("bkt")

	_, err := s.GetBucketTagging(ctx, &GetBucketTaggingRequest{Bucket: b})
	wantError(t, err, "NoSuchTagSet", http.StatusNotFound, nil)
	if _, err := s.PutBucketTagging(ctx, &PutBucketTaggingRequest{Bucket: b, Tagging: &Tagging{TagSet: []Tag{{Key: ptr("env"), Value: ptr("ci")}}}}); err != nil {
		t.Fatal(err)
	}
	bt, _ := s.GetBucketTagging(ctx, &GetBucketTaggingRequest{Bucket: b})
	if len(bt.TagSet) != 1 || valueOf(bt.TagSet[0].Key) != "env" {
		t.Errorf("tags %+v", bt)
	}
	_, err = s.PutBucketTagging(ctx, &PutBucketTaggingRequest{Bucket: b, Tagging: &Tagging{TagSet: []Tag{{Key: ptr("aws:x"), Value: ptr("1")}}}})
	wantError(t, err, "InvalidTag", http.StatusBadRequest, nil)

	_, err = s.GetBucketPolicy(ctx, &GetBucketPolicyRequest{Bucket: b})
	wantError(t, err, "NoSuchBucketPolicy", http.StatusNotFound, nil)
	_, err = s.PutBucketPolicy(ctx, &PutBucketPolicyRequest{Bucket: b, Policy: ptr("not json")})
	wantError(t, err, "MalformedPolicy", http.StatusBadRequest, nil)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}`
	s.PutBucketPolicy(ctx, &PutBucketPolicyRequest{Bucket: b, Policy: ptr(policy)})
	gp, _ := s.GetBucketPolicy(ctx, &GetBucketPolicyRequest{Bucket: b})
	if valueOf(gp.Policy) != policy {
		t.Errorf("policy %v", gp.Policy)
	}

	_, err = s.GetBucketCors(ctx, &GetBucketCorsRequest{Bucket: b})
	wantError(t, err, "NoSuchCORSConfiguration", http.StatusNotFound, nil)
	_, err = s.PutBucketCors(ctx, &PutBucketCorsRequest{Bucket: b, CORSConfiguration: &CORSConfiguration{CORSRules: []CORSRule{
		{AllowedMethods: []string{"PATCH"}, AllowedOrigins: []string{"*"}}}}})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	s.PutBucketCors(ctx, &PutBucketCorsRequest{Bucket: b, CORSConfiguration: &CORSConfiguration{CORSRules: []CORSRule{
		{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"https://example.com"}, MaxAgeSeconds: ptr(int32(60))}}}})
	gc, _ := s.GetBucketCors(ctx, &GetBucketCorsRequest{Bucket: b})
	if len(gc.CORSRules) != 1 || valueOf(gc.CORSRules[0].MaxAgeSeconds) != 60 {
		t.Errorf("cors %+v", gc)
	}
	s.DeleteBucketCors(ctx, &DeleteBucketCorsRequest{Bucket: b})
	_, err = s.GetBucketCors(ctx, &GetBucketCorsRequest{Bucket: b})
	wantError(t, err, "NoSuchCORSConfiguration", http.StatusNotFound, nil)

	_, err = s.GetBucketLifecycleConfiguration(ctx, &GetBucketLifecycleConfigurationRequest{Bucket: b})
	wantError(t, err, "NoSuchLifecycleConfiguration", http.StatusNotFound, nil)
	_, err = s.PutBucketLifecycleConfiguration(ctx, &PutBucketLifecycleConfigurationRequest{Bucket: b,
		LifecycleConfiguration: &BucketLifecycleConfiguration{Rules: []LifecycleRule{{Status: ptr("Enabled"), Filter: &LifecycleRuleFilter{Prefix: ptr("")}}}}})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	_, err = s.PutBucketLifecycleConfiguration(ctx, &PutBucketLifecycleConfigurationRequest{Bucket: b,
		LifecycleConfiguration: &BucketLifecycleConfiguration{Rules: []LifecycleRule{{ID: ptr("r"), Status: ptr("Enabled"),
			Expiration: &LifecycleExpiration{Days: ptr(int32(1))}}}}})
	if err != nil {
		t.Fatal(err)
	}

	// Defaults of a new bucket: SSE-S3, BucketOwnerEnforced, public access
	// blocked (default-bucket-encryption.html, about-object-ownership.html,
	// access-control-block-public-access.html).
	ge, _ := s.GetBucketEncryption(ctx, &GetBucketEncryptionRequest{Bucket: b})
	if valueOf(ge.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm) != "AES256" {
		t.Errorf("encryption %+v", ge)
	}
	_, err = s.PutBucketEncryption(ctx, &PutBucketEncryptionRequest{Bucket: b, ServerSideEncryptionConfiguration: &ServerSideEncryptionConfiguration{
		Rules: []ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &ServerSideEncryptionByDefault{SSEAlgorithm: ptr("AES256"), KMSMasterKeyID: ptr("k")}}}}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	oc, _ := s.GetBucketOwnershipControls(ctx, &GetBucketOwnershipControlsRequest{Bucket: b})
	if valueOf(oc.OwnershipControls.Rules[0].ObjectOwnership) != "BucketOwnerEnforced" {
		t.Errorf("ownership %+v", oc)
	}
	s.DeleteBucketOwnershipControls(ctx, &DeleteBucketOwnershipControlsRequest{Bucket: b})
	_, err = s.GetBucketOwnershipControls(ctx, &GetBucketOwnershipControlsRequest{Bucket: b})
	wantError(t, err, "OwnershipControlsNotFoundError", http.StatusNotFound, nil)
	pab, _ := s.GetPublicAccessBlock(ctx, &GetPublicAccessBlockRequest{Bucket: b})
	if !valueOf(pab.PublicAccessBlockConfiguration.BlockPublicAcls) {
		t.Errorf("public access block %+v", pab)
	}
	s.DeletePublicAccessBlock(ctx, &DeletePublicAccessBlockRequest{Bucket: b})
	_, err = s.GetPublicAccessBlock(ctx, &GetPublicAccessBlockRequest{Bucket: b})
	wantError(t, err, "NoSuchPublicAccessBlockConfiguration", http.StatusNotFound, nil)

	_, err = s.GetBucketWebsite(ctx, &GetBucketWebsiteRequest{Bucket: b})
	wantError(t, err, "NoSuchWebsiteConfiguration", http.StatusNotFound, nil)
	_, err = s.PutBucketWebsite(ctx, &PutBucketWebsiteRequest{Bucket: b, WebsiteConfiguration: &WebsiteConfiguration{}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	s.PutBucketWebsite(ctx, &PutBucketWebsiteRequest{Bucket: b, WebsiteConfiguration: &WebsiteConfiguration{IndexDocument: &IndexDocument{Suffix: ptr("index.html")}}})
	gw, _ := s.GetBucketWebsite(ctx, &GetBucketWebsiteRequest{Bucket: b})
	if valueOf(gw.IndexDocument.Suffix) != "index.html" {
		t.Errorf("website %+v", gw)
	}

	_, err = s.GetObjectLockConfiguration(ctx, &GetObjectLockConfigurationRequest{Bucket: b})
	wantError(t, err, "ObjectLockConfigurationNotFoundError", http.StatusNotFound, nil)
	_, err = s.PutObjectLockConfiguration(ctx, &PutObjectLockConfigurationRequest{Bucket: b,
		ObjectLockConfiguration: &ObjectLockConfiguration{ObjectLockEnabled: ptr("Enabled")}})
	wantError(t, err, "InvalidBucketState", http.StatusConflict, nil)

	acc, _ := s.GetBucketAccelerateConfiguration(ctx, &GetBucketAccelerateConfigurationRequest{Bucket: b})
	if acc.Status != nil {
		t.Error("accelerate status before set")
	}
	s.PutBucketAccelerateConfiguration(ctx, &PutBucketAccelerateConfigurationRequest{Bucket: b, AccelerateConfiguration: &AccelerateConfiguration{Status: ptr("Enabled")}})
	acc, _ = s.GetBucketAccelerateConfiguration(ctx, &GetBucketAccelerateConfigurationRequest{Bucket: b})
	if valueOf(acc.Status) != "Enabled" {
		t.Error("accelerate not stored")
	}
	rp, _ := s.GetBucketRequestPayment(ctx, &GetBucketRequestPaymentRequest{Bucket: b})
	if valueOf(rp.Payer) != "BucketOwner" {
		t.Error("request payment default")
	}
	_, err = s.PutBucketRequestPayment(ctx, &PutBucketRequestPaymentRequest{Bucket: b, RequestPaymentConfiguration: &RequestPaymentConfiguration{Payer: ptr("Me")}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)
	_, err = s.PutBucketLogging(ctx, &PutBucketLoggingRequest{Bucket: b, BucketLoggingStatus: &BucketLoggingStatus{
		LoggingEnabled: &LoggingEnabled{TargetBucket: ptr("nope"), TargetPrefix: ptr("logs/")}}})
	wantError(t, err, "InvalidTargetBucketForLogging", http.StatusBadRequest, nil)
	s.PutBucketLogging(ctx, &PutBucketLoggingRequest{Bucket: b, BucketLoggingStatus: &BucketLoggingStatus{
		LoggingEnabled: &LoggingEnabled{TargetBucket: b, TargetPrefix: ptr("logs/")}}})
	gl, _ := s.GetBucketLogging(ctx, &GetBucketLoggingRequest{Bucket: b})
	if gl.LoggingEnabled == nil || valueOf(gl.LoggingEnabled.TargetPrefix) != "logs/" {
		t.Errorf("logging %+v", gl)
	}
	loc, _ := s.GetBucketLocation(ctx, &GetBucketLocationRequest{Bucket: b})
	if loc.LocationConstraint != nil {
		t.Error("us-east-1 LocationConstraint should be empty")
	}
	_, err = s.GetBucketTagging(ctx, &GetBucketTaggingRequest{Bucket: ptr("missing")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}

type fakeQueues struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (f *fakeQueues) DeliverToQueue(_ context.Context, arn, body string, _ map[string]sqs.MessageAttributeValue, _, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.HasSuffix(arn, ":missing") {
		return &awsapi.Error{Code: "AWS.SimpleQueueService.NonExistentQueue", Status: 400, Message: "no queue"}
	}
	f.sent[arn] = append(f.sent[arn], body)
	return nil
}

// Source: notification-content-structure.html (event message structure,
// s3:TestEvent) and EventNotifications.html (prefix/suffix filters).
func TestNotificationsToSQS(t *testing.T) {
	q := &fakeQueues{sent: map[string][]string{}}
	s := NewWithOptions(awsapi.Env{Now: func() time.Time { return testNow }, NewID: func() string { return "id" }}, Options{Queues: q})
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	arn := "arn:aws:sqs:us-east-1:000000000000:events"
	_, err := s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{QueueArn: ptr(arn),
			Events: []string{"s3:ObjectCreated:*", "s3:ObjectRemoved:*"},
			Filter: &NotificationConfigurationFilter{Key: &S3KeyFilter{FilterRules: []FilterRule{{Name: ptr("suffix"), Value: ptr(".txt")}}}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{QueueArn: ptr(arn), Events: []string{"s3:Bogus"}}}}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{
			QueueArn: ptr("arn:aws:sqs:us-east-1:000000000000:missing"), Events: []string{"s3:ObjectCreated:*"}}}}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)

	mustPut(t, s, ctx, "bkt", "dir/a b.txt", "hello")
	mustPut(t, s, ctx, "bkt", "skip.bin", "x")
	s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("dir/a b.txt")})
	msgs := q.sent[arn]
	if len(msgs) != 3 || !strings.Contains(msgs[0], "s3:TestEvent") {
		t.Fatalf("messages %q", msgs)
	}
	var ev struct {
		Records []struct {
			EventName string `json:"eventName"`
			S3        struct {
				Bucket struct{ Name string } `json:"bucket"`
				Object struct {
					Key  string `json:"key"`
					Size int64  `json:"size"`
					ETag string `json:"eTag"`
				} `json:"object"`
			} `json:"s3"`
		}
	}
	if err := json.Unmarshal([]byte(msgs[1]), &ev); err != nil {
		t.Fatal(err)
	}
	r := ev.Records[0]
	if r.EventName != "ObjectCreated:Put" || r.S3.Bucket.Name != "bkt" || r.S3.Object.Key != "dir%2Fa+b.txt" ||
		r.S3.Object.Size != 5 || r.S3.Object.ETag != "5d41402abc4b2a76b9719d911017c592" {
		t.Errorf("record %+v", r)
	}
	if !strings.Contains(msgs[2], `"eventName":"ObjectRemoved:Delete"`) {
		t.Errorf("delete event %s", msgs[2])
	}
	// Subresource events (EventNotifications.html, "Supported event types").
	s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{QueueArn: ptr(arn),
			Events: []string{"s3:ObjectTagging:*", "s3:ObjectAcl:Put", "s3:ObjectRestore:*"}}}}})
	mustPut(t, s, ctx, "bkt", "t", "x")
	s.PutObjectTagging(ctx, &PutObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("t"), Tagging: &Tagging{TagSet: []Tag{}}})
	s.PutObjectAcl(ctx, &PutObjectAclRequest{Bucket: ptr("bkt"), Key: ptr("t"), ACL: ptr("private")})
	s.RestoreObject(ctx, &RestoreObjectRequest{Bucket: ptr("bkt"), Key: ptr("t")})
	var names []string
	for _, m := range q.sent[arn][4:] {
		var ev struct{ Records []struct{ EventName string } }
		json.Unmarshal([]byte(m), &ev)
		names = append(names, ev.Records[0].EventName)
	}
	if strings.Join(names, ",") != "ObjectTagging:Put,ObjectAcl:Put,ObjectRestore:Post,ObjectRestore:Completed" {
		t.Errorf("subresource events %v", names)
	}
	gn, _ := s.GetBucketNotificationConfiguration(ctx, &GetBucketNotificationConfigurationRequest{Bucket: ptr("bkt")})
	if len(gn.QueueConfigurations) != 1 || gn.QueueConfigurations[0].Id == nil {
		t.Errorf("notification config %+v", gn)
	}
}
