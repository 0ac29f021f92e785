package protocol

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// Validate checks a decoded input against the model's constraints the way
// AWS's request validation does: required members, string/list/map lengths
// (min, max), numeric ranges, enum values. It returns the violations in
// AWS's wording, ordered by member path, e.g.
//
//	Value null at 'tableName' failed to satisfy constraint: Member must not be null
//
// (the message format of Coral-based services such as DynamoDB and SQS:
// "1 validation error detected: …", see ValidationMessage). Patterns are not
// checked: the models' regexes are Java-flavoured and AWS applies them unevenly.
func Validate(shape *model.Shape, v map[string]any) []string {
	var errs []string
	validateStruct(shape, v, "", &errs, 0)
	sort.Strings(errs)
	return errs
}

// ValidationMessage joins violations as AWS does:
// "2 validation errors detected: A; B".
func ValidationMessage(errs []string) string {
	noun := "error"
	if len(errs) > 1 {
		noun = "errors"
	}
	return fmt.Sprintf("%d validation %s detected: %s", len(errs), noun, strings.Join(errs, "; "))
}

const maxValidateDepth = 64

func memberPath(parent, name string) string {
	if name != "" {
		name = strings.ToLower(name[:1]) + name[1:]
	}
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func validateStruct(sh *model.Shape, v map[string]any, path string, errs *[]string, depth int) {
	if sh == nil || depth > maxValidateDepth {
		return
	}
	for _, name := range sh.MemberNames {
		ref := sh.Members[name]
		mv, ok := v[name]
		p := memberPath(path, name)
		if !ok || mv == nil {
			if sh.IsRequired(name) && ref.Location != "uri" {
				*errs = append(*errs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", p))
			}
			continue
		}
		validateValue(ref.Shape, mv, p, errs, depth+1)
	}
}

func validateValue(sh *model.Shape, v any, path string, errs *[]string, depth int) {
	if depth > maxValidateDepth {
		return
	}
	fail := func(constraint string) {
		*errs = append(*errs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", display(v), path, constraint))
	}
	length := func(n int) {
		if sh.Min != nil && float64(n) < *sh.Min {
			fail(fmt.Sprintf("Member must have length greater than or equal to %v", *sh.Min))
		}
		if sh.Max != nil && float64(n) > *sh.Max {
			fail(fmt.Sprintf("Member must have length less than or equal to %v", *sh.Max))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		switch sh.Type {
		case "structure":
			validateStruct(sh, x, path, errs, depth)
		case "map":
			length(len(x))
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if sh.Key != nil {
					validateValue(sh.Key.Shape, k, path+".key", errs, depth+1)
				}
				if sh.Value != nil && x[k] != nil {
					validateValue(sh.Value.Shape, x[k], path+".value", errs, depth+1)
				}
			}
		}
	case []any:
		length(len(x))
		if sh.Member != nil {
			for i, e := range x {
				if e != nil {
					validateValue(sh.Member.Shape, e, fmt.Sprintf("%s.%d.member", path, i+1), errs, depth+1)
				}
			}
		}
	case string:
		if sh.Type != "string" {
			return
		}
		length(utf8.RuneCountInString(x))
		if len(sh.Enum) > 0 {
			for _, e := range sh.Enum {
				if e == x {
					return
				}
			}
			fail("Member must satisfy enum value set: [" + strings.Join(sh.Enum, ", ") + "]")
		}
	case []byte:
		length(len(x))
	case int64:
		rangeCheck(sh, float64(x), fail)
	case float64:
		rangeCheck(sh, x, fail)
	}
}

func rangeCheck(sh *model.Shape, n float64, fail func(string)) {
	if sh.Min != nil && n < *sh.Min {
		fail(fmt.Sprintf("Member must have value greater than or equal to %v", *sh.Min))
	}
	if sh.Max != nil && n > *sh.Max {
		fail(fmt.Sprintf("Member must have value less than or equal to %v", *sh.Max))
	}
}

// display renders a value for a violation message: scalars as text, lists
// and maps as JSON (AWS prints them in its own object notation; Go's %v
// syntax, "map[PutRequest:…]", would read as a bug).
func display(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case []any, map[string]any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}
