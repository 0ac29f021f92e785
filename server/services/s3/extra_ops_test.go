package s3

import (
	"crypto/sha1"
	"net/http"
	"strings"
	"testing"
)

// Tests of the deprecated, directory-bucket, ABAC, metadata and torrent
// operations; each expected value names its AWS S3 API Reference page.

func TestDeprecatedLifecycle(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "old")
	// API_PutBucketLifecycle.html: Rule has Prefix (required) and one Transition.
	_, err := s.PutBucketLifecycle(ctx, &PutBucketLifecycleRequest{Bucket: ptr("old"), LifecycleConfiguration: &LifecycleConfiguration{
		Rules: []Rule{{ID: ptr("logs"), Prefix: ptr("logs/"), Status: ptr("Enabled"),
			Transition: &Transition{Days: ptr(int32(30)), StorageClass: ptr("GLACIER")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	// The current operation reads the same stored configuration.
	cur, err := s.GetBucketLifecycleConfiguration(ctx, &GetBucketLifecycleConfigurationRequest{Bucket: ptr("old")})
	if err != nil || len(cur.Rules) != 1 || valueOf(cur.Rules[0].Prefix) != "logs/" || len(cur.Rules[0].Transitions) != 1 {
		t.Fatalf("GetBucketLifecycleConfiguration = %+v, %v", cur, err)
	}
	old, err := s.GetBucketLifecycle(ctx, &GetBucketLifecycleRequest{Bucket: ptr("old")})
	if err != nil || len(old.Rules) != 1 || valueOf(old.Rules[0].Prefix) != "logs/" ||
		valueOf(old.Rules[0].Transition.StorageClass) != "GLACIER" {
		t.Fatalf("GetBucketLifecycle = %+v, %v", old, err)
	}
	// A rule set with the current API (Filter) reads back with its prefix.
	_, err = s.PutBucketLifecycleConfiguration(ctx, &PutBucketLifecycleConfigurationRequest{Bucket: ptr("old"),
		LifecycleConfiguration: &BucketLifecycleConfiguration{Rules: []LifecycleRule{{Status: ptr("Enabled"),
			Filter: &LifecycleRuleFilter{Prefix: ptr("tmp/")}, Expiration: &LifecycleExpiration{Days: ptr(int32(1))}}}}})
	if err != nil {
		t.Fatal(err)
	}
	old, err = s.GetBucketLifecycle(ctx, &GetBucketLifecycleRequest{Bucket: ptr("old")})
	if err != nil || valueOf(old.Rules[0].Prefix) != "tmp/" || valueOf(old.Rules[0].Expiration.Days) != 1 {
		t.Fatalf("GetBucketLifecycle = %+v, %v", old, err)
	}
	// Rule without Prefix: MalformedXML (Prefix is required in the model).
	_, err = s.PutBucketLifecycle(ctx, &PutBucketLifecycleRequest{Bucket: ptr("old"), LifecycleConfiguration: &LifecycleConfiguration{
		Rules: []Rule{{Status: ptr("Enabled"), Expiration: &LifecycleExpiration{Days: ptr(int32(1))}}}}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)
	if _, err := s.DeleteBucketLifecycle(ctx, &DeleteBucketLifecycleRequest{Bucket: ptr("old")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetBucketLifecycle(ctx, &GetBucketLifecycleRequest{Bucket: ptr("old")})
	wantError(t, err, "NoSuchLifecycleConfiguration", http.StatusNotFound, nil)
}

func TestDeprecatedNotification(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "old")
	// API_GetBucketNotification.html: no configuration is an empty
	// NotificationConfiguration.
	out, err := s.GetBucketNotification(ctx, &GetBucketNotificationConfigurationRequest{Bucket: ptr("old")})
	if err != nil || out.TopicConfiguration != nil || out.QueueConfiguration != nil {
		t.Fatalf("GetBucketNotification = %+v, %v", out, err)
	}
	// A configuration set with the current API reads back in the old shape
	// (TopicConfiguration with Topic and Events).
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("old"),
		SkipDestinationValidation: ptr(true), NotificationConfiguration: &NotificationConfiguration{
			TopicConfigurations: []TopicConfiguration{{Id: ptr("t"), TopicArn: ptr("arn:aws:sns:us-east-1:000000000000:topic"),
				Events: []string{"s3:ObjectCreated:*"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err = s.GetBucketNotification(ctx, &GetBucketNotificationConfigurationRequest{Bucket: ptr("old")})
	if err != nil || out.TopicConfiguration == nil || valueOf(out.TopicConfiguration.Topic) != "arn:aws:sns:us-east-1:000000000000:topic" ||
		len(out.TopicConfiguration.Events) != 1 {
		t.Fatalf("GetBucketNotification = %+v, %v", out, err)
	}
	// PutBucketNotification with an empty configuration turns it off.
	if _, err := s.PutBucketNotification(ctx, &PutBucketNotificationRequest{Bucket: ptr("old"),
		NotificationConfiguration: &NotificationConfigurationDeprecated{}}); err != nil {
		t.Fatal(err)
	}
	cur, err := s.GetBucketNotificationConfiguration(ctx, &GetBucketNotificationConfigurationRequest{Bucket: ptr("old")})
	if err != nil || len(cur.TopicConfigurations) != 0 {
		t.Fatalf("GetBucketNotificationConfiguration = %+v, %v", cur, err)
	}
	if got := deprecatedEvents(ptr("s3:ObjectRemoved:*"), []string{"s3:ObjectCreated:*"}); len(got) != 2 {
		t.Errorf("deprecatedEvents = %v", got)
	}
}

func TestDirectoryBucketOperations(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "general")
	// API_ListDirectoryBuckets.html: only directory buckets are listed.
	out, err := s.ListDirectoryBuckets(ctx, &ListDirectoryBucketsRequest{})
	if err != nil || out.Buckets == nil || len(out.Buckets) != 0 {
		t.Fatalf("ListDirectoryBuckets = %+v, %v", out, err)
	}
	// API_CreateSession.html: its only modelled error is NoSuchBucket.
	_, err = s.CreateSession(ctx, &CreateSessionRequest{Bucket: ptr("general")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
	// API_RenameObject.html: directory buckets only.
	_, err = s.RenameObject(ctx, &RenameObjectRequest{Bucket: ptr("general"), Key: ptr("b"), RenameSource: ptr("a")})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	_, err = s.RenameObject(ctx, &RenameObjectRequest{Bucket: ptr("missing"), Key: ptr("b"), RenameSource: ptr("a")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}

func TestBucketAbac(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "abac")
	// API_GetBucketAbac.html: Status Enabled or Disabled.
	out, err := s.GetBucketAbac(ctx, &GetBucketAbacRequest{Bucket: ptr("abac")})
	if err != nil || valueOf(out.AbacStatus.Status) != "Disabled" {
		t.Fatalf("GetBucketAbac = %+v, %v", out, err)
	}
	if _, err := s.PutBucketAbac(ctx, &PutBucketAbacRequest{Bucket: ptr("abac"), AbacStatus: &AbacStatus{Status: ptr("Enabled")}}); err != nil {
		t.Fatal(err)
	}
	out, err = s.GetBucketAbac(ctx, &GetBucketAbacRequest{Bucket: ptr("abac")})
	if err != nil || valueOf(out.AbacStatus.Status) != "Enabled" {
		t.Fatalf("GetBucketAbac = %+v, %v", out, err)
	}
	_, err = s.PutBucketAbac(ctx, &PutBucketAbacRequest{Bucket: ptr("abac"), AbacStatus: &AbacStatus{Status: ptr("On")}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)
	_, err = s.GetBucketAbac(ctx, &GetBucketAbacRequest{Bucket: ptr("nope")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}

func TestBucketMetadataConfiguration(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "meta")
	b := ptr("meta")
	_, err := s.GetBucketMetadataConfiguration(ctx, &GetBucketMetadataConfigurationRequest{Bucket: b})
	wantError(t, err, "MetadataConfigurationNotFound", http.StatusNotFound, nil)
	// API_CreateBucketMetadataConfiguration.html: a journal table with
	// record expiration is required; the inventory table is optional.
	cfg := &MetadataConfiguration{JournalTableConfiguration: &JournalTableConfiguration{
		RecordExpiration: &RecordExpiration{Expiration: ptr("ENABLED"), Days: ptr(int32(30))}}}
	if _, err := s.CreateBucketMetadataConfiguration(ctx, &CreateBucketMetadataConfigurationRequest{Bucket: b, MetadataConfiguration: cfg}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateBucketMetadataConfiguration(ctx, &CreateBucketMetadataConfigurationRequest{Bucket: b, MetadataConfiguration: cfg})
	wantError(t, err, "MetadataConfigurationAlreadyExists", http.StatusConflict, nil)
	got, err := s.GetBucketMetadataConfiguration(ctx, &GetBucketMetadataConfigurationRequest{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	r := got.GetBucketMetadataConfigurationResult.MetadataConfigurationResult
	// API_DestinationResult.html: TableBucketType aws, namespace b_<bucket>.
	if valueOf(r.DestinationResult.TableBucketType) != "aws" || valueOf(r.DestinationResult.TableNamespace) != "b_meta" ||
		valueOf(r.JournalTableConfigurationResult.RecordExpiration.Days) != 30 ||
		valueOf(r.InventoryTableConfigurationResult.ConfigurationState) != "DISABLED" {
		t.Fatalf("result = %+v", r)
	}
	if _, err := s.UpdateBucketMetadataInventoryTableConfiguration(ctx, &UpdateBucketMetadataInventoryTableConfigurationRequest{Bucket: b,
		InventoryTableConfiguration: &InventoryTableConfigurationUpdates{ConfigurationState: ptr("ENABLED")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateBucketMetadataJournalTableConfiguration(ctx, &UpdateBucketMetadataJournalTableConfigurationRequest{Bucket: b,
		JournalTableConfiguration: &JournalTableConfigurationUpdates{RecordExpiration: &RecordExpiration{Expiration: ptr("DISABLED")}}}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetBucketMetadataConfiguration(ctx, &GetBucketMetadataConfigurationRequest{Bucket: b})
	r = got.GetBucketMetadataConfigurationResult.MetadataConfigurationResult
	if valueOf(r.InventoryTableConfigurationResult.TableName) != "inventory" ||
		valueOf(r.JournalTableConfigurationResult.RecordExpiration.Expiration) != "DISABLED" {
		t.Fatalf("after updates = %+v", r)
	}
	_, err = s.UpdateBucketMetadataJournalTableConfiguration(ctx, &UpdateBucketMetadataJournalTableConfigurationRequest{Bucket: b,
		JournalTableConfiguration: &JournalTableConfigurationUpdates{RecordExpiration: &RecordExpiration{Expiration: ptr("ENABLED"), Days: ptr(int32(1))}}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	if _, err := s.DeleteBucketMetadataConfiguration(ctx, &DeleteBucketMetadataConfigurationRequest{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = s.DeleteBucketMetadataConfiguration(ctx, &DeleteBucketMetadataConfigurationRequest{Bucket: b})
	wantError(t, err, "MetadataConfigurationNotFound", http.StatusNotFound, nil)

	// The V1 metadata table configuration.
	arn := "arn:aws:s3tables:us-east-1:000000000000:bucket/tables"
	if _, err := s.CreateBucketMetadataTableConfiguration(ctx, &CreateBucketMetadataTableConfigurationRequest{Bucket: b,
		MetadataTableConfiguration: &MetadataTableConfiguration{S3TablesDestination: &S3TablesDestination{TableBucketArn: ptr(arn), TableName: ptr("t")}}}); err != nil {
		t.Fatal(err)
	}
	tc, err := s.GetBucketMetadataTableConfiguration(ctx, &GetBucketMetadataTableConfigurationRequest{Bucket: b})
	if err != nil || valueOf(tc.GetBucketMetadataTableConfigurationResult.Status) != "ACTIVE" ||
		valueOf(tc.GetBucketMetadataTableConfigurationResult.MetadataTableConfigurationResult.S3TablesDestinationResult.TableNamespace) != "aws_s3_metadata" {
		t.Fatalf("GetBucketMetadataTableConfiguration = %+v, %v", tc, err)
	}
	if _, err := s.DeleteBucketMetadataTableConfiguration(ctx, &DeleteBucketMetadataTableConfigurationRequest{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetBucketMetadataTableConfiguration(ctx, &GetBucketMetadataTableConfigurationRequest{Bucket: b})
	wantError(t, err, "MetadataConfigurationNotFound", http.StatusNotFound, nil)
}

func TestGetObjectTorrent(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "tor")
	body := strings.Repeat("x", torrentPieceLength+10)
	mustPut(t, s, ctx, "tor", "dir/file.bin", body)
	out, err := s.GetObjectTorrent(ctx, &GetObjectTorrentRequest{Bucket: ptr("tor"), Key: ptr("dir/file.bin")})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out.Body)
	// API_GetObjectTorrent.html: "A Bencoded dictionary as defined by the
	// BitTorrent specification" (BEP 3: announce, info{length, name,
	// piece length, pieces}; sorted keys).
	p1, p2 := sha1.Sum([]byte(body[:torrentPieceLength])), sha1.Sum([]byte(body[torrentPieceLength:]))
	want := "d8:announce" + "45:" + torrentTracker + "4:infod6:lengthi262154e4:name8:file.bin12:piece lengthi262144e6:pieces40:" +
		string(p1[:]) + string(p2[:]) + "ee"
	if got != want {
		t.Fatalf("torrent = %q\nwant %q", got, want)
	}
	_, err = s.GetObjectTorrent(ctx, &GetObjectTorrentRequest{Bucket: ptr("tor"), Key: ptr("none")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
}

func TestUpdateObjectEncryption(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "enc")
	put := mustPut(t, s, ctx, "enc", "k", "data")
	arn := "arn:aws:kms:us-east-1:000000000000:key/1234"
	// API_UpdateObjectEncryption.html: ObjectEncryption holds SSE-KMS
	// (KMSKeyArn required, BucketKeyEnabled).
	if _, err := s.UpdateObjectEncryption(ctx, &UpdateObjectEncryptionRequest{Bucket: ptr("enc"), Key: ptr("k"),
		ObjectEncryption: &ObjectEncryption{SSEKMS: &SSEKMSEncryption{KMSKeyArn: ptr(arn), BucketKeyEnabled: ptr(true)}}}); err != nil {
		t.Fatal(err)
	}
	h, err := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("enc"), Key: ptr("k")})
	if err != nil || valueOf(h.ServerSideEncryption) != "aws:kms" || valueOf(h.SSEKMSKeyId) != arn ||
		!valueOf(h.BucketKeyEnabled) || valueOf(h.ETag) != valueOf(put.ETag) {
		t.Fatalf("HeadObject = %+v, %v", h, err)
	}
	_, err = s.UpdateObjectEncryption(ctx, &UpdateObjectEncryptionRequest{Bucket: ptr("enc"), Key: ptr("k"), ObjectEncryption: &ObjectEncryption{}})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	_, err = s.UpdateObjectEncryption(ctx, &UpdateObjectEncryptionRequest{Bucket: ptr("enc"), Key: ptr("none"),
		ObjectEncryption: &ObjectEncryption{SSEKMS: &SSEKMSEncryption{KMSKeyArn: ptr(arn)}}})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
}

// The ABAC and metadata configurations are kept by snapshots (configKinds).
func TestSnapshotKeepsAbacAndMetadata(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "snap")
	b := ptr("snap")
	if _, err := s.PutBucketAbac(ctx, &PutBucketAbacRequest{Bucket: b, AbacStatus: &AbacStatus{Status: ptr("Enabled")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBucketMetadataConfiguration(ctx, &CreateBucketMetadataConfigurationRequest{Bucket: b,
		MetadataConfiguration: &MetadataConfiguration{JournalTableConfiguration: &JournalTableConfiguration{
			RecordExpiration: &RecordExpiration{Expiration: ptr("DISABLED")}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBucketMetadataTableConfiguration(ctx, &CreateBucketMetadataTableConfigurationRequest{Bucket: b,
		MetadataTableConfiguration: &MetadataTableConfiguration{S3TablesDestination: &S3TablesDestination{
			TableBucketArn: ptr("arn:aws:s3tables:us-east-1:000000000000:bucket/t"), TableName: ptr("m")}}}); err != nil {
		t.Fatal(err)
	}
	r := snapshotRoundTrip(t, s)
	a, err := r.GetBucketAbac(ctx, &GetBucketAbacRequest{Bucket: b})
	if err != nil || valueOf(a.AbacStatus.Status) != "Enabled" {
		t.Errorf("GetBucketAbac after restore = %+v, %v", a, err)
	}
	if _, err := r.GetBucketMetadataConfiguration(ctx, &GetBucketMetadataConfigurationRequest{Bucket: b}); err != nil {
		t.Errorf("GetBucketMetadataConfiguration after restore: %v", err)
	}
	if _, err := r.GetBucketMetadataTableConfiguration(ctx, &GetBucketMetadataTableConfigurationRequest{Bucket: b}); err != nil {
		t.Errorf("GetBucketMetadataTableConfiguration after restore: %v", err)
	}
}
