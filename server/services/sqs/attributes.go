package sqs

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
)

// intRange is the valid range of an integer queue attribute.
type intRange struct{ min, max int }

// intAttributes are the integer attributes and their ranges, from the
// CreateQueue Attributes documentation (botocore sqs model, 2012-11-05):
// DelaySeconds 0–900, MaximumMessageSize 1,024–1,048,576,
// MessageRetentionPeriod 60–1,209,600, ReceiveMessageWaitTimeSeconds 0–20,
// VisibilityTimeout 0–43,200, KmsDataKeyReusePeriodSeconds 60–86,400.
var intAttributes = map[string]intRange{
	"DelaySeconds":                  {0, 900},
	"MaximumMessageSize":            {1024, 1048576},
	"MessageRetentionPeriod":        {60, 1209600},
	"ReceiveMessageWaitTimeSeconds": {0, 20},
	"VisibilityTimeout":             {0, 43200},
	"KmsDataKeyReusePeriodSeconds":  {60, 86400},
}

// defaultAttributes are every queue's defaults (same source): 0, 1 MiB,
// 4 days, 0, 30 s, and SSE-SQS on for new queues.
func defaultAttributes(fifo bool) map[string]string {
	a := map[string]string{
		"DelaySeconds":                  "0",
		"MaximumMessageSize":            "1048576",
		"MessageRetentionPeriod":        "345600",
		"ReceiveMessageWaitTimeSeconds": "0",
		"VisibilityTimeout":             "30",
		"SqsManagedSseEnabled":          "true",
	}
	if fifo {
		a["FifoQueue"] = "true"
		a["ContentBasedDeduplication"] = "false"
		a["DeduplicationScope"] = "queue"
		a["FifoThroughputLimit"] = "perQueue"
	}
	return a
}

// fifoOnly are the attributes only FIFO queues accept.
var fifoOnly = map[string]bool{
	"FifoQueue": true, "ContentBasedDeduplication": true, "DeduplicationScope": true, "FifoThroughputLimit": true,
}

// otherSettable are the settable string attributes besides the integer ones.
var otherSettable = map[string]bool{
	"Policy": true, "RedrivePolicy": true, "RedriveAllowPolicy": true, "KmsMasterKeyId": true, "SqsManagedSseEnabled": true,
}

// computed are the read-only attributes GetQueueAttributes derives.
var computed = []string{
	"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
	"CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
}

// errUnknownAttribute is SQS's answer to an attribute name it does not know.
func errUnknownAttribute(name string) error {
	return &InvalidAttributeName{Message: ptr("Unknown Attribute " + name + ".")}
}

func errAttributeValue(name string) error {
	return &InvalidAttributeValue{Message: ptr("Invalid value for the parameter " + name + ".")}
}

// checkAttributes validates settable attributes for a queue of the given kind
// and returns them normalised (integers in canonical form, booleans lower case).
func checkAttributes(in map[string]string, fifo bool) (map[string]string, error) {
	out := make(map[string]string, len(in))
	for _, name := range sortedKeys(in) {
		v := in[name]
		switch {
		case intAttributes[name] != (intRange{}):
			r := intAttributes[name]
			n, err := strconv.Atoi(v)
			if err != nil || n < r.min || n > r.max {
				return nil, errAttributeValue(name)
			}
			out[name] = strconv.Itoa(n)
		case fifoOnly[name]:
			if !fifo {
				return nil, errUnknownAttribute(name)
			}
			nv, err := checkFifoAttribute(name, v)
			if err != nil {
				return nil, err
			}
			out[name] = nv
		case otherSettable[name]:
			nv, err := checkOtherAttribute(name, v)
			if err != nil {
				return nil, err
			}
			out[name] = nv
		default:
			return nil, errUnknownAttribute(name)
		}
	}
	if out["FifoThroughputLimit"] == "perMessageGroupId" && out["DeduplicationScope"] == "queue" {
		return nil, errAttributeValue("FifoThroughputLimit")
	}
	return out, nil
}

func checkFifoAttribute(name, v string) (string, error) {
	switch name {
	case "FifoQueue", "ContentBasedDeduplication":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", errAttributeValue(name)
		}
		return strconv.FormatBool(b), nil
	case "DeduplicationScope":
		if v != "queue" && v != "messageGroup" {
			return "", errAttributeValue(name)
		}
	case "FifoThroughputLimit":
		if v != "perQueue" && v != "perMessageGroupId" {
			return "", errAttributeValue(name)
		}
	}
	return v, nil
}

func checkOtherAttribute(name, v string) (string, error) {
	switch name {
	case "SqsManagedSseEnabled":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", errAttributeValue(name)
		}
		return strconv.FormatBool(b), nil
	case "RedrivePolicy":
		if v == "" {
			return v, nil
		}
		var p struct {
			DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
			MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
		}
		if json.Unmarshal([]byte(v), &p) != nil {
			return "", errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.", v)
		}
		if p.DeadLetterTargetArn == "" || len(p.MaxReceiveCount) == 0 {
			return "", errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: %s.", v, missingRedriveField(p.DeadLetterTargetArn))
		}
		if n, err := maxReceiveCount(p.MaxReceiveCount); err != nil || n < 1 || n > 1000 {
			return "", errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: %s, valid values are from 1 to 1000 both inclusive.", v, string(p.MaxReceiveCount))
		}
	case "Policy", "RedriveAllowPolicy":
		if v != "" && !json.Valid([]byte(v)) {
			return "", errInvalidParameter("Invalid value for the parameter %s.", name)
		}
	}
	return v, nil
}

func missingRedriveField(arn string) string {
	if arn == "" {
		return "deadLetterTargetArn"
	}
	return "maxReceiveCount"
}

// maxReceiveCount reads the count, given as a JSON number or string.
func maxReceiveCount(raw json.RawMessage) (int, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strconv.Atoi(s)
	}
	var n int
	err := json.Unmarshal(raw, &n)
	return n, err
}

// redrive returns the queue's dead-letter target ARN and maxReceiveCount, or
// "" when it has no RedrivePolicy.
func (q *queue) redrive() (string, int) {
	v := q.attrs["RedrivePolicy"]
	if v == "" {
		return "", 0
	}
	var p struct {
		DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	if json.Unmarshal([]byte(v), &p) != nil {
		return "", 0
	}
	n, _ := maxReceiveCount(p.MaxReceiveCount)
	return p.DeadLetterTargetArn, n
}

// intAttr returns an integer attribute of the queue.
func (q *queue) intAttr(name string) int {
	n, _ := strconv.Atoi(q.attrs[name])
	return n
}

func (q *queue) seconds(name string) time.Duration {
	return time.Duration(q.intAttr(name)) * time.Second
}

// attributes returns the named attributes ("All" for every one) of the
// queue, computed ones included. Caller holds q.mu.
func (q *queue) attributes(names []string) (map[string]string, error) {
	all := false
	for _, n := range names {
		if n == "All" {
			all = true
			continue
		}
		if _, ok := q.attrs[n]; ok {
			continue
		}
		if !isComputed(n) && intAttributes[n] == (intRange{}) && !otherSettable[n] && !fifoOnly[n] {
			return nil, errUnknownAttribute(n)
		}
	}
	out := map[string]string{}
	add := func(name, v string) {
		if all || contains(names, name) {
			out[name] = v
		}
	}
	for k, v := range q.attrs {
		add(k, v)
	}
	add("ApproximateNumberOfMessages", strconv.Itoa(q.ready))
	add("ApproximateNumberOfMessagesDelayed", strconv.Itoa(q.delayed))
	add("ApproximateNumberOfMessagesNotVisible", strconv.Itoa(q.inflight))
	// Timestamps are epoch seconds (GetQueueAttributes documentation).
	add("CreatedTimestamp", strconv.FormatInt(q.created.Unix(), 10))
	add("LastModifiedTimestamp", strconv.FormatInt(q.modified.Unix(), 10))
	add("QueueArn", q.arn)
	return out, nil
}

func isComputed(name string) bool { return contains(computed, name) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
