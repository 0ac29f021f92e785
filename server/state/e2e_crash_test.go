//go:build e2e

package state_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// crashBody is the body every writer puts under key, so any body read back
// can be checked: mostly 1-5 KiB, about one in 256 600 KiB (spooled to a
// file). Sizes and the writers' pace keep the state small enough that
// saves stay fast and each round sees several of them.
func crashBody(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	size := 1024 + int(binary.BigEndian.Uint32(sum[:4])%4096)
	if sum[4] == 0 {
		size = 600 << 10
	}
	out := make([]byte, 0, size)
	for len(out) < size {
		out = append(out, sum[:]...)
	}
	return out[:size]
}

// writePace is each writer's pause between writes.
const writePace = 10 * time.Millisecond

type ack struct {
	key string
	at  time.Time // when the client had the 200 in hand
}

var savedLine = regexp.MustCompile(`msg="state saved".*started_unix_nano=(\d+)`)

// lastSaveStarted is the capture time of the last save the log reports as
// complete (the line is written after the rename and the directory fsync).
func lastSaveStarted(t *testing.T, logFile string) time.Time {
	b, _ := os.ReadFile(logFile)
	var last time.Time
	for _, m := range savedLine.FindAllSubmatch(b, -1) {
		n, _ := strconv.ParseInt(string(m[1]), 10, 64)
		last = time.Unix(0, n)
	}
	return last
}

// TestCrashSIGKILL: PERSISTENCE=1, three clients writing in a loop (two
// putting S3 objects, one sending SQS messages with attributes to the
// round's queue), the real binary killed with SIGKILL at a random moment,
// >= 20 rounds. Rounds
// alternate SNAPSHOT_SAVE_STRATEGY=ON_REQUEST and SCHEDULED with a 50 ms
// interval. After each kill:
//
//   - the on-disk snapshot opens and every entry passes its CRC-32
//     (complete, never half-written), and the restarted server loads it
//     with no error;
//   - every object it serves has exactly the body written for its key, and
//     every message of the previous round's queue its body and attributes
//     (no partial state); older queues keep their message count;
//   - nothing acknowledged before the last completed flush is lost, where
//     "acknowledged before the last completed flush" means: the client
//     received the PutObject or SendMessage 200 (time taken on the client, after the
//     answer) before the capture start of a save the server logged as
//     complete ("state saved ... started_unix_nano=", same host clock).
//     With ON_REQUEST every answer waits for a save covering it, so every
//     acknowledged write must survive.
func TestCrashSIGKILL(t *testing.T) {
	rounds := 24
	if v, err := strconv.Atoi(os.Getenv("CRASH_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	vol := t.TempDir()
	logs := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("rounds=%d kill-timing seed=%d", rounds, seed)

	guaranteed := map[string]bool{} // keys that must survive every later restart
	everAcked := map[string]bool{}
	msgs := &crashMessages{guaranteed: map[string]bool{}, acked: map[string]string{}, totals: map[string]int{}}
	bucket := "crash"
	for round := 0; round < rounds; round++ {
		strategy := state.SaveOnRequest
		if round%2 == 1 {
			strategy = state.SaveScheduled
		}
		logFile := filepath.Join(logs, fmt.Sprintf("round-%02d.log", round))
		p := startEmulator(t, map[string]string{
			"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_SAVE_STRATEGY": strategy,
			"SNAPSHOT_FLUSH_INTERVAL": "0.05", "SHUTDOWN_TIMEOUT": "1",
		}, logFile)
		c := s3Client(p.url, "000000000000", "us-east-1")

		// Loaded state: every guaranteed key present, every key complete.
		present := listKeys(t, c, bucket)
		for k := range guaranteed {
			if !present[k] {
				t.Fatalf("round %d: %s was acknowledged before a completed flush and is lost", round, k)
			}
		}
		for k := range present {
			if !everAcked[k] && !isInFlightKey(k) {
				t.Fatalf("round %d: unknown key %s", round, k)
			}
			checkBody(t, c, bucket, k)
		}
		msgs.verify(t, sqsClient(p.url, "000000000000", "us-east-1"), round)
		if b, _ := os.ReadFile(logFile); bytes.Contains(b, []byte("state: loading")) {
			t.Fatalf("round %d: load error:\n%s", round, b)
		}
		if round == 0 {
			if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
				t.Fatal(err)
			}
		}

		// Writers until the kill: two put S3 objects, one sends SQS
		// messages with attributes to this round's queue.
		var mu sync.Mutex
		var acks, msgAcks []ack
		wctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		qname := fmt.Sprintf("crash-r%02d", round)
		sq := sqsClient(p.url, "000000000000", "us-east-1")
		qurl, err := sq.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String(qname)})
		if err != nil {
			t.Fatal(err)
		}
		queueAt := time.Now()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; wctx.Err() == nil; i++ {
				body := fmt.Sprintf("%s message %05d", qname, i)
				out, err := sq.SendMessage(wctx, &sqs.SendMessageInput{QueueUrl: qurl.QueueUrl, MessageBody: aws.String(body),
					MessageAttributes: crashAttrs(body)})
				if err != nil {
					return
				}
				at := time.Now()
				mu.Lock()
				msgAcks = append(msgAcks, ack{aws.ToString(out.MessageId) + " " + body, at})
				mu.Unlock()
				time.Sleep(writePace)
			}
		}()
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; wctx.Err() == nil; i++ {
					key := fmt.Sprintf("r%02d/w%d/%05d", round, w, i)
					_, err := c.PutObject(wctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(crashBody(key))})
					if err != nil {
						return
					}
					at := time.Now()
					mu.Lock()
					acks = append(acks, ack{key, at})
					mu.Unlock()
					time.Sleep(writePace)
				}
			}(w)
		}
		time.Sleep(time.Duration(150+rng.IntN(1100)) * time.Millisecond)
		p.cmd.Process.Kill() // SIGKILL
		p.cmd.Wait()
		stop()
		wg.Wait()

		last := lastSaveStarted(t, logFile)
		nGuaranteed := 0
		for _, a := range acks {
			everAcked[a.key] = true
			if strategy == state.SaveOnRequest || (!last.IsZero() && a.at.Before(last)) {
				guaranteed[a.key] = true
				nGuaranteed++
			}
		}
		durable := func(at time.Time) bool {
			return strategy == state.SaveOnRequest || (!last.IsZero() && at.Before(last))
		}
		msgs.record(qname, durable(queueAt), msgAcks, durable)
		verifySnapshotFile(t, filepath.Join(vol, "state", state.SnapshotFile), round)
		t.Logf("round %2d %-10s objects acked %4d, guaranteed %4d; messages acked %4d (last save started %s)",
			round, strategy, len(acks), nGuaranteed, len(msgAcks), last.Format("15:04:05.000"))
	}
	if len(guaranteed) == 0 {
		t.Fatal("no write was ever guaranteed: the test proved nothing")
	}
}

func crashAttrs(body string) map[string]sqstypes.MessageAttributeValue {
	sum := sha256.Sum256([]byte(body))
	return map[string]sqstypes.MessageAttributeValue{
		"body-sha": {DataType: aws.String("Binary"), BinaryValue: sum[:]},
		"len":      {DataType: aws.String("Number"), StringValue: aws.String(strconv.Itoa(len(body)))},
	}
}

// crashMessages tracks the SQS side of the crash test. Each round sends to
// its own queue; at the next start that queue's messages are all received
// (into flight, never deleted) and checked; older queues must keep their
// total (visible + in flight) count.
type crashMessages struct {
	guaranteed map[string]bool   // "id body" that must be present
	acked      map[string]string // id -> body of every acknowledged message
	pending    string            // the queue to check at the next start
	queueSure  bool              // its creation was durable
	totals     map[string]int    // checked queue -> messages seen
}

func (c *crashMessages) record(queue string, queueDurable bool, acks []ack, durable func(time.Time) bool) {
	c.pending, c.queueSure = queue, queueDurable
	for _, a := range acks {
		id, body, _ := strings.Cut(a.key, " ")
		c.acked[id] = body
		if durable(a.at) {
			c.guaranteed[a.key] = true
		}
	}
}

func (c *crashMessages) verify(t *testing.T, q *sqs.Client, round int) {
	t.Helper()
	for name, want := range c.totals {
		u, err := q.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		if err != nil {
			t.Fatalf("round %d: queue %s lost: %v", round, name, err)
		}
		a, err := q.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl,
			AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := strconv.Atoi(a.Attributes["ApproximateNumberOfMessages"])
		inflight, _ := strconv.Atoi(a.Attributes["ApproximateNumberOfMessagesNotVisible"])
		if got+inflight != want {
			t.Fatalf("round %d: queue %s holds %d messages, had %d", round, name, got+inflight, want)
		}
	}
	if c.pending == "" {
		return
	}
	name := c.pending
	c.pending = ""
	u, err := q.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		for k := range c.guaranteed {
			if strings.Contains(k, " "+name+" ") {
				t.Fatalf("round %d: queue %s missing but message %s was acknowledged before a completed flush", round, name, k)
			}
		}
		if c.queueSure {
			t.Fatalf("round %d: queue %s was created before a completed flush and is lost", round, name)
		}
		return
	}
	seen := map[string]bool{}
	for {
		out, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: u.QueueUrl, MaxNumberOfMessages: 10,
			VisibilityTimeout: 43200, MessageAttributeNames: []string{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			break
		}
		for _, m := range out.Messages {
			id, body := aws.ToString(m.MessageId), aws.ToString(m.Body)
			want := crashAttrs(body)
			if !strings.HasPrefix(body, name+" message ") || !bytes.Equal(m.MessageAttributes["body-sha"].BinaryValue, want["body-sha"].BinaryValue) ||
				aws.ToString(m.MessageAttributes["len"].StringValue) != aws.ToString(want["len"].StringValue) {
				t.Fatalf("round %d: message %s is partial or wrong: %q %v", round, id, body, m.MessageAttributes)
			}
			if b, ok := c.acked[id]; ok && b != body {
				t.Fatalf("round %d: message %s body %q, sent %q", round, id, body, b)
			}
			seen[id+" "+body] = true
		}
	}
	for k := range c.guaranteed {
		if strings.Contains(k, " "+name+" ") && !seen[k] {
			t.Fatalf("round %d: message %s was acknowledged before a completed flush and is lost", round, k)
		}
	}
	c.totals[name] = len(seen)
}

// isInFlightKey: a write that was sent but not answered before the kill
// may or may not be in the snapshot; its key has the writers' shape.
func isInFlightKey(k string) bool { return writerKey.MatchString(k) }

var writerKey = regexp.MustCompile(`^r\d\d/w\d/\d{5}$`)

func listKeys(t *testing.T, c *s3.Client, bucket string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			if len(out) == 0 && bytes.Contains([]byte(err.Error()), []byte("NoSuchBucket")) {
				return out
			}
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = true
		}
	}
	return out
}

func checkBody(t *testing.T, c *s3.Client, bucket, key string) {
	t.Helper()
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil || !bytes.Equal(got, crashBody(key)) {
		t.Fatalf("%s: partial or wrong body (%d bytes, want %d): %v", key, len(got), len(crashBody(key)), err)
	}
}

// verifySnapshotFile opens the snapshot a kill left behind and reads every
// entry to EOF, which checks each one's CRC-32.
func verifySnapshotFile(t *testing.T, path string, round int) {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return // killed before the first save
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	r, err := state.OpenReader(f, st.Size())
	if err != nil {
		t.Fatalf("round %d: snapshot unreadable after SIGKILL: %v", round, err)
	}
	for _, sc := range r.Service("s3").Scopes() {
		var doc struct {
			Buckets []struct {
				Objects []struct{ Blob string }
			}
		}
		if err := r.Service("s3").Document(sc, &doc); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, b := range doc.Buckets {
			for _, o := range b.Objects {
				rc, _, err := r.Service("s3").Blob(sc, o.Blob)
				if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				if _, err := io.Copy(io.Discard, rc); err != nil {
					t.Fatalf("round %d: blob %s: %v", round, o.Blob, err)
				}
				rc.Close()
			}
		}
	}
}

// TestSIGTERMSaves: with SNAPSHOT_SAVE_STRATEGY=ON_SHUTDOWN the real binary
// saves on SIGTERM before it exits (within SHUTDOWN_TIMEOUT), and the next
// start loads it.
func TestSIGTERMSaves(t *testing.T) {
	vol := t.TempDir()
	env := map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_SAVE_STRATEGY": "ON_SHUTDOWN", "SHUTDOWN_TIMEOUT": "5"}
	p := startEmulator(t, env, filepath.Join(t.TempDir(), "1.log"))
	c := s3Client(p.url, "000000000000", "us-east-1")
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("on-shutdown")}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	t.Logf("stopped in %s", time.Since(start).Round(time.Millisecond))
	p2 := startEmulator(t, env, filepath.Join(t.TempDir(), "2.log"))
	if _, err := s3Client(p2.url, "000000000000", "us-east-1").HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("on-shutdown")}); err != nil {
		t.Fatalf("bucket not saved on SIGTERM: %v", err)
	}
}
