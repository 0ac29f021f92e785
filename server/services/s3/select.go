package s3

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// SelectObjectContent runs an S3 Select SQL expression (select_sql.go)
// over a CSV or JSON (DOCUMENT or LINES) object, optionally GZIP or BZIP2
// compressed, and answers with an event stream: a Records event holding
// the output (CSV or JSON records), then Stats and End. Errors:
// NoSuchBucket, NoSuchKey, InvalidExpressionType, InvalidRequest (no or
// several input or output formats), ParseUnexpectedToken and the other
// SQL errors (400), CastFailed; Parquet input answers NotImplemented.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html
func (s *Service) SelectObjectContent(ctx context.Context, in *SelectObjectContentRequest) (*SelectObjectContentOutput, error) {
	if valueOf(in.ExpressionType) != ExpressionTypeSQL {
		return nil, s3Error(http.StatusBadRequest, "InvalidExpressionType",
			"The ExpressionType is invalid. Only SQL expressions are supported.", nil)
	}
	is, os := in.InputSerialization, in.OutputSerialization
	if is == nil || os == nil || countSet(is.CSV != nil, is.JSON != nil, is.Parquet != nil) != 1 ||
		countSet(os.CSV != nil, os.JSON != nil) != 1 {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"Exactly one input serialization and one output serialization must be given.", nil)
	}
	if is.Parquet != nil {
		return nil, s3Error(http.StatusNotImplemented, "NotImplemented", "Parquet input is not supported.", nil)
	}
	if is.JSON != nil {
		if t := valueOf(is.JSON.Type); t != JSONTypeDOCUMENT && t != JSONTypeLINES {
			return nil, s3Error(http.StatusBadRequest, "InvalidJsonType", "The JsonType is invalid. Only DOCUMENT and LINES are supported.", nil)
		}
	}
	q, err := parseSelect(valueOf(in.Expression))
	if err != nil {
		return nil, err
	}
	_, obj, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, nil)
	if err != nil {
		return nil, err
	}
	body, err := s.bodies.Open(ctx, obj.bodyRef, 0, obj.size)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	var src io.Reader = body
	switch valueOf(is.CompressionType) {
	case "", CompressionTypeNONE:
	case CompressionTypeGZIP:
		gz, err := gzip.NewReader(body)
		if err != nil {
			return nil, s3Error(http.StatusBadRequest, "InvalidCompressionFormat", "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.", nil)
		}
		defer gz.Close()
		src = gz
	case CompressionTypeBZIP2:
		src = bzip2.NewReader(body)
	default:
		return nil, s3Error(http.StatusBadRequest, "InvalidCompressionFormat", "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.", nil)
	}
	counted := &countingReader{r: src}
	w := newSelectWriter(os)
	run := &selectRun{q: q, w: w}
	if is.CSV != nil {
		err = run.csv(counted, is.CSV)
	} else {
		err = run.json(counted, q.each)
	}
	if err != nil && !errors.Is(err, errSelectLimit) {
		return nil, err
	}
	if q.count {
		w.write([]string{"_1"}, []any{run.matched})
	}
	out := &SelectObjectContentEventStream{
		Stats: &StatsEvent{Details: &Stats{BytesScanned: ptr(obj.size), BytesProcessed: ptr(counted.n),
			BytesReturned: ptr(int64(w.buf.Len()))}},
		End: &EndEvent{},
	}
	if w.buf.Len() > 0 {
		out.Records = &RecordsEvent{Payload: w.buf.Bytes()}
	}
	return &SelectObjectContentOutput{Payload: out}, nil
}

func countSet(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// errSelectLimit stops reading once LIMIT records are out.
var errSelectLimit = errors.New("limit reached")

// selectRun applies a query to records and writes the output.
type selectRun struct {
	q       *selectQuery
	w       *selectWriter
	matched int64
}

// emit filters one record and writes its projection; names and values
// are the record's own columns, for SELECT *.
func (r *selectRun) emit(rec selectRecord, names []string, values []any) error {
	if r.q.limit >= 0 && r.matched >= r.q.limit {
		return errSelectLimit
	}
	if r.q.where != nil {
		v, err := r.q.where.eval(rec)
		if err != nil {
			return err
		}
		if b, ok := v.(bool); !ok || !b {
			return nil
		}
	}
	r.matched++
	switch {
	case r.q.count:
	case r.q.star:
		r.w.write(names, values)
	default:
		names = make([]string, len(r.q.columns))
		values = make([]any, len(r.q.columns))
		for i, c := range r.q.columns {
			v, err := c.expr.eval(rec)
			if err != nil {
				return err
			}
			names[i], values[i] = c.name, v
		}
		r.w.write(names, values)
	}
	return nil
}

// csvRecord is a CSV row; header maps column names to indexes (USE).
type csvRecord struct {
	fields []string
	header map[string]int
}

func (c csvRecord) field(name string) (any, bool) {
	if i, ok := c.header[name]; ok {
		return c.at(i)
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "_")); err == nil && strings.HasPrefix(name, "_") && n >= 1 {
		return c.at(n - 1)
	}
	for k, i := range c.header { // unquoted names match case-insensitively
		if strings.EqualFold(k, name) {
			return c.at(i)
		}
	}
	return nil, false
}

func (c csvRecord) at(i int) (any, bool) {
	if i < len(c.fields) {
		return c.fields[i], true
	}
	return nil, false
}

func (r *selectRun) csv(src io.Reader, in *CSVInput) error {
	if d := valueOf(in.RecordDelimiter); d != "" && d != "\n" && d != "\r\n" {
		data, err := io.ReadAll(src)
		if err != nil {
			return err
		}
		src = strings.NewReader(strings.ReplaceAll(string(data), d, "\n"))
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = -1, true, false
	if d := valueOf(in.FieldDelimiter); d != "" {
		cr.Comma = []rune(d)[0]
	}
	// CSVInput.Comments: "The default character is #."
	cr.Comment = '#'
	if c := in.Comments; c != nil {
		cr.Comment = 0
		if *c != "" {
			cr.Comment = []rune(*c)[0]
		}
	}
	var header map[string]int
	var names []string
	first := true
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s3Error(http.StatusBadRequest, "CSVParsingError", "Encountered an error parsing the CSV file: "+err.Error(), nil)
		}
		if first {
			first = false
			switch valueOf(in.FileHeaderInfo) {
			case FileHeaderInfoUSE:
				header = make(map[string]int, len(fields))
				for i, f := range fields {
					if _, dup := header[f]; !dup {
						header[f] = i
					}
				}
				names = fields
				continue
			case FileHeaderInfoIGNORE:
				continue
			}
		}
		values := make([]any, len(fields))
		cols := make([]string, len(fields))
		for i, f := range fields {
			values[i] = f
			if i < len(names) {
				cols[i] = names[i]
			} else {
				cols[i] = "_" + strconv.Itoa(i+1)
			}
		}
		if err := r.emit(csvRecord{fields: fields, header: header}, cols, values); err != nil {
			return err
		}
	}
}

// jsonRecord is a JSON value; an object's members keep their order.
type jsonRecord struct {
	keys   []string
	values map[string]any
}

func (j jsonRecord) field(name string) (any, bool) {
	if v, ok := j.values[name]; ok {
		return v, true
	}
	for _, k := range j.keys {
		if strings.EqualFold(k, name) {
			return j.values[k], true
		}
	}
	return nil, false
}

func (r *selectRun) json(src io.Reader, each bool) error {
	dec := json.NewDecoder(src)
	dec.UseNumber()
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return s3Error(http.StatusBadRequest, "JSONParsingError", "Encountered an error parsing the JSON file: "+err.Error(), nil)
		}
		items := []json.RawMessage{raw}
		if each && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			items = nil
			if err := json.Unmarshal(raw, &items); err != nil {
				return s3Error(http.StatusBadRequest, "JSONParsingError", "Encountered an error parsing the JSON file: "+err.Error(), nil)
			}
		}
		for _, item := range items {
			rec := decodeJSONRecord(item)
			values := make([]any, len(rec.keys))
			for i, k := range rec.keys {
				values[i] = rec.values[k]
			}
			if err := r.emit(rec, rec.keys, values); err != nil {
				return err
			}
		}
	}
}

// decodeJSONRecord reads an object's members in order (numbers as int64 or
// float64); any other value is a record without fields.
func decodeJSONRecord(raw json.RawMessage) jsonRecord {
	rec := jsonRecord{values: map[string]any{}}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return rec
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return rec
		}
		k, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return rec
		}
		if _, dup := rec.values[k]; !dup {
			rec.keys = append(rec.keys, k)
		}
		rec.values[k] = jsonValue(v)
	}
	return rec
}

// jsonValue turns json.Number into int64 or float64.
func jsonValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = jsonValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = jsonValue(e)
		}
	}
	return v
}

// selectWriter serializes output records as OutputSerialization asks.
type selectWriter struct {
	buf bytes.Buffer

	json                    bool
	recordDelim, fieldDelim string
	quote, escape           string
	quoteAlways             bool
}

func newSelectWriter(o *OutputSerialization) *selectWriter {
	w := &selectWriter{recordDelim: "\n", fieldDelim: ",", quote: `"`, escape: `"`}
	if o.JSON != nil {
		w.json = true
		if d := valueOf(o.JSON.RecordDelimiter); d != "" {
			w.recordDelim = d
		}
		return w
	}
	c := o.CSV
	if d := valueOf(c.RecordDelimiter); d != "" {
		w.recordDelim = d
	}
	if d := valueOf(c.FieldDelimiter); d != "" {
		w.fieldDelim = d
	}
	if d := valueOf(c.QuoteCharacter); d != "" {
		w.quote = d
	}
	if d := valueOf(c.QuoteEscapeCharacter); d != "" {
		w.escape = d
	}
	w.quoteAlways = valueOf(c.QuoteFields) == QuoteFieldsALWAYS
	return w
}

func (w *selectWriter) write(names []string, values []any) {
	if w.json {
		w.buf.WriteByte('{')
		first := true
		for i, v := range values {
			if v == nil { // MISSING members are left out
				continue
			}
			if !first {
				w.buf.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(names[i])
			w.buf.Write(k)
			w.buf.WriteByte(':')
			b, err := json.Marshal(v)
			if err != nil {
				b = []byte("null")
			}
			w.buf.Write(b)
		}
		w.buf.WriteByte('}')
		w.buf.WriteString(w.recordDelim)
		return
	}
	for i, v := range values {
		if i > 0 {
			w.buf.WriteString(w.fieldDelim)
		}
		var s string
		switch x := v.(type) {
		case map[string]any, []any:
			b, _ := json.Marshal(x)
			s = string(b)
		default:
			s = formatValue(v)
		}
		if w.quoteAlways || strings.Contains(s, w.fieldDelim) || strings.Contains(s, w.quote) ||
			strings.ContainsAny(s, "\r\n") || strings.Contains(s, w.recordDelim) {
			s = w.quote + strings.ReplaceAll(s, w.quote, w.escape+w.quote) + w.quote
		}
		w.buf.WriteString(s)
	}
	w.buf.WriteString(w.recordDelim)
}
