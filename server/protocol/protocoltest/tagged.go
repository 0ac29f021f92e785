package protocoltest

// The XML protocols' golden format: generic values as tagged JSON, responses
// as "HTTP <status>", one header line per value, body.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"time"
)

// Tagged converts a generic value to JSON-friendly form, tagging the kinds
// JSON cannot tell apart: "float64:1.5", "timestamp:2006-01-02T15:04:05Z",
// "blob:<base64>", "stream:<content>" (the reader is consumed).
func Tagged(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Tagged(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Tagged(e)
		}
		return out
	case float64:
		return fmt.Sprintf("float64:%v", x)
	case time.Time:
		return "timestamp:" + x.Format(time.RFC3339Nano)
	case []byte:
		return "blob:" + base64.StdEncoding.EncodeToString(x)
	case io.Reader:
		b, err := io.ReadAll(x)
		if err != nil {
			return "stream-error:" + err.Error()
		}
		return "stream:" + string(b)
	}
	return v
}

// JSON renders v indented, ending in a newline.
func JSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return []byte("marshal error: " + err.Error() + "\n")
	}
	return append(b, '\n')
}

// DumpHTTP renders a recorded response: "HTTP <status>", the headers sorted,
// a blank line and the body.
func DumpHTTP(rec *httptest.ResponseRecorder) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP %d\n", rec.Code)
	for _, k := range sortedKeys(rec.Header()) {
		for _, v := range rec.Header()[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(rec.Body.Bytes())
	b.WriteString("\n")
	return b.Bytes()
}
