package sns

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// outgoing is one message to publish, validated.
type outgoing struct {
	message   string            // Message as given
	perProto  map[string]string // MessageStructure=json: message per protocol
	subject   string
	attrs     map[string]MessageAttributeValue
	groupID   string
	dedupID   string
	messageID string
	seq       string
	size      int // message and attributes, in bytes
}

// forProtocol is the message a subscriber of protocol receives.
func (o *outgoing) forProtocol(protocol string) string {
	if o.perProto == nil {
		return o.message
	}
	if m, ok := o.perProto[protocol]; ok {
		return m
	}
	return o.perProto["default"]
}

var (
	// subjectText: ASCII starting with a letter, digit or punctuation, no
	// line breaks or control characters, under 100 characters (Publish API
	// Reference, Subject).
	subjectText = regexp.MustCompile(`^[\x21-\x7e][\x20-\x7e]{0,98}$`)
	// fifoIDText: MessageGroupId and MessageDeduplicationId are up to 128
	// alphanumeric or punctuation characters (Publish API Reference).
	fifoIDText = regexp.MustCompile(`^[\x21-\x7e]{1,128}$`)
)

// newOutgoing validates what Publish and each PublishBatch entry carry.
func newOutgoing(message string, subject, structure *string, attrs map[string]MessageAttributeValue, groupID, dedupID *string) (*outgoing, error) {
	o := &outgoing{message: message, subject: deref(subject), attrs: attrs, groupID: deref(groupID), dedupID: deref(dedupID)}
	if message == "" {
		return nil, errInvalidParameter("Empty message")
	}
	if subject != nil && !subjectText.MatchString(*subject) {
		return nil, errInvalidParameter("Subject")
	}
	size := len(message)
	for name, a := range attrs {
		n, err := checkAttribute(name, a)
		if err != nil {
			return nil, err
		}
		size += n
	}
	if size > maxMessageBytes {
		return nil, errInvalidParameter("Message too long")
	}
	o.size = size
	if structure != nil {
		if *structure != "json" {
			return nil, errInvalidParameter("MessageStructure")
		}
		var all map[string]any
		if err := json.Unmarshal([]byte(message), &all); err != nil {
			return nil, errInvalidParameter("Message Structure - JSON message body failed to parse")
		}
		// Keys whose value is not a string are ignored (Publish API
		// Reference, MessageStructure).
		o.perProto = map[string]string{}
		for k, v := range all {
			if str, ok := v.(string); ok {
				o.perProto[k] = str
			}
		}
		if _, ok := o.perProto["default"]; !ok {
			return nil, errInvalidParameter("Message Structure - No default entry in JSON message body")
		}
	}
	if groupID != nil && !fifoIDText.MatchString(*groupID) {
		return nil, errInvalidParameter("MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	if dedupID != nil && !fifoIDText.MatchString(*dedupID) {
		return nil, errInvalidParameter("MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	return o, nil
}

// checkAttribute validates one message attribute as SNS does (SNS Developer
// Guide, "Amazon SNS message attributes": names of letters, digits, "-", "_"
// and non-leading, non-trailing, non-successive "."; types String, Number,
// Binary, optionally with a custom ".label", and String.Array) and returns
// its size (name, type and value count toward the 256 KiB limit). Errors:
// ParameterValueInvalid, ValidationError for a missing DataType.
func checkAttribute(name string, a MessageAttributeValue) (int, error) {
	if err := checkAttributeName(name); err != nil {
		return 0, err
	}
	if a.DataType == nil {
		return 0, awsapi.NewError(400, "ValidationError", "1 validation error detected: Value null at 'messageAttributes.%s.member.dataType' failed to satisfy constraint: Member must not be null", name)
	}
	dt := *a.DataType
	if !attributeType.MatchString(dt) {
		return 0, errParameterValue("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	if a.StringValue == nil && a.BinaryValue == nil {
		return 0, errParameterValue("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, dt)
	}
	field, binary := "String", strings.HasPrefix(dt, "Binary")
	if binary {
		field = "Binary"
	}
	if binary && a.BinaryValue == nil || !binary && a.StringValue == nil {
		return 0, errParameterValue("The message attribute '%s' with type '%s' must use field '%s'.", name, dt, field)
	}
	if binary && len(a.BinaryValue) == 0 || !binary && *a.StringValue == "" {
		return 0, errParameterValue("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, dt)
	}
	switch {
	case dt == "String.Array":
		var list []any
		if err := json.Unmarshal([]byte(*a.StringValue), &list); err != nil {
			return 0, errParameterValue("The message attribute '%s' with type 'String.Array' must be a JSON array.", name)
		}
	case strings.HasPrefix(dt, "Number"):
		if _, err := strconv.ParseFloat(strings.TrimSpace(*a.StringValue), 64); err != nil {
			return 0, errParameterValue("Could not cast message attribute '%s' value to number.", name)
		}
	}
	return len(name) + len(dt) + len(deref(a.StringValue)) + len(a.BinaryValue), nil
}

// attributeType: String, Number or Binary, optionally with a custom label.
var attributeType = regexp.MustCompile(`^(String|Number|Binary)(\..+)?$`)

// checkAttributeName applies SNS's message attribute name rules.
func checkAttributeName(name string) error {
	switch {
	case len(name) > 256:
		return errParameterValue("Length of message attribute name must be less than 256 bytes.")
	case name == "":
		return errParameterValue("The message attribute name can not be empty.")
	case name[0] == '.':
		return errParameterValue("Invalid message attribute name starting with character '.' was found.")
	case name[len(name)-1] == '.':
		return errParameterValue("Invalid message attribute name ending with character '.' was found.")
	}
	for i, r := range name {
		ok := r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return errParameterValue("Invalid non-alphanumeric character '#x%X' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.", r)
		}
		if r == '.' && name[i-1] == '.' {
			return errParameterValue("Message attribute name can not have successive '.' character.")
		}
	}
	return nil
}
