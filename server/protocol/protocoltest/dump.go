package protocoltest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// The JSON protocols' golden format.

// DumpValue renders a generic value deterministically with its Go kind
// visible: time.Time as time(...), []byte as blob(base64), float64 as
// float(...), int64 as a bare number, strings quoted.
func DumpValue(v any) string {
	var b strings.Builder
	dump(&b, v, "")
	return b.String()
}

func dump(b *strings.Builder, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for _, k := range keys {
			fmt.Fprintf(b, "%s  %q: ", indent, k)
			dump(b, x[k], indent+"  ")
			b.WriteString("\n")
		}
		b.WriteString(indent + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for _, e := range x {
			b.WriteString(indent + "  ")
			dump(b, e, indent+"  ")
			b.WriteString("\n")
		}
		b.WriteString(indent + "]")
	case string:
		b.WriteString(strconv.Quote(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			fmt.Fprintf(b, "float(%v)", x)
		} else {
			fmt.Fprintf(b, "float(%s)", strconv.FormatFloat(x, 'g', -1, 64))
		}
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case time.Time:
		fmt.Fprintf(b, "time(%s)", x.Format(time.RFC3339Nano))
	case []byte:
		fmt.Fprintf(b, "blob(%s)", base64.StdEncoding.EncodeToString(x))
	case nil:
		b.WriteString("null")
	default:
		fmt.Fprintf(b, "%T(%v)", x, x)
	}
}

// DumpResponse renders a recorded response: the status, the headers sorted
// (values joined by ", "), a blank line and the body rendered by body (nil:
// the body as text followed by a newline).
func DumpResponse(rec *httptest.ResponseRecorder, body func([]byte) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", rec.Code)
	for _, k := range sortedKeys(rec.Header()) {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(rec.Header()[k], ", "))
	}
	b.WriteString("\n")
	if body == nil {
		b.WriteString(rec.Body.String())
		b.WriteString("\n")
	} else {
		b.WriteString(body(rec.Body.Bytes()))
	}
	return b.String()
}

// DumpDecode runs c's Operation and Decode on r and renders the outcome:
// "operation: <name>", then the input (a top-level streaming payload read
// and shown as the string "stream:<content>"); or, for an error, DumpError.
func DumpDecode(t *testing.T, c protocol.Codec, svc *model.Service, r *http.Request) string {
	t.Helper()
	op, err := c.Operation(svc, r)
	if err == nil {
		var in map[string]any
		if in, err = c.Decode(svc, op, r); err == nil {
			readStreams(in)
			return "operation: " + op.Name + "\n" + DumpValue(in) + "\n"
		}
	}
	return DumpError(t, err)
}

// readStreams replaces streaming payloads by their bytes for the dump.
func readStreams(in map[string]any) {
	for k, v := range in {
		if r, ok := v.(io.Reader); ok {
			b, _ := io.ReadAll(r)
			in[k] = "stream:" + string(b)
		}
	}
}

// DumpError asserts a decoding error is a 4xx *awsapi.Error and renders it
// as "error: <status> <code>" and the message.
func DumpError(t *testing.T, err error) string {
	t.Helper()
	var ae *awsapi.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *awsapi.Error", err, err)
	}
	if ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %v has status %d, want 4xx", err, ae.Status)
	}
	return fmt.Sprintf("error: %d %s\n%s\n", ae.Status, ae.Code, ae.Message)
}

// Record has c answer into a recorder: EncodeError(err, fields) when err is
// not nil, else Encode(out), whose failure fails t. op "" stands for a
// request whose operation was not found (nil); a name svc lacks fails t.
func Record(t *testing.T, c protocol.Codec, svc *model.Service, op string, out map[string]any, err awsapi.APIError, fields map[string]any, meta protocol.Meta) *httptest.ResponseRecorder {
	t.Helper()
	var o *model.Operation
	if op != "" {
		if o = svc.Operations[op]; o == nil {
			t.Fatalf("no operation %s in %s", op, svc.Metadata.ServiceID)
		}
	}
	rec := httptest.NewRecorder()
	if err != nil {
		c.EncodeError(rec, svc, o, err, fields, meta)
	} else if err := c.Encode(rec, svc, o, out, meta); err != nil {
		t.Fatal(err)
	}
	return rec
}

// sortedKeys returns h's names in order.
func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
