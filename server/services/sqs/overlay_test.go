package sqs

import (
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// TestQueryView checks the query-protocol view that
// server/model/patches/sqs.query.json lays over the JSON model: the XML and
// query names of the SQS query API (sources in sqs.query.md beside it: the
// query-protocol SQS model botocore shipped until 2023 and the API
// reference's query examples, e.g. Attribute.1.Name/Value in CreateQueue,
// MessageAttribute.1.Value.StringValue in SendMessage, flattened QueueUrl
// elements in ListQueuesResult, Message elements in ReceiveMessageResult).
func TestQueryView(t *testing.T) {
	reg := model.NewRegistry()
	q, ok, err := reg.QueryView("sqs")
	if err != nil || !ok {
		t.Fatalf("QueryView: ok=%v err=%v", ok, err)
	}
	if q.Metadata.XMLNamespace != "http://queue.amazonaws.com/doc/2012-11-05/" {
		t.Errorf("xmlNamespace %q", q.Metadata.XMLNamespace)
	}
	if len(q.Operations) != 23 {
		t.Errorf("%d operations, want 23", len(q.Operations))
	}
	for name, op := range q.Operations {
		if op.Output != nil && op.Output.ResultWrapper != name+"Result" {
			t.Errorf("%s resultWrapper %q", name, op.Output.ResultWrapper)
		}
	}
	member := func(shape, m string) *model.Ref {
		t.Helper()
		s := q.Shapes[shape]
		if s == nil || s.Members[m] == nil {
			t.Fatalf("%s.%s missing", shape, m)
		}
		return s.Members[m]
	}
	// name is the flattened element/query name of a list or map member:
	// the ref's locationName, else the list member's.
	name := func(r *model.Ref) string {
		if r.LocationName != "" {
			return r.LocationName
		}
		if r.Shape.LocationName != "" {
			return r.Shape.LocationName
		}
		if r.Shape.Member != nil {
			return r.Shape.Member.LocationName
		}
		return ""
	}
	cases := []struct {
		shape, member, want string
	}{
		{"CreateQueueRequest", "Attributes", "Attribute"},
		{"CreateQueueRequest", "tags", "Tag"},
		{"SetQueueAttributesRequest", "Attributes", "Attribute"},
		{"GetQueueAttributesRequest", "AttributeNames", "AttributeName"},
		{"GetQueueAttributesResult", "Attributes", "Attribute"},
		{"SendMessageRequest", "MessageAttributes", "MessageAttribute"},
		{"SendMessageRequest", "MessageSystemAttributes", "MessageSystemAttribute"},
		{"ReceiveMessageRequest", "AttributeNames", "AttributeName"},
		{"ReceiveMessageRequest", "MessageAttributeNames", "MessageAttributeName"},
		{"ReceiveMessageRequest", "MessageSystemAttributeNames", "MessageSystemAttributeName"},
		{"ReceiveMessageResult", "Messages", "Message"},
		{"Message", "Attributes", "Attribute"},
		{"Message", "MessageAttributes", "MessageAttribute"},
		{"ListQueuesResult", "QueueUrls", "QueueUrl"},
		{"ListQueueTagsResult", "Tags", "Tag"},
		{"TagQueueRequest", "Tags", "Tag"},
		{"UntagQueueRequest", "TagKeys", "TagKey"},
		{"SendMessageBatchRequest", "Entries", "SendMessageBatchRequestEntry"},
		{"SendMessageBatchResult", "Successful", "SendMessageBatchResultEntry"},
		{"SendMessageBatchResult", "Failed", "BatchResultErrorEntry"},
		{"DeleteMessageBatchRequest", "Entries", "DeleteMessageBatchRequestEntry"},
		{"ChangeMessageVisibilityBatchRequest", "Entries", "ChangeMessageVisibilityBatchRequestEntry"},
		{"AddPermissionRequest", "AWSAccountIds", "AWSAccountId"},
		{"AddPermissionRequest", "Actions", "ActionName"},
		{"ListDeadLetterSourceQueuesResult", "queueUrls", "QueueUrl"},
	}
	for _, c := range cases {
		r := member(c.shape, c.member)
		if got := name(r); got != c.want {
			t.Errorf("%s.%s: name %q, want %q", c.shape, c.member, got, c.want)
		}
		if !r.IsFlattened() {
			t.Errorf("%s.%s not flattened", c.shape, c.member)
		}
	}
	// Maps: Attribute.N.Name / Attribute.N.Value, MessageAttribute.N.Name /
	// .Value.StringValue, Tag.N.Key / Tag.N.Value.
	for shape, kv := range map[string][2]string{
		"QueueAttributeMap": {"Name", "Value"}, "MessageBodyAttributeMap": {"Name", "Value"},
		"MessageSystemAttributeMap": {"Name", "Value"}, "MessageBodySystemAttributeMap": {"Name", "Value"},
		"TagMap": {"Key", "Value"},
	} {
		s := q.Shapes[shape]
		if s.Key.LocationName != kv[0] || s.Value.LocationName != kv[1] {
			t.Errorf("%s key/value %q/%q", shape, s.Key.LocationName, s.Value.LocationName)
		}
	}
	// Query error codes of the old query API.
	for shape, code := range map[string]string{
		"QueueDoesNotExist":  "AWS.SimpleQueueService.NonExistentQueue",
		"QueueNameExists":    "QueueAlreadyExists",
		"MessageNotInflight": "AWS.SimpleQueueService.MessageNotInflight",
	} {
		if e := q.Shapes[shape].Error; e == nil || e.Code != code {
			t.Errorf("%s error %+v, want %s", shape, e, code)
		}
	}
	// The JSON model keeps its own names.
	j, err := reg.Service("sqs")
	if err != nil {
		t.Fatal(err)
	}
	if r := j.Shapes["CreateQueueRequest"].Members["Attributes"]; r.LocationName != "" {
		t.Errorf("JSON model gained locationName %q", r.LocationName)
	}
}
