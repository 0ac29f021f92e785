package events

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// transformInput is what a target receives (PutTargets, Target): the
// constant Input, the part of the event InputPath selects, the
// InputTransformer's template filled from InputPathsMap, or the whole event.
func transformInput(t Target, raw []byte, parsed map[string]any, r *rule) (string, error) {
	switch {
	case t.Input != nil:
		return *t.Input, nil
	case t.InputPath != nil:
		v, ok := jsonPath(parsed, *t.InputPath)
		if !ok {
			return "", nil
		}
		b, _ := json.Marshal(v)
		return string(b), nil
	case t.InputTransformer != nil:
		return applyTemplate(t.InputTransformer, raw, parsed, r), nil
	}
	return string(raw), nil
}

// jsonPath evaluates a simple JSONPath ($, $.a.b, $.a[0], $['a']) on v.
func jsonPath(v any, path string) (any, bool) {
	path = strings.TrimSpace(path)
	if !strings.HasPrefix(path, "$") {
		return nil, false
	}
	rest := path[1:]
	cur := v
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "['"):
			end := strings.Index(rest, "']")
			if end < 0 {
				return nil, false
			}
			obj, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			cur, ok = obj[rest[2:end]]
			if !ok {
				return nil, false
			}
			rest = rest[end+2:]
		case strings.HasPrefix(rest, "["):
			end := strings.Index(rest, "]")
			if end < 0 {
				return nil, false
			}
			i, err := strconv.Atoi(rest[1:end])
			list, ok := cur.([]any)
			if err != nil || !ok || i < 0 || i >= len(list) {
				return nil, false
			}
			cur, rest = list[i], rest[end+1:]
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			obj, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			cur, ok = obj[rest[:end]]
			if !ok {
				return nil, false
			}
			rest = rest[end:]
		default:
			return nil, false
		}
	}
	return cur, true
}

var placeholder = regexp.MustCompile(`<([A-Za-z0-9_.\-]+)>`)

// applyTemplate fills an InputTemplate (EventBridge User Guide, "Amazon
// EventBridge input transformation"): <name> takes the value InputPathsMap's
// path selects, or a predefined aws.events.* variable. In a JSON template a
// string value inside quotes is inserted escaped, other values as JSON; in
// a text template strings are inserted as they are. Unresolved paths give
// an empty string (null outside quotes in JSON).
func applyTemplate(it *InputTransformer, raw []byte, parsed map[string]any, r *rule) string {
	tpl := deref(it.InputTemplate)
	values := map[string]any{}
	for name, path := range it.InputPathsMap {
		if v, ok := jsonPath(parsed, path); ok {
			values[name] = v
		}
	}
	values["aws.events.rule-arn"] = r.arn
	values["aws.events.rule-name"] = r.name
	values["aws.events.event.ingestion-time"] = parsed["time"]
	values["aws.events.event.json"] = json.RawMessage(raw)
	values["aws.events.event"] = json.RawMessage(raw)
	// A template that is a JSON object, array or string gets JSON-escaped
	// values; any other text gets them as they are.
	isJSON := strings.IndexAny(strings.TrimSpace(tpl)+" ", "{[\"") == 0
	var out strings.Builder
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(tpl, -1) {
		out.WriteString(tpl[last:m[0]])
		last = m[1]
		v, ok := values[tpl[m[2]:m[3]]]
		if !ok {
			if isJSON && !quoted(tpl, m[0], m[1]) {
				out.WriteString("null")
			}
			continue
		}
		s, isStr := v.(string)
		switch {
		case isStr && isJSON && quoted(tpl, m[0], m[1]):
			b, _ := json.Marshal(s)
			out.Write(b[1 : len(b)-1])
		case isStr:
			if isJSON {
				b, _ := json.Marshal(s)
				out.Write(b)
			} else {
				out.WriteString(s)
			}
		default:
			b, _ := json.Marshal(v)
			out.Write(b)
		}
	}
	out.WriteString(tpl[last:])
	return out.String()
}

// quoted reports whether tpl[start:end] sits inside a JSON string, by
// counting unescaped quotes before it.
func quoted(tpl string, start, end int) bool {
	in := false
	for i := 0; i < start; i++ {
		switch tpl[i] {
		case '\\':
			i++
		case '"':
			in = !in
		}
	}
	return in
}
