package sqs

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// newReceipt makes a receipt handle for one receive of message id from q: an
// opaque base64 string naming the queue so that a handle of another queue (or
// garbage) is rejected as ReceiptHandleIsInvalid.
func newReceipt(nonce, queueARN, msgID string, now time.Time) string {
	raw := nonce + " " + queueARN + " " + msgID + " " + strconv.FormatInt(now.UnixNano(), 10)
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

// receiptQueue returns the queue ARN a receipt handle was issued for.
func receiptQueue(h string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return "", false
	}
	parts := strings.Split(string(b), " ")
	if len(parts) != 4 {
		return "", false
	}
	return parts[1], true
}

// checkReceipt rejects a handle that was not issued for q.
func (q *queue) checkReceipt(h string) error {
	if arn, ok := receiptQueue(h); !ok || arn != q.arn {
		return &ReceiptHandleIsInvalid{Message: ptr(`The input receipt handle "` + h + `" is not a valid receipt handle.`)}
	}
	return nil
}
