package restxml

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

type call struct {
	op      string
	in      map[string]any
	body    string // the streaming payload, read
	trailer http.Header
}

// s3Server serves the codec against the s3 model; respond answers each
// operation. Each call's decoded input (with its stream read) is recorded.
func s3Server(t *testing.T, respond protocoltest.Respond) (*httptest.Server, func() []call) {
	h, calls := s3Handler(t, respond)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, calls
}

func s3Handler(t *testing.T, respond protocoltest.Respond) (http.Handler, func() []call) {
	svc, err := model.NewRegistry().Service("s3")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var calls []call
	h := protocoltest.Server{
		Codec: New(), Service: svc,
		Meta: func(r *http.Request) protocol.Meta { return protocol.Meta{RequestID: "req-1", Resource: r.URL.Path} },
		Respond: func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
			cl := call{op: op, in: in}
			if rd, ok := in["Body"].(io.Reader); ok {
				b, err := io.ReadAll(rd)
				if err != nil {
					t.Errorf("%s: reading body: %v", op, err)
				}
				cl.body = string(b)
				if cr, ok := rd.(*ChunkedReader); ok {
					cl.trailer = cr.Trailer()
				}
			}
			mu.Lock()
			calls = append(calls, cl)
			mu.Unlock()
			return respond(op, in)
		},
	}.Handler(t)
	return h, func() []call { mu.Lock(); defer mu.Unlock(); return append([]call(nil), calls...) }
}

func s3Client(url string, optFns ...func(*s3.Options)) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		UsePathStyle: true,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		}),
	}, optFns...)
}

// TestS3WithSDK drives the codec with aws-sdk-go-v2's S3 client: operation
// routing, labels with awkward keys, metadata headers, aws-chunked upload
// bodies with checksum trailers, XML payloads both ways, streamed downloads
// and the unwrapped S3 error document (NoSuchKey, HEAD 404).
func TestS3WithSDK(t *testing.T) {
	modified := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, calls := s3Server(t, func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		switch op {
		case "CreateBucket":
			return map[string]any{"Location": "/b"}, nil
		case "PutObject":
			return map[string]any{"ETag": `"etag-1"`, "VersionId": "v1"}, nil
		case "GetObject":
			if in["Key"] == "missing" {
				return nil, &awsapi.Error{Code: "NoSuchKey", Message: "The specified key does not exist.", Status: 404, Sender: true, Fields: map[string]string{"Key": "missing"}}
			}
			return map[string]any{"Body": strings.NewReader("hello world"), "ContentLength": int64(11), "ContentType": "text/plain",
				"LastModified": modified, "Metadata": map[string]any{"color": "blue"}, "ETag": `"e"`}, nil
		case "HeadObject":
			return nil, &awsapi.Error{Code: "NotFound", Message: "Not Found", Status: 404, Sender: true}
		case "ListObjectsV2":
			return map[string]any{"Name": "b", "KeyCount": int64(2), "IsTruncated": false, "Prefix": "",
				"Contents": []any{
					map[string]any{"Key": "a b+c", "Size": int64(3), "LastModified": modified, "ETag": `"x"`, "StorageClass": "STANDARD"},
					map[string]any{"Key": "dir/é", "Size": int64(0), "LastModified": modified},
				},
				"CommonPrefixes": []any{map[string]any{"Prefix": "dir/"}}}, nil
		case "DeleteObjects":
			return map[string]any{"Deleted": []any{map[string]any{"Key": "k1"}}, "Errors": []any{map[string]any{"Key": "k2", "Code": "AccessDenied", "Message": "no"}}}, nil
		case "GetBucketVersioning":
			return map[string]any{"Status": "Enabled"}, nil
		case "GetBucketLocation":
			return map[string]any{"LocationConstraint": "eu-west-1"}, nil
		case "GetObjectTagging":
			return map[string]any{"TagSet": []any{map[string]any{"Key": "k", "Value": "v"}}}, nil
		}
		return map[string]any{}, nil
	})
	client := s3Client(srv.URL)
	ctx := context.Background()

	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("b"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}}); err != nil {
		t.Fatal(err)
	}
	key := "dir/a b+c%2F é.txt"
	put, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String(key),
		Body: strings.NewReader("hello world"), Metadata: map[string]string{"Color": "blue"}, ContentType: aws.String("text/plain")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(put.ETag) != `"etag-1"` || aws.ToString(put.VersionId) != "v1" {
		t.Errorf("PutObject output = %+v", put)
	}

	get, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(get.Body)
	if string(b) != "hello world" || aws.ToInt64(get.ContentLength) != 11 || get.Metadata["color"] != "blue" || !get.LastModified.Equal(modified) {
		t.Errorf("GetObject = %q len=%v meta=%v modified=%v", b, get.ContentLength, get.Metadata, get.LastModified)
	}

	_, err = client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("missing")})
	var nsk *s3types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("GetObject(missing) error = %v, want NoSuchKey", err)
	}
	_, err = client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("missing")})
	var nf *s3types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadObject(missing) error = %v, want NotFound", err)
	}

	list, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b"), Prefix: aws.String("d"), MaxKeys: aws.Int32(5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Contents) != 2 || aws.ToString(list.Contents[1].Key) != "dir/é" || aws.ToInt32(list.KeyCount) != 2 || len(list.CommonPrefixes) != 1 {
		t.Errorf("ListObjectsV2 = %+v", list)
	}

	del, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("b"), Delete: &s3types.Delete{
		Objects: []s3types.ObjectIdentifier{{Key: aws.String("k1")}, {Key: aws.String("k2"), VersionId: aws.String("v")}}, Quiet: aws.Bool(true)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(del.Deleted) != 1 || len(del.Errors) != 1 || aws.ToString(del.Errors[0].Code) != "AccessDenied" {
		t.Errorf("DeleteObjects = %+v", del)
	}

	ver, err := client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("b")})
	if err != nil || ver.Status != s3types.BucketVersioningStatusEnabled {
		t.Errorf("GetBucketVersioning = %+v, %v", ver, err)
	}
	loc, err := client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("b")})
	if err != nil || loc.LocationConstraint != s3types.BucketLocationConstraintEuWest1 {
		t.Errorf("GetBucketLocation = %+v, %v", loc, err)
	}
	tags, err := client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil || len(tags.TagSet) != 1 {
		t.Errorf("GetObjectTagging = %+v, %v", tags, err)
	}
	if _, err := client.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("k"), Value: aws.String("v<&>")}}}}); err != nil {
		t.Fatal(err)
	}

	byOp := map[string]call{}
	for _, c := range calls() {
		byOp[c.op] = c
	}
	if cb := byOp["CreateBucket"].in["CreateBucketConfiguration"]; cb == nil || cb.(map[string]any)["LocationConstraint"] != "eu-west-1" {
		t.Errorf("CreateBucket input = %v", byOp["CreateBucket"].in)
	}
	p := byOp["PutObject"]
	if p.in["Key"] != key || p.body != "hello world" || p.in["Metadata"].(map[string]any)["color"] != "blue" || p.in["ContentType"] != "text/plain" {
		t.Errorf("PutObject input = %v body %q", p.in, p.body)
	}
	if p.in["ContentLength"] != nil && p.in["ContentLength"] != int64(11) {
		t.Errorf("PutObject ContentLength = %v, want 11 (the decoded length)", p.in["ContentLength"])
	}

	d := byOp["DeleteObjects"].in["Delete"].(map[string]any)
	if objs := d["Objects"].([]any); len(objs) != 2 || objs[1].(map[string]any)["VersionId"] != "v" || d["Quiet"] != true {
		t.Errorf("DeleteObjects input = %v", d)
	}
	l := byOp["ListObjectsV2"].in
	if l["Prefix"] != "d" || l["MaxKeys"] != int64(5) {
		t.Errorf("ListObjectsV2 input = %v", l)
	}
	tg := byOp["PutObjectTagging"].in["Tagging"].(map[string]any)["TagSet"].([]any)
	if tg[0].(map[string]any)["Value"] != "v<&>" {
		t.Errorf("PutObjectTagging input = %v", tg)
	}
}
