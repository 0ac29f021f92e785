package kinesis

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// record is one data record; its fields are its snapshot form.
type record struct {
	Seq          uint64    `json:"seq"`
	Arrival      time.Time `json:"arrival"`
	Data         []byte    `json:"data"`
	PartitionKey string    `json:"partition_key"`
	Encryption   string    `json:"encryption,omitempty"`
}

// seqString renders a sequence number as AWS does: a decimal of 56 digits
// (here "49" and the stream-wide counter), so that strings compare in order.
func seqString(n uint64) string { return fmt.Sprintf("49%054d", n) }

// parseSeq reads a sequence number seqString made.
func parseSeq(s string) (uint64, bool) {
	if len(s) != 56 || !strings.HasPrefix(s, "49") {
		return 0, false
	}
	digits := strings.TrimLeft(s[2:], "0")
	if digits == "" {
		return 0, true
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	return n, err == nil
}

// hashKey is the partition key's MD5 as a 128-bit integer, or ExplicitHashKey
// (a decimal in [0, 2^128-1]) when given.
func hashKey(partitionKey string, explicit *string) (*big.Int, error) {
	if explicit != nil {
		h, ok := new(big.Int).SetString(*explicit, 10)
		if !ok || h.Sign() < 0 || h.Cmp(maxHash) > 0 {
			return nil, errInvalid("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s", *explicit)
		}
		return h, nil
	}
	sum := md5.Sum([]byte(partitionKey))
	return new(big.Int).SetBytes(sum[:]), nil
}

// put appends one record to the open shard owning its hash key.
func (s *Service) put(str *stream, data []byte, pk string, explicit *string) (*shard, uint64, error) {
	if len(data)+len(pk) > int(str.MaxKiB)*1024 {
		return nil, 0, &ValidationException{Message: ptr(fmt.Sprintf("Record size %d exceeds the stream's maximum record size of %d KiB.", len(data)+len(pk), str.MaxKiB))}
	}
	h, err := hashKey(pk, explicit)
	if err != nil {
		return nil, 0, err
	}
	for _, sh := range str.Shards {
		if sh.open() && sh.contains(h) {
			str.Counter++
			rec := record{Seq: str.Counter, Arrival: s.env.Now().UTC(), Data: append([]byte{}, data...), PartitionKey: pk}
			if str.Encryption == EncryptionTypeKMS {
				rec.Encryption = EncryptionTypeKMS
			}
			sh.Records = append(sh.Records, rec)
			return sh, rec.Seq, nil
		}
	}
	return nil, 0, fmt.Errorf("kinesis: no open shard owns hash key %s", h)
}

// PutRecord writes one record to the shard owning MD5(PartitionKey) (or
// ExplicitHashKey); sequence numbers increase per shard.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
func (s *Service) PutRecord(ctx context.Context, in *PutRecordInput) (*PutRecordOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if in.SequenceNumberForOrdering != nil {
		if _, ok := parseSeq(*in.SequenceNumberForOrdering); !ok {
			return nil, errInvalid("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.", *in.SequenceNumberForOrdering, str.Name, accountOf(str.ARN))
		}
	}
	sh, seq, err := s.put(str, in.Data, valueOf(in.PartitionKey), in.ExplicitHashKey)
	if err != nil {
		return nil, err
	}
	return &PutRecordOutput{ShardId: ptr(sh.ID), SequenceNumber: ptr(seqString(seq)), EncryptionType: ptr(str.Encryption)}, nil
}

// PutRecords writes up to 500 records (5 MiB in all) in order; a record
// with a bad ExplicitHashKey fails alone (ErrorCode InvalidArgumentException
// in its result entry) and counts in FailedRecordCount.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
func (s *Service) PutRecords(ctx context.Context, in *PutRecordsInput) (*PutRecordsOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	total := 0
	for _, r := range in.Records {
		total += len(r.Data) + len(valueOf(r.PartitionKey))
	}
	if total > 5<<20 {
		return nil, errInvalid("Records size exceeds 5 MB limit")
	}
	out := &PutRecordsOutput{FailedRecordCount: ptr(int32(0)), Records: make([]PutRecordsResultEntry, 0, len(in.Records)), EncryptionType: ptr(str.Encryption)}
	for _, r := range in.Records {
		sh, seq, err := s.put(str, r.Data, valueOf(r.PartitionKey), r.ExplicitHashKey)
		if err != nil {
			code, msg := "InternalFailure", err.Error()
			if e, ok := err.(interface {
				ErrorCode() string
				ErrorMessage() string
			}); ok {
				code, msg = e.ErrorCode(), e.ErrorMessage()
			}
			*out.FailedRecordCount++
			out.Records = append(out.Records, PutRecordsResultEntry{ErrorCode_: ptr(code), ErrorMessage_: ptr(msg)})
			continue
		}
		out.Records = append(out.Records, PutRecordsResultEntry{ShardId: ptr(sh.ID), SequenceNumber: ptr(seqString(seq))})
	}
	return out, nil
}

// iteratorTTL is how long a shard iterator stays valid (AWS: 5 minutes).
const iteratorTTL = 5 * time.Minute

// iterator is what a shard iterator encodes: where to read and since when
// it is valid.
type iterator struct {
	account, region, stream, shard string
	created                        int64 // stream creation, UnixNano: a re-created stream voids old iterators
	after                          uint64
	issued                         time.Time
}

func (it iterator) encode() string {
	raw := fmt.Sprintf("1|%s|%s|%s|%s|%d|%d|%d", it.account, it.region, it.stream, it.shard, it.created, it.after, it.issued.UnixNano())
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

func decodeIterator(s string) (iterator, bool) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return iterator{}, false
	}
	p := strings.Split(string(raw), "|")
	if len(p) != 8 || p[0] != "1" {
		return iterator{}, false
	}
	created, err1 := strconv.ParseInt(p[5], 10, 64)
	after, err2 := strconv.ParseUint(p[6], 10, 64)
	issued, err3 := strconv.ParseInt(p[7], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return iterator{}, false
	}
	return iterator{account: p[1], region: p[2], stream: p[3], shard: p[4], created: created, after: after, issued: time.Unix(0, issued).UTC()}, true
}

// GetShardIterator returns an iterator for one shard: TRIM_HORIZON (oldest
// record kept), LATEST (just after the newest), AT_/AFTER_SEQUENCE_NUMBER
// (StartingSequenceNumber, which must belong to the shard) or AT_TIMESTAMP
// (first record that arrived at or after Timestamp).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
func (s *Service) GetShardIterator(ctx context.Context, in *GetShardIteratorInput) (*GetShardIteratorOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	sh := str.shard(valueOf(in.ShardId))
	if sh == nil {
		return nil, errNotFound("Shard %s in stream %s under account %s does not exist", valueOf(in.ShardId), str.Name, accountOf(str.ARN))
	}
	region, account, _, _ := parseStreamARN(str.ARN)
	it := iterator{account: account, region: region, stream: str.Name, shard: sh.ID, created: str.Created.UnixNano(), issued: s.env.Now().UTC()}
	seqArg := func() (uint64, error) {
		if in.StartingSequenceNumber == nil {
			return 0, errInvalid("StartingSequenceNumber must be provided for ShardIteratorType %s.", valueOf(in.ShardIteratorType))
		}
		n, ok := parseSeq(*in.StartingSequenceNumber)
		if !ok || n < sh.StartSeq-1 || (!sh.open() && n > sh.EndSeq) {
			return 0, errInvalid("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid because it did not come from this stream.",
				*in.StartingSequenceNumber, sh.ID, str.Name, accountOf(str.ARN))
		}
		return n, nil
	}
	switch valueOf(in.ShardIteratorType) {
	case ShardIteratorTypeTRIMHORIZON:
		it.after = sh.StartSeq - 1
	case ShardIteratorTypeLATEST:
		it.after = str.Counter
		if !sh.open() {
			it.after = sh.EndSeq
		}
	case ShardIteratorTypeATSEQUENCENUMBER:
		n, err := seqArg()
		if err != nil {
			return nil, err
		}
		it.after = max(n, 1) - 1
	case ShardIteratorTypeAFTERSEQUENCENUMBER:
		n, err := seqArg()
		if err != nil {
			return nil, err
		}
		it.after = n
	case ShardIteratorTypeATTIMESTAMP:
		if in.Timestamp == nil {
			return nil, errInvalid("Timestamp must be provided for ShardIteratorType AT_TIMESTAMP.")
		}
		it.after = sh.StartSeq - 1
		for _, r := range sh.Records {
			if r.Arrival.Before(*in.Timestamp) {
				it.after = r.Seq
			}
		}
	default:
		return nil, errInvalid("Invalid ShardIteratorType %s.", valueOf(in.ShardIteratorType))
	}
	return &GetShardIteratorOutput{ShardIterator: ptr(it.encode())}, nil
}

// GetRecords reads up to Limit (default and most 10,000) records after the
// iterator's position, skipping records older than the retention period.
// Iterators expire 5 minutes after they are issued
// (ExpiredIteratorException). At the end of a closed shard the response has
// no NextShardIterator and lists ChildShards. MillisBehindLatest is how far
// the oldest unreturned record lags the clock (0 at the tip).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
func (s *Service) GetRecords(ctx context.Context, in *GetRecordsInput) (*GetRecordsOutput, error) {
	it, ok := decodeIterator(valueOf(in.ShardIterator))
	if !ok {
		return nil, errInvalid("Invalid ShardIterator.")
	}
	now := s.env.Now().UTC()
	if now.Sub(it.issued) > iteratorTTL {
		return nil, &ExpiredIteratorException{Message: ptr(fmt.Sprintf("Iterator expired. The iterator was created at time %s while right now it is %s which is further in the future than the tolerated delay of %d milliseconds.",
			it.issued.Format(time.RFC1123), now.Format(time.RFC1123), iteratorTTL.Milliseconds()))}
	}
	limit := int(valueOf(in.Limit))
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	st := s.store(it.account, it.region)
	st.mu.Lock()
	defer st.mu.Unlock()
	str := st.data.Streams[it.stream]
	if str == nil || str.Created.UnixNano() != it.created {
		return nil, streamNotFound(it.stream, it.account)
	}
	sh := str.shard(it.shard)
	if sh == nil {
		return nil, errNotFound("Shard %s in stream %s under account %s does not exist", it.shard, str.Name, it.account)
	}
	horizon := now.Add(-time.Duration(str.Retention) * time.Hour)
	out := &GetRecordsOutput{Records: []Record{}, MillisBehindLatest: ptr(int64(0))}
	size := 0
	next := it.after
	i := 0
	for ; i < len(sh.Records); i++ {
		r := sh.Records[i]
		if r.Seq <= it.after || r.Arrival.Before(horizon) {
			continue
		}
		if len(out.Records) == limit || size+len(r.Data) > 10<<20 {
			break
		}
		size += len(r.Data)
		out.Records = append(out.Records, Record{SequenceNumber: ptr(seqString(r.Seq)), ApproximateArrivalTimestamp: ptr(r.Arrival),
			Data: r.Data, PartitionKey: ptr(r.PartitionKey), EncryptionType: encryptionOf(r)})
		next = r.Seq
	}
	if i < len(sh.Records) {
		out.MillisBehindLatest = ptr(now.Sub(sh.Records[i].Arrival).Milliseconds())
	}
	if !sh.open() && i == len(sh.Records) {
		out.ChildShards = str.children(sh)
		return out, nil
	}
	it.after, it.issued = next, now
	out.NextShardIterator = ptr(it.encode())
	return out, nil
}

func encryptionOf(r record) *string {
	if r.Encryption == "" {
		return nil
	}
	return ptr(r.Encryption)
}

// encodeToken and decodeToken make opaque pagination tokens.
func encodeToken(s string) string { return base64.StdEncoding.EncodeToString([]byte("t|" + s)) }

func decodeToken(tok string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(raw), "t|") {
		return "", errInvalid("Invalid NextToken.")
	}
	return string(raw[2:]), nil
}
