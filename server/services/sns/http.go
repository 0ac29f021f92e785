package sns

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// HTTP and HTTPS subscriptions: SNS POSTs the SubscriptionConfirmation
// message when the subscription is made and every Notification once it is
// confirmed (the SNS Developer Guide, "Parts of an HTTP/HTTPS request":
// Content-Type text/plain; charset=UTF-8, User-Agent "Amazon Simple
// Notification Service Agent", and the x-amz-sns-message-type,
// x-amz-sns-message-id, x-amz-sns-topic-arn and, for notifications,
// x-amz-sns-subscription-arn headers; x-amz-sns-rawdelivery: true with raw
// message delivery). Posts go through one queue per service, drained by one
// goroutine, so Publish never waits on an endpoint and an endpoint sees its
// messages in order. A failed post is logged, not retried.

// httpQueueSize bounds the posts waiting; beyond it new ones are dropped
// (and logged) rather than slowing Publish down.
const httpQueueSize = 1024

type httpPost struct {
	endpoint string
	header   http.Header
	body     string
}

type httpSender struct {
	once   sync.Once
	posts  chan httpPost
	client *http.Client
}

func snsHeader(msgType, messageID, topicArn, subArn string, raw bool) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "text/plain; charset=UTF-8")
	h.Set("User-Agent", "Amazon Simple Notification Service Agent")
	h.Set("x-amz-sns-message-type", msgType)
	h.Set("x-amz-sns-message-id", messageID)
	h.Set("x-amz-sns-topic-arn", topicArn)
	if subArn != "" {
		h.Set("x-amz-sns-subscription-arn", subArn)
	}
	if raw {
		h.Set("x-amz-sns-rawdelivery", "true")
	}
	return h
}

// post queues one POST to an http(s) endpoint; safe with s.mu held.
func (s *Service) post(p httpPost) {
	if !strings.HasPrefix(p.endpoint, "http://") && !strings.HasPrefix(p.endpoint, "https://") {
		return
	}
	s.http.once.Do(func() {
		s.http.posts = make(chan httpPost, httpQueueSize)
		s.http.client = &http.Client{Timeout: 10 * time.Second}
		go s.sendPosts()
	})
	select {
	case s.http.posts <- p:
	default:
		if s.env.Logger != nil {
			s.env.Logger.Warn("sns: http delivery queue full, message dropped", "endpoint", p.endpoint)
		}
	}
}

func (s *Service) sendPosts() {
	for p := range s.http.posts {
		req, err := http.NewRequest(http.MethodPost, p.endpoint, strings.NewReader(p.body))
		if err != nil {
			continue
		}
		req.Header = p.header
		resp, err := s.http.client.Do(req)
		if err != nil {
			if s.env.Logger != nil {
				s.env.Logger.Warn("sns: http delivery failed", "endpoint", p.endpoint, "error", err)
			}
			continue
		}
		resp.Body.Close()
	}
}
