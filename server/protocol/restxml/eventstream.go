package restxml

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// Event streams (S3 SelectObjectContent): a payload member whose shape has
// the eventstream trait is written as application/vnd.amazon.eventstream
// messages, as
// https://smithy.io/2.0/aws/amazon-eventstream.html describes: each
// message is a prelude (total length, headers length, CRC32 of those 8
// bytes; big-endian uint32s), headers, payload and a CRC32 of everything
// before it.
//
// The generic value is either one structure value of the stream's shape,
// whose set members are sent as events in the model's member order (S3:
// Records, Stats, Progress, Cont, End), or a list of such values, sent in
// order.

// eventStreamContentType is the media type of an event stream body.
const eventStreamContentType = "application/vnd.amazon.eventstream"

// eventHeaderString is the header value type of a string (type 7).
const eventHeaderString = 7

func (c *Codec) writeEventStream(w http.ResponseWriter, stream *model.Shape, v any, status int, head bool) error {
	var events []map[string]any
	switch x := v.(type) {
	case map[string]any:
		events = append(events, x)
	case []any:
		for _, item := range x {
			m, ok := item.(map[string]any)
			if !ok {
				return fmt.Errorf("restxml: event stream %s: %T is not a structure", stream.Name, item)
			}
			events = append(events, m)
		}
	default:
		return fmt.Errorf("restxml: event stream %s: %T is not a structure", stream.Name, v)
	}
	var body bytes.Buffer
	for _, m := range events {
		for _, name := range stream.MemberNames {
			ev, ok := m[name]
			if !ok || ev == nil {
				continue
			}
			msg, err := eventMessage(name, stream.Members[name].Shape, ev)
			if err != nil {
				return fmt.Errorf("restxml: event %s.%s: %w", stream.Name, name, err)
			}
			body.Write(msg)
		}
	}
	w.Header().Set("Content-Type", eventStreamContentType)
	writeBody(w, status, body.Bytes(), eventStreamContentType, head)
	return nil
}

// eventMessage encodes one event: headers :message-type event,
// :event-type (the member name) and :content-type; the payload is the
// eventpayload member (a blob as is, a structure as XML rooted at its
// shape's name) or else the event's members as XML.
func eventMessage(eventType string, sh *model.Shape, v any) ([]byte, error) {
	fields, _ := v.(map[string]any)
	var payload []byte
	contentType := ""
	payloadMember := ""
	for _, mn := range sh.MemberNames {
		if sh.Members[mn].EventPayload {
			payloadMember = mn
		}
	}
	switch {
	case payloadMember != "":
		ref := sh.Members[payloadMember]
		switch x := fields[payloadMember].(type) {
		case nil:
		case []byte:
			payload, contentType = x, "application/octet-stream"
		case string:
			payload, contentType = []byte(x), "text/plain"
		default:
			var buf bytes.Buffer
			enc := &xmlshape.Encoder{Buf: &buf, TimestampFormat: xmlshape.ISO8601}
			name := ref.LocationName
			if name == "" {
				name = ref.Shape.Name
			}
			if err := enc.Root(name, ref, x, ""); err != nil {
				return nil, err
			}
			payload, contentType = buf.Bytes(), "text/xml"
		}
	case len(fields) > 0:
		var buf bytes.Buffer
		enc := &xmlshape.Encoder{Buf: &buf, TimestampFormat: xmlshape.ISO8601}
		if err := enc.Root(sh.Name, &model.Ref{Shape: sh}, fields, ""); err != nil {
			return nil, err
		}
		payload, contentType = buf.Bytes(), "text/xml"
	}
	var headers bytes.Buffer
	writeEventHeader(&headers, ":event-type", eventType)
	if contentType != "" {
		writeEventHeader(&headers, ":content-type", contentType)
	}
	writeEventHeader(&headers, ":message-type", "event")
	return EventStreamMessage(headers.Bytes(), payload), nil
}

func writeEventHeader(b *bytes.Buffer, name, value string) {
	b.WriteByte(byte(len(name)))
	b.WriteString(name)
	b.WriteByte(eventHeaderString)
	_ = binary.Write(b, binary.BigEndian, uint16(len(value)))
	b.WriteString(value)
}

// EventStreamMessage frames encoded headers and a payload as one event
// stream message (prelude with its CRC32, headers, payload, message CRC32).
func EventStreamMessage(headers, payload []byte) []byte {
	total := 12 + len(headers) + len(payload) + 4
	msg := make([]byte, 0, total)
	msg = binary.BigEndian.AppendUint32(msg, uint32(total))
	msg = binary.BigEndian.AppendUint32(msg, uint32(len(headers)))
	msg = binary.BigEndian.AppendUint32(msg, crc32.ChecksumIEEE(msg[:8]))
	msg = append(msg, headers...)
	msg = append(msg, payload...)
	return binary.BigEndian.AppendUint32(msg, crc32.ChecksumIEEE(msg))
}
