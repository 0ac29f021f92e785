package sns

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/url"
	"sync"
	"time"
)

// envelope is the JSON document SNS delivers to SQS (without raw delivery)
// and to http/https and email-json endpoints (SNS Developer Guide, "Parsing
// message formats": HTTP/HTTPS notification JSON format). Fields keep AWS's
// order; Subject, SequenceNumber and MessageAttributes appear only when set.
type envelope struct {
	Type              string                       `json:"Type"`
	MessageID         string                       `json:"MessageId"`
	Token             string                       `json:"Token,omitempty"`
	SequenceNumber    string                       `json:"SequenceNumber,omitempty"`
	TopicArn          string                       `json:"TopicArn"`
	Subject           string                       `json:"Subject,omitempty"`
	Message           string                       `json:"Message"`
	SubscribeURL      string                       `json:"SubscribeURL,omitempty"`
	Timestamp         string                       `json:"Timestamp"`
	SignatureVersion  string                       `json:"SignatureVersion"`
	Signature         string                       `json:"Signature"`
	SigningCertURL    string                       `json:"SigningCertURL"`
	UnsubscribeURL    string                       `json:"UnsubscribeURL,omitempty"`
	MessageAttributes map[string]envelopeAttribute `json:"MessageAttributes,omitempty"`
}

// envelopeAttribute is a message attribute as the envelope carries it: Binary
// values base64-encoded, String.Array as its JSON text.
type envelopeAttribute struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// timestampLayout is the envelope's Timestamp: ISO 8601 UTC with milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

func envelopeAttributes(attrs map[string]MessageAttributeValue) map[string]envelopeAttribute {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]envelopeAttribute, len(attrs))
	for name, a := range attrs {
		v := deref(a.StringValue)
		if a.BinaryValue != nil {
			v = base64.StdEncoding.EncodeToString(a.BinaryValue)
		}
		out[name] = envelopeAttribute{Type: deref(a.DataType), Value: v}
	}
	return out
}

// stringToSign is the canonical text SNS signs: the signed fields' names and
// values, one per line, in byte order (SNS Developer Guide, "Verifying the
// signatures of Amazon SNS messages").
func (e *envelope) stringToSign() string {
	var b bytes.Buffer
	add := func(k, v string) { b.WriteString(k + "\n" + v + "\n") }
	add("Message", e.Message)
	add("MessageId", e.MessageID)
	if e.Type == "Notification" {
		if e.Subject != "" {
			add("Subject", e.Subject)
		}
	} else {
		add("SubscribeURL", e.SubscribeURL)
	}
	add("Timestamp", e.Timestamp)
	if e.Token != "" {
		add("Token", e.Token)
	}
	add("TopicArn", e.TopicArn)
	add("Type", e.Type)
	return b.String()
}

// marshal signs e (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) and
// returns its JSON without HTML escaping, as AWS sends it.
func (e *envelope) marshal(sg *signer, now time.Time) string {
	e.Signature = sg.sign(e.SignatureVersion, e.stringToSign(), now)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(e) // only strings and maps of strings: cannot fail
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// signer holds the key notifications are signed with, made on first use.
type signer struct {
	once    sync.Once
	key     *rsa.PrivateKey
	certPEM []byte
	certID  string // names the certificate in SigningCertURL

	// recent holds the last signatures made: a message fanned out to several
	// subscriptions has the same signed text for each (MessageId, Timestamp,
	// Message, TopicArn, ...; the UnsubscribeURL is not signed), and an
	// RSA-2048 signature costs about 1 ms of CPU, so each is made once.
	mu     sync.Mutex
	recent [recentSignatures]signature
	next   int // slot the next signature goes to
}

// recentSignatures is how many signatures the signer remembers: enough for
// a message's deliveries to follow each other while other publishes
// interleave.
const recentSignatures = 8

// signature is a signature made: the digest signed (SHA-1's in the first
// 20 bytes) and the base64 value.
type signature struct {
	hash   crypto.Hash
	digest [32]byte
	value  string
}

func (sg *signer) init(now time.Time) {
	sg.once.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return // crypto/rand does not fail on supported platforms
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1),
			Subject:      pkix.Name{CommonName: "sns.amazonaws.com"},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.AddDate(10, 0, 0),
			KeyUsage:     x509.KeyUsageDigitalSignature,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			return
		}
		sum := sha256.Sum256(der)
		sg.key, sg.certID = key, hex.EncodeToString(sum[:16])
		sg.certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	})
}

func (sg *signer) sign(version, text string, now time.Time) string {
	sg.init(now)
	if sg.key == nil {
		return ""
	}
	// SignatureVersion 1 is SHA1withRSA, 2 SHA256withRSA. PKCS #1 v1.5
	// signs the digest deterministically, so the digest alone names the
	// signature.
	var key signature
	key.hash = crypto.SHA1
	if version == "2" {
		key.hash, key.digest = crypto.SHA256, sha256.Sum256([]byte(text))
	} else {
		d := sha1.Sum([]byte(text))
		copy(key.digest[:], d[:])
	}
	sg.mu.Lock()
	for _, r := range sg.recent {
		if r.value != "" && r.hash == key.hash && r.digest == key.digest {
			sg.mu.Unlock()
			return r.value
		}
	}
	sg.mu.Unlock()
	sig, err := rsa.SignPKCS1v15(nil, sg.key, key.hash, key.digest[:key.hash.Size()])
	if err != nil {
		return ""
	}
	key.value = base64.StdEncoding.EncodeToString(sig)
	sg.mu.Lock()
	sg.recent[sg.next] = key
	sg.next = (sg.next + 1) % recentSignatures
	sg.mu.Unlock()
	return key.value
}

// certURL is SigningCertURL: where LocalStack serves its signing certificate,
// under the server's external URL.
func (sg *signer) certURL(baseURL string, now time.Time) string {
	sg.init(now)
	return baseURL + "/_aws/sns/SimpleNotificationService-" + sg.certID + ".pem"
}

// SigningCertificate returns the PEM certificate whose key signs every
// notification, and the path (under the server's URL) its SigningCertURL
// names, for the gateway to serve.
func (s *Service) SigningCertificate() (pemBytes []byte, path string) {
	s.signer.init(s.env.Now())
	return s.signer.certPEM, "/_aws/sns/SimpleNotificationService-" + s.signer.certID + ".pem"
}

// unsubscribeURL is the envelope's UnsubscribeURL: the Unsubscribe action
// against this server.
func unsubscribeURL(baseURL, subscriptionArn string) string {
	return baseURL + "/?Action=Unsubscribe&SubscriptionArn=" + url.QueryEscape(subscriptionArn)
}
