package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"strings"
)

// Transport type bytes of the message attribute digest.
const (
	transportString     = 1
	transportBinary     = 2
	transportStringList = 3
	transportBinaryList = 4
)

// md5Hex is the hex MD5 of s (MD5OfMessageBody / MD5OfBody).
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// attributeValue is what both MessageAttributeValue and
// MessageSystemAttributeValue hold.
type attributeValue struct {
	DataType         string
	StringValue      *string
	BinaryValue      []byte
	StringListValues []string
	BinaryListValues [][]byte
}

// md5OfAttributes is MD5OfMessageAttributes (and MD5OfMessageSystemAttributes):
// per the SQS Developer Guide, "Calculating the MD5 message digest for message
// attributes", attributes are sorted by name and each is encoded as
// name, data type (each as a 4-byte big-endian length then UTF-8 bytes), one
// transport byte (1 String/Number, 2 Binary; 3 and 4 for the reserved list
// values) and the value (length-prefixed; each list item length-prefixed).
// Returns "" for no attributes.
func md5OfAttributes(attrs map[string]attributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	h := md5.New()
	put := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, name := range sortedKeys(attrs) {
		v := attrs[name]
		put([]byte(name))
		put([]byte(v.DataType))
		switch {
		case v.StringValue != nil:
			h.Write([]byte{transportString})
			put([]byte(*v.StringValue))
		case v.BinaryValue != nil:
			h.Write([]byte{transportBinary})
			put(v.BinaryValue)
		case len(v.StringListValues) > 0:
			h.Write([]byte{transportStringList})
			for _, s := range v.StringListValues {
				put([]byte(s))
			}
		case len(v.BinaryListValues) > 0:
			h.Write([]byte{transportBinaryList})
			for _, b := range v.BinaryListValues {
				put(b)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func userAttributes(m map[string]MessageAttributeValue) map[string]attributeValue {
	out := make(map[string]attributeValue, len(m))
	for k, v := range m {
		out[k] = attributeValue{deref(v.DataType), v.StringValue, v.BinaryValue, v.StringListValues, v.BinaryListValues}
	}
	return out
}

func systemAttributes(m map[string]MessageSystemAttributeValue) map[string]attributeValue {
	out := make(map[string]attributeValue, len(m))
	for k, v := range m {
		out[k] = attributeValue{deref(v.DataType), v.StringValue, v.BinaryValue, v.StringListValues, v.BinaryListValues}
	}
	return out
}

// checkMessageAttributes applies SQS's rules to message attributes: a
// String, Number or Binary type (optionally with a ".label"), a value that
// matches the type, and at most 10 attributes. Returns their total size in
// bytes (names, types and values count toward MaximumMessageSize).
func checkMessageAttributes(attrs map[string]attributeValue) (int, error) {
	if len(attrs) > 10 {
		return 0, errInvalidParameter("Number of message attributes [%d] exceeds the allowed maximum [10].", len(attrs))
	}
	size := 0
	for _, name := range sortedKeys(attrs) {
		v := attrs[name]
		base, _, _ := strings.Cut(v.DataType, ".")
		switch base {
		case "String", "Number":
			if v.StringValue == nil && len(v.StringListValues) == 0 {
				return 0, errInvalidParameter("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, base)
			}
		case "Binary":
			if v.BinaryValue == nil && len(v.BinaryListValues) == 0 {
				return 0, errInvalidParameter("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, base)
			}
		default:
			return 0, errInvalidParameter("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
		}
		size += len(name) + len(v.DataType) + len(deref(v.StringValue)) + len(v.BinaryValue)
	}
	return size, nil
}

// checkAttributeNames applies the naming rules of message attributes
// (SendMessage API Reference, MessageAttribute Name): up to 256 of
// alphanumerics, hyphens, underscores and periods, not starting with "AWS."
// or "Amazon." in any case, not starting or ending with a period, without
// consecutive periods.
func checkAttributeNames(attrs map[string]MessageAttributeValue) error {
	for name := range attrs {
		lower := strings.ToLower(name)
		switch {
		case name == "":
			return errInvalidParameter("The request must contain non-empty message attribute names.")
		case len(name) > 256:
			return errInvalidParameter("Message (user) attribute name '%s' exceeds the maximum length of 256 characters.", name)
		case !attributeName.MatchString(name):
			return errInvalidParameter("Message (user) attribute name '%s' can only contain alphanumeric characters, hyphens (-), underscores (_), and periods (.).", name)
		case strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon."):
			return errInvalidParameter("Message (user) attribute name '%s' uses a reserved prefix.", name)
		case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, ".."):
			return errInvalidParameter("Message (user) attribute name '%s' can't start or end with a period, or contain consecutive periods.", name)
		}
	}
	return nil
}

var attributeName = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)

// validBody reports whether s has only the characters SQS accepts: #x9 | #xA
// | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF
// (SendMessage documentation). Returns the first offending rune.
func validBody(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == 0x9, r == 0xA, r == 0xD,
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
		default:
			return r, false
		}
	}
	return 0, true
}
