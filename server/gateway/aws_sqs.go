package gateway

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// SQSMessagesPaths are the routes of the SQS developer endpoint.
var SQSMessagesPaths = []string{"/_aws/sqs/messages", "/_aws/sqs/messages/{region}/{account}/{queue}"}

// SQSMessages serves LocalStack's SQS developer endpoint
// (localstack-runtime.md §2): GET or POST /_aws/sqs/messages?QueueUrl=… or
// /_aws/sqs/messages/<region>/<account>/<queue> returns a ReceiveMessage
// result of every visible message with all attributes and ReceiptHandle
// SQS/BACKDOOR/ACCESS, changing nothing; ShowInvisible=true and
// ShowDelayed=true add in-flight and delayed messages. XML by default, JSON
// with Accept: application/json. load returns the SQS provider (building it
// if needed); false answers as a missing queue.
func SQSMessages(load func() (*sqs.Service, bool), newID func() string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		r.ParseForm()
		asJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
		id := newID()
		vars := mux.Vars(r)
		var account, region, name string
		if vars["queue"] != "" {
			account, region, name = vars["account"], vars["region"], vars["queue"]
		} else {
			u := r.Form.Get("QueueUrl")
			if u == "" {
				writeSQSError(w, asJSON, id, 400, "MissingRequiredParameter", "Parameter QueueUrl is required.")
				return
			}
			account, region, name = sqs.ParseQueueURL(u)
		}
		svc, ok := load()
		if !ok {
			writeSQSError(w, asJSON, id, 400, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
			return
		}
		msgs, err := svc.PeekMessages(account, region, name, isTrue(r.Form.Get("ShowInvisible")), isTrue(r.Form.Get("ShowDelayed")))
		if err != nil {
			code, msg := "AWS.SimpleQueueService.NonExistentQueue", err.Error()
			if api, ok := err.(awsapi.APIError); ok {
				msg = api.ErrorMessage()
			}
			writeSQSError(w, asJSON, id, 400, code, msg)
			return
		}
		writePeek(w, asJSON, id, msgs)
	})
}

func isTrue(v string) bool { return strings.EqualFold(v, "true") || v == "1" }

// peekMessage is one message in the query protocol's ReceiveMessage shape.
type peekMessage struct {
	MessageId              string          `xml:"MessageId" json:"MessageId"`
	ReceiptHandle          string          `xml:"ReceiptHandle" json:"ReceiptHandle"`
	MD5OfBody              string          `xml:"MD5OfBody" json:"MD5OfBody"`
	Body                   string          `xml:"Body" json:"Body"`
	Attribute              []peekAttribute `xml:"Attribute" json:"Attribute,omitempty"`
	MD5OfMessageAttributes string          `xml:"MD5OfMessageAttributes,omitempty" json:"MD5OfMessageAttributes,omitempty"`
	MessageAttribute       []peekMsgAttr   `xml:"MessageAttribute" json:"MessageAttribute,omitempty"`
}

type peekAttribute struct {
	Name  string `xml:"Name" json:"Name"`
	Value string `xml:"Value" json:"Value"`
}

type peekMsgAttr struct {
	Name  string        `xml:"Name" json:"Name"`
	Value peekAttrValue `xml:"Value" json:"Value"`
}

type peekAttrValue struct {
	StringValue string `xml:"StringValue,omitempty" json:"StringValue,omitempty"`
	BinaryValue []byte `xml:"BinaryValue,omitempty" json:"BinaryValue,omitempty"`
	DataType    string `xml:"DataType" json:"DataType"`
}

func toPeek(m sqs.Message) peekMessage {
	p := peekMessage{MessageId: sqsDeref(m.MessageId), ReceiptHandle: sqsDeref(m.ReceiptHandle), MD5OfBody: sqsDeref(m.MD5OfBody),
		Body: sqsDeref(m.Body), MD5OfMessageAttributes: sqsDeref(m.MD5OfMessageAttributes)}
	for _, k := range sqsSortedKeys(m.Attributes) {
		p.Attribute = append(p.Attribute, peekAttribute{k, m.Attributes[k]})
	}
	for _, k := range sqsSortedKeys(m.MessageAttributes) {
		v := m.MessageAttributes[k]
		p.MessageAttribute = append(p.MessageAttribute, peekMsgAttr{k, peekAttrValue{StringValue: sqsDeref(v.StringValue),
			BinaryValue: v.BinaryValue, DataType: sqsDeref(v.DataType)}})
	}
	return p
}

func sqsDeref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func sqsSortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

const sqsNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

func writePeek(w http.ResponseWriter, asJSON bool, id string, msgs []sqs.Message) {
	list := make([]peekMessage, 0, len(msgs))
	for _, m := range msgs {
		list = append(list, toPeek(m))
	}
	if asJSON {
		doc := map[string]any{"ReceiveMessageResponse": map[string]any{
			"ReceiveMessageResult": map[string]any{"Message": list},
			"ResponseMetadata":     map[string]string{"RequestId": id},
		}}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
		return
	}
	doc := struct {
		XMLName  xml.Name      `xml:"ReceiveMessageResponse"`
		Xmlns    string        `xml:"xmlns,attr"`
		Messages []peekMessage `xml:"ReceiveMessageResult>Message"`
		ID       string        `xml:"ResponseMetadata>RequestId"`
	}{Xmlns: sqsNamespace, Messages: list, ID: id}
	w.Header().Set("Content-Type", "text/xml")
	w.Write([]byte(xml.Header))
	xml.NewEncoder(w).Encode(doc)
}

func writeSQSError(w http.ResponseWriter, asJSON bool, id string, status int, code, message string) {
	if asJSON {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"ErrorResponse": map[string]any{
			"Error":     map[string]string{"Type": "Sender", "Code": code, "Message": message},
			"RequestId": id,
		}})
		return
	}
	doc := struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Xmlns   string   `xml:"xmlns,attr"`
		Type    string   `xml:"Error>Type"`
		Code    string   `xml:"Error>Code"`
		Message string   `xml:"Error>Message"`
		ID      string   `xml:"RequestId"`
	}{Xmlns: sqsNamespace, Type: "Sender", Code: code, Message: message, ID: id}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	xml.NewEncoder(w).Encode(doc)
}
