package gateway

import (
	"encoding/json"
	"net/http"
	"strings"
)

// LocalStack's JSON comes from Python's json.dumps, whose separators are
// ", " and ": ". CI scripts grep for `"s3": "running"`, so we print the same.

// kv is one key of an ordered JSON object.
type kv struct {
	Key   string
	Value any
}

func pyObject(kvs []kv) string {
	var b strings.Builder
	b.WriteString("{")
	for i, e := range kvs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyJSON(e.Key) + ": " + pyJSON(e.Value))
	}
	b.WriteString("}")
	return b.String()
}

// pyJSON marshals v with Python's separators (ordered objects as []kv).
func pyJSON(v any) string {
	if kvs, ok := v.([]kv); ok {
		return pyObject(kvs)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return spaceSeparators(data)
}

// spaceSeparators adds a space after ',' and ':' outside strings of compact JSON.
func spaceSeparators(data []byte) string {
	var b strings.Builder
	inString, escaped := false, false
	for _, c := range data {
		b.WriteByte(c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func writePyJSON(w http.ResponseWriter, status int, kvs []kv) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(pyObject(kvs)))
}
