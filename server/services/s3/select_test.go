package s3

import (
	"net/http"
	"testing"
)

// S3 Select SQL parsing and evaluation; the grammar and error codes follow
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html
// and https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#SelectObjectContentErrorCodeList.

func TestParseSelectErrors(t *testing.T) {
	for _, sql := range []string{"", "SELECT", "SELECT * FROM", "SELECT * FROM Table", "SELECT * FROM S3Object LIMIT x",
		"SELECT a FROM S3Object WHERE", "SELECT 'unterminated FROM S3Object", "SELECT * FROM S3Object WHERE a = 1 extra",
		"SELECT CAST(a AS BLOB) FROM S3Object", "SELECT * FROM S3Object WHERE a ~ 1", "SELECT (a FROM S3Object"} {
		if _, err := parseSelect(sql); err == nil {
			t.Errorf("parseSelect(%q) = nil error", sql)
		} else {
			wantError(t, err, "ParseUnexpectedToken", http.StatusBadRequest, nil)
		}
	}
}

func TestSelectEval(t *testing.T) {
	rec := csvRecord{fields: []string{"7", "x", "2.5"}, header: map[string]int{"n": 0, "s": 1, "f": 2}}
	for sql, want := range map[string]bool{
		"SELECT * FROM S3Object WHERE n = 7":                              true,
		"SELECT * FROM S3Object o WHERE o.n > 3 AND NOT o.s = 'y'":        true,
		"SELECT * FROM S3Object WHERE CAST(f AS FLOAT) + 1 = 3.5":         true,
		"SELECT * FROM S3Object WHERE n * 2 = 14 AND n % 4 = 3":           true,
		"SELECT * FROM S3Object WHERE missing IS NULL":                    true,
		"SELECT * FROM S3Object WHERE missing = 1 OR s <> 'x'":            false,
		"SELECT * FROM S3Object WHERE _2 = 'x' AND (_1 < 5 OR _3 >= 2.5)": true,
		"SELECT * FROM S3Object WHERE N = 7":                              true, // unquoted names are case-insensitive
	} {
		q, err := parseSelect(sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		v, err := q.where.eval(rec)
		if b, _ := v.(bool); err != nil || b != want {
			t.Errorf("%s = %v, %v; want %v", sql, v, err, want)
		}
	}
	q, _ := parseSelect("SELECT * FROM S3Object WHERE CAST(s AS INT) = 1")
	_, err := q.where.eval(rec)
	wantError(t, err, "CastFailed", http.StatusBadRequest, nil)
}

func TestSelectObjectContentErrors(t *testing.T) {
	s, ctx := newTestService(t), ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "sel")
	mustPut(t, s, ctx, "sel", "a.csv", "1,2\n")
	call := func(mod func(*SelectObjectContentRequest)) error {
		in := &SelectObjectContentRequest{Bucket: ptr("sel"), Key: ptr("a.csv"), Expression: ptr("SELECT * FROM S3Object"),
			ExpressionType: ptr("SQL"), InputSerialization: &InputSerialization{CSV: &CSVInput{}},
			OutputSerialization: &OutputSerialization{CSV: &CSVOutput{}}}
		mod(in)
		_, err := s.SelectObjectContent(ctx, in)
		return err
	}
	wantError(t, call(func(in *SelectObjectContentRequest) { in.ExpressionType = ptr("XPATH") }), "InvalidExpressionType", http.StatusBadRequest, nil)
	wantError(t, call(func(in *SelectObjectContentRequest) { in.InputSerialization.JSON = &JSONInput{Type: ptr("LINES")} }),
		"InvalidRequest", http.StatusBadRequest, nil)
	wantError(t, call(func(in *SelectObjectContentRequest) {
		in.InputSerialization = &InputSerialization{JSON: &JSONInput{Type: ptr("XML")}}
	}), "InvalidJsonType", http.StatusBadRequest, nil)
	wantError(t, call(func(in *SelectObjectContentRequest) { in.InputSerialization.CompressionType = ptr("ZIP") }),
		"InvalidCompressionFormat", http.StatusBadRequest, nil)
	wantError(t, call(func(in *SelectObjectContentRequest) {
		in.InputSerialization = &InputSerialization{Parquet: &ParquetInput{}}
	}), "NotImplemented", http.StatusNotImplemented, nil)

	// CSV output quoting: ALWAYS quotes every field; custom delimiters.
	mustPut(t, s, ctx, "sel", "b.csv", "a;b|c;\"d\"\"e\"|")
	out, err := s.SelectObjectContent(ctx, &SelectObjectContentRequest{Bucket: ptr("sel"), Key: ptr("b.csv"),
		Expression: ptr("SELECT * FROM S3Object"), ExpressionType: ptr("SQL"),
		InputSerialization:  &InputSerialization{CSV: &CSVInput{FieldDelimiter: ptr(";"), RecordDelimiter: ptr("|")}},
		OutputSerialization: &OutputSerialization{CSV: &CSVOutput{QuoteFields: ptr("ALWAYS")}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out.Payload.Records.Payload); got != "\"a\",\"b\"\n\"c\",\"d\"\"e\"\n" {
		t.Errorf("records = %q", got)
	}
}
