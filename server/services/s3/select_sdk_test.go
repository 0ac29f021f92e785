package s3_test

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3 Select through the gateway with aws-sdk-go-v2, which parses the
// application/vnd.amazon.eventstream response itself (prelude and message
// CRC32s, headers). Expected values follow
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html
// (Records, Stats, End events) and the S3 Select SQL reference
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html).

const selectCSV = "name,city,age\nalice,Paris,31\nbob,\"Berlin, DE\",25\ncarol,Paris,47\n"

func runSelect(t *testing.T, c *s3.Client, key, expr string, in *types.InputSerialization, out *types.OutputSerialization) (string, *types.Stats, bool) {
	t.Helper()
	res, err := c.SelectObjectContent(bg(t), &s3.SelectObjectContentInput{
		Bucket: aws.String("sel"), Key: aws.String(key), Expression: aws.String(expr),
		ExpressionType: types.ExpressionTypeSql, InputSerialization: in, OutputSerialization: out,
	})
	if err != nil {
		t.Fatalf("SelectObjectContent(%s): %v", expr, err)
	}
	stream := res.GetStream()
	defer stream.Close()
	var records strings.Builder
	var stats *types.Stats
	end := false
	for ev := range stream.Events() {
		switch e := ev.(type) {
		case *types.SelectObjectContentEventStreamMemberRecords:
			records.Write(e.Value.Payload)
		case *types.SelectObjectContentEventStreamMemberStats:
			stats = e.Value.Details
		case *types.SelectObjectContentEventStreamMemberEnd:
			end = true
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("event stream: %v", err)
	}
	return records.String(), stats, end
}

func TestSDKSelectObjectContent(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("sel")})
	mustOK(t, err)
	put := func(key string, body []byte) {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sel"), Key: aws.String(key), Body: bytes.NewReader(body)})
		mustOK(t, err)
	}
	put("people.csv", []byte(selectCSV))
	csvUse := &types.InputSerialization{CSV: &types.CSVInput{FileHeaderInfo: types.FileHeaderInfoUse}}
	csvNone := &types.InputSerialization{CSV: &types.CSVInput{FileHeaderInfo: types.FileHeaderInfoNone}}
	csvOut := &types.OutputSerialization{CSV: &types.CSVOutput{}}
	jsonOut := &types.OutputSerialization{JSON: &types.JSONOutput{}}

	got, stats, end := runSelect(t, c, "people.csv", "SELECT * FROM S3Object", csvUse, csvOut)
	if got != "alice,Paris,31\nbob,\"Berlin, DE\",25\ncarol,Paris,47\n" || !end {
		t.Errorf("SELECT * = %q (end %v)", got, end)
	}
	// Stats: BytesScanned and BytesProcessed are the object's size
	// (uncompressed), BytesReturned the output's.
	if stats == nil || aws.ToInt64(stats.BytesScanned) != int64(len(selectCSV)) ||
		aws.ToInt64(stats.BytesProcessed) != int64(len(selectCSV)) || aws.ToInt64(stats.BytesReturned) != int64(len(got)) {
		t.Errorf("Stats = %+v", stats)
	}
	got, _, _ = runSelect(t, c, "people.csv", "SELECT s.name, s.age FROM S3Object s WHERE s.city = 'Paris' AND CAST(s.age AS INT) > 40", csvUse, csvOut)
	if got != "carol,47\n" {
		t.Errorf("WHERE AND = %q", got)
	}
	got, _, _ = runSelect(t, c, "people.csv", "SELECT s._1 FROM S3Object s WHERE s._3 < 30 OR s._1 = 'alice' LIMIT 5", csvNone, csvOut)
	if got != "alice\nbob\n" { // the header row is data with NONE; "age" < 30 is not comparable
		t.Errorf("positional = %q", got)
	}
	got, _, _ = runSelect(t, c, "people.csv", "SELECT COUNT(*) FROM S3Object", csvUse, csvOut)
	if got != "3\n" {
		t.Errorf("COUNT(*) = %q", got)
	}
	got, _, _ = runSelect(t, c, "people.csv", "SELECT name, CAST(age AS INT) AS years FROM S3Object LIMIT 1", csvUse, jsonOut)
	if got != `{"name":"alice","years":31}`+"\n" {
		t.Errorf("JSON output = %q", got)
	}
	got, _, _ = runSelect(t, c, "people.csv", "SELECT * FROM S3Object WHERE age >= 47", csvUse, jsonOut)
	if got != `{"name":"carol","city":"Paris","age":"47"}`+"\n" {
		t.Errorf("SELECT * JSON = %q", got)
	}
	// No matching record: no Records event, still Stats and End.
	got, stats, end = runSelect(t, c, "people.csv", "SELECT * FROM S3Object WHERE city = 'Rome'", csvUse, csvOut)
	if got != "" || stats == nil || !end {
		t.Errorf("no match = %q, %v, %v", got, stats, end)
	}

	// JSON LINES and DOCUMENT input.
	put("lines.json", []byte(`{"id":1,"tag":"a","score":2.5}`+"\n"+`{"id":2,"tag":"b","score":7}`+"\n"+`{"id":3,"tag":"a"}`+"\n"))
	lines := &types.InputSerialization{JSON: &types.JSONInput{Type: types.JSONTypeLines}}
	got, _, _ = runSelect(t, c, "lines.json", "SELECT s.id, s.score FROM S3Object s WHERE s.tag = 'a'", lines, jsonOut)
	if got != `{"id":1,"score":2.5}`+"\n"+`{"id":3}`+"\n" { // MISSING members are left out
		t.Errorf("JSON LINES = %q", got)
	}
	got, _, _ = runSelect(t, c, "lines.json", "SELECT * FROM S3Object s WHERE s.score > 5", lines, jsonOut)
	if got != `{"id":2,"tag":"b","score":7}`+"\n" {
		t.Errorf("JSON SELECT * = %q", got)
	}
	got, _, _ = runSelect(t, c, "lines.json", "SELECT s.id, s.tag FROM S3Object s", lines, csvOut)
	if got != "1,a\n2,b\n3,a\n" {
		t.Errorf("JSON to CSV = %q", got)
	}
	put("doc.json", []byte(`[{"k":"x","n":1},{"k":"y","n":2}]`))
	doc := &types.InputSerialization{JSON: &types.JSONInput{Type: types.JSONTypeDocument}}
	got, _, _ = runSelect(t, c, "doc.json", "SELECT s.k FROM S3Object[*] s WHERE s.n = 2", doc, jsonOut)
	if got != `{"k":"y"}`+"\n" {
		t.Errorf("JSON DOCUMENT = %q", got)
	}

	// GZIP input: BytesScanned is the compressed size.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(selectCSV))
	_ = zw.Close()
	put("people.csv.gz", gz.Bytes())
	got, stats, _ = runSelect(t, c, "people.csv.gz", "SELECT COUNT(*) FROM S3Object",
		&types.InputSerialization{CSV: &types.CSVInput{FileHeaderInfo: types.FileHeaderInfoUse}, CompressionType: types.CompressionTypeGzip}, csvOut)
	if got != "3\n" || aws.ToInt64(stats.BytesScanned) != int64(gz.Len()) || aws.ToInt64(stats.BytesProcessed) != int64(len(selectCSV)) {
		t.Errorf("GZIP = %q, %+v", got, stats)
	}

	// Errors are ordinary S3 error responses (before the stream starts).
	_, err = c.SelectObjectContent(ctx, &s3.SelectObjectContentInput{Bucket: aws.String("sel"), Key: aws.String("people.csv"),
		Expression: aws.String("SELECT FROM"), ExpressionType: types.ExpressionTypeSql, InputSerialization: csvUse, OutputSerialization: csvOut})
	if code(err) != "ParseUnexpectedToken" {
		t.Errorf("bad SQL: %v", err)
	}
	_, err = c.SelectObjectContent(ctx, &s3.SelectObjectContentInput{Bucket: aws.String("sel"), Key: aws.String("nope.csv"),
		Expression: aws.String("SELECT * FROM S3Object"), ExpressionType: types.ExpressionTypeSql, InputSerialization: csvUse, OutputSerialization: csvOut})
	if code(err) != "NoSuchKey" {
		t.Errorf("missing key: %v", err)
	}
}
