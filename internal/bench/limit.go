package bench

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Limit is the loopback limit: an HTTP server that answers every benchmarked
// request with a fixed, valid response of the request's protocol and does no
// other work, so the same client against it measures the ceiling of client,
// HTTP stack and loopback on this machine. It answers only what the
// workloads send (and their setup), and reads every request body to the end
// as a real server must.
type Limit struct {
	URL  string
	srv  *http.Server
	json map[string][]byte // X-Amz-Target -> awsJson body
	xml  map[string][]byte // query Action -> XML body
	get  map[string][]byte // S3 GetObject body by key suffix
}

// StartLimit listens on a loopback port and serves until Close.
func StartLimit() (*Limit, error) {
	return startLimit("127.0.0.1:0")
}

func startLimit(addr string) (*Limit, error) {
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return nil, err
	}
	l := &Limit{URL: "http://" + ln.Addr().String()}
	l.build()
	l.srv = &http.Server{Handler: l, ReadHeaderTimeout: 30 * time.Second, MaxHeaderBytes: 1 << 20}
	go l.srv.Serve(ln)
	return l, nil
}

// ServeLimit serves the loopback limit on addr, prints "Ready." to stdout
// once listening, and serves until the process is signalled. It is the
// child side of StartLimitProcess; it returns only on a listen error.
func ServeLimit(addr string, stdout io.Writer) error {
	if _, err := startLimit(addr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Ready.")
	select {} // until SIGTERM ends the process
}

// Close stops the server.
func (l *Limit) Close() error { return l.srv.Close() }

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // static values only
	}
	return b
}

func (l *Limit) build() {
	const acct = "000000000000"
	jitem := map[string]any{
		"pk": map[string]string{"S": "get"}, "sk": map[string]string{"S": "0"},
		"data": map[string]string{"S": string(payload(100))}, "count": map[string]string{"N": "42"}, "flag": map[string]bool{"BOOL": true},
	}
	items := make([]any, 10)
	for i := range items {
		items[i] = jitem
	}
	table := map[string]any{"TableName": "bench", "TableStatus": "ACTIVE", "TableArn": "arn:aws:dynamodb:us-east-1:" + acct + ":table/bench"}
	l.json = map[string][]byte{
		"AmazonSQS.CreateQueue":        mustJSON(map[string]string{"QueueUrl": l.URL + "/" + acct + "/bench"}),
		"AmazonSQS.GetQueueAttributes": mustJSON(map[string]any{"Attributes": map[string]string{"QueueArn": "arn:aws:sqs:us-east-1:" + acct + ":bench"}}),
		"AmazonSQS.SendMessage":        mustJSON(map[string]string{"MessageId": "5fea7756-0ea4-451a-a703-a558b933e274", "MD5OfMessageBody": md5hex(sqsBody)}),
		"AmazonSQS.ReceiveMessage": mustJSON(map[string]any{"Messages": []any{map[string]string{
			"MessageId": "5fea7756-0ea4-451a-a703-a558b933e274", "ReceiptHandle": "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+Cw=",
			"MD5OfBody": md5hex(sqsBody), "Body": sqsBody,
		}}}),
		"AmazonSQS.DeleteMessage":         []byte("{}"),
		"DynamoDB_20120810.CreateTable":   mustJSON(map[string]any{"TableDescription": table}),
		"DynamoDB_20120810.DescribeTable": mustJSON(map[string]any{"Table": table}),
		"DynamoDB_20120810.PutItem":       []byte("{}"),
		"DynamoDB_20120810.GetItem":       mustJSON(map[string]any{"Item": jitem}),
		"DynamoDB_20120810.Query":         mustJSON(map[string]any{"Items": items, "Count": 10, "ScannedCount": 10}),
	}
	const rid = "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>"
	l.xml = map[string][]byte{
		"GetCallerIdentity": []byte(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::` + acct + `:root</Arn><UserId>` + acct + `</UserId><Account>` + acct + `</Account></GetCallerIdentityResult>` + rid + `</GetCallerIdentityResponse>`),
		"CreateTopic":       []byte(`<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:` + acct + `:bench</TopicArn></CreateTopicResult>` + rid + `</CreateTopicResponse>`),
		"Subscribe":         []byte(`<SubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><SubscribeResult><SubscriptionArn>arn:aws:sns:us-east-1:` + acct + `:bench:9d2b3e4c-5b6a-4f1e-8a7d-0c1b2a3d4e5f</SubscriptionArn></SubscribeResult>` + rid + `</SubscribeResponse>`),
		"Publish":           []byte(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>` + rid + `</PublishResponse>`),
	}
	l.get = map[string][]byte{"-1k": payload(kib), "-1m": payload(mib)}
}

// ServeHTTP answers from the fixed tables.
func (l *Limit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("x-amzn-RequestId", "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		io.Copy(io.Discard, r.Body)
		body, ok := l.json[t]
		if !ok {
			body = []byte("{}")
		}
		h.Set("Content-Type", "application/x-amz-json-1.0")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
		return
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		// The SDKs put Action first; the form is read whole anyway.
		b, _ := io.ReadAll(r.Body)
		action, _, _ := bytes.Cut(bytes.TrimPrefix(b, []byte("Action=")), []byte("&"))
		body, ok := l.xml[string(action)]
		if !ok {
			http.Error(w, "unknown action", http.StatusBadRequest)
			return
		}
		h.Set("Content-Type", "text/xml")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
		return
	}
	// S3, path style: /bucket or /bucket/key.
	io.Copy(io.Discard, r.Body)
	_, objKey, isObject := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	h.Set("x-amz-request-id", "c6104cbeaf3111e0")
	switch {
	case r.Method == http.MethodPut && !isObject:
		h.Set("Location", r.URL.Path)
	case r.Method == http.MethodPut:
		h.Set("ETag", `"0cc175b9c0f1b6a831c399e269772661"`)
	case r.Method == http.MethodGet && isObject:
		body := l.get["-1k"]
		if strings.HasSuffix(objKey, "-1m") {
			body = l.get["-1m"]
		}
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		h.Set("ETag", `"0cc175b9c0f1b6a831c399e269772661"`)
		h.Set("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")
		w.Write(body)
	default:
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprint(w, "<Error><Code>NotImplemented</Code></Error>")
	}
}
