package restjson

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
)

// Default timestamp formats by location (Smithy HTTP binding rules):
// headers use http-date, labels and query strings date-time, bodies epoch
// seconds.
func defaultTimestampFormat(location string) string {
	if location == "header" || location == "headers" {
		return "rfc822"
	}
	return "iso8601"
}

// parseScalar converts the text of a label, query value or header to the
// generic value of ref's shape.
func parseScalar(ref *model.Ref, location, s, where string) (any, error) {
	sh := ref.Shape
	bad := func(want string) error {
		return jsonrpc.SerializationError("Value %q of %s is not a valid %s", s, where, want)
	}
	switch sh.Type {
	case "string":
		if ref.JSONValue || sh.Document {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil || !json.Valid(b) {
				return nil, bad("base64-encoded JSON value")
			}
			return string(b), nil
		}
		return s, nil
	case "boolean":
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, bad("boolean")
	case "integer", "long", "short", "byte":
		i, err := jsonrpc.ParseInteger(sh.Type, strings.TrimSpace(s))
		if err != nil {
			return nil, bad(sh.Type)
		}
		return i, nil
	case "float", "double":
		if f, ok := jsonrpc.SpecialFloat(s); ok {
			return f, nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, bad(sh.Type)
		}
		return f, nil
	case "bigInteger", "bigDecimal":
		return s, nil
	case "timestamp":
		t, err := jsonrpc.ParseTimestamp(ref.TimestampFormatOr(defaultTimestampFormat(location)), s)
		if err != nil {
			if t, err = jsonrpc.ParseTimestamp("", s); err != nil {
				return nil, bad("timestamp")
			}
		}
		return t, nil
	case "blob":
		b, err := jsonrpc.DecodeBase64(s)
		if err != nil {
			return nil, bad("base64 blob")
		}
		return b, nil
	}
	return nil, bad(sh.Type)
}

// formatScalar writes the generic value v of ref's shape as header or label
// text.
func formatScalar(ref *model.Ref, location string, v any) (string, error) {
	sh := ref.Shape
	switch x := v.(type) {
	case string:
		if ref.JSONValue || sh.Document {
			return base64.StdEncoding.EncodeToString([]byte(x)), nil
		}
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		format := ref.TimestampFormatOr(defaultTimestampFormat(location))
		return jsonrpc.FormatTimestamp(format, x), nil
	case []byte:
		return base64.StdEncoding.EncodeToString(x), nil
	}
	if sh.Type == "float" || sh.Type == "double" {
		if f, ok := jsonrpc.AsFloat(v); ok {
			if s, ok := jsonrpc.FloatJSON(f).(string); ok {
				return s, nil
			}
			return strconv.FormatFloat(f, 'g', -1, 64), nil
		}
	}
	if i, ok := jsonrpc.AsInt(v); ok {
		return strconv.FormatInt(i, 10), nil
	}
	if sh.Document {
		b, err := jsonrpc.Marshal(v)
		if err != nil {
			return "", err
		}
		return base64.StdEncoding.EncodeToString(b), nil
	}
	return "", fmt.Errorf("cannot write %T as a %s %s", v, sh.Type, location)
}

// splitHeaderList splits a comma-separated header list. Values holding a
// comma or quote arrive double-quoted with backslash escapes; http-dates
// contain a comma themselves and are not quoted, so timestamp lists split
// after every second comma (Smithy httpHeader trait, "list" serialization).
func splitHeaderList(member *model.Ref, s string) []string {
	if member.Shape.Type == "timestamp" && member.TimestampFormatOr("rfc822") == "rfc822" {
		parts := strings.Split(s, ",")
		var out []string
		for i := 0; i < len(parts); i += 2 {
			p := parts[i]
			if i+1 < len(parts) {
				p += "," + parts[i+1]
			}
			out = append(out, strings.TrimSpace(p))
		}
		return out
	}
	var out []string
	var cur strings.Builder
	inQuote, escaped := false, false
	flush := func() {
		out = append(out, unquoteHeader(strings.TrimSpace(cur.String())))
		cur.Reset()
	}
	for _, c := range s {
		switch {
		case escaped:
			escaped = false
		case inQuote && c == '\\':
			escaped = true
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			flush()
			continue
		}
		cur.WriteRune(c)
	}
	flush()
	return out
}

// unquoteHeader strips the double quotes and backslash escapes of one list
// value; unquoted values are returned as they are.
func unquoteHeader(p string) string {
	if len(p) < 2 || p[0] != '"' || p[len(p)-1] != '"' {
		return p
	}
	var b strings.Builder
	escaped := false
	for _, c := range p[1 : len(p)-1] {
		if !escaped && c == '\\' {
			escaped = true
			continue
		}
		escaped = false
		b.WriteRune(c)
	}
	return b.String()
}

// headerPrefixValues collects the headers starting with prefix (a
// "headers" map member), keyed by the rest of the name in lower case.
func headerPrefixValues(h http.Header, prefix string) map[string]string {
	out := map[string]string{}
	lp := strings.ToLower(prefix)
	for name, vs := range h {
		ln := strings.ToLower(name)
		if strings.HasPrefix(ln, lp) && len(vs) > 0 {
			out[ln[len(lp):]] = strings.Join(vs, ",")
		}
	}
	return out
}
