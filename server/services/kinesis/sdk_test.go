package kinesis_test

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Shards split the 128-bit hash key space evenly (Kinesis Developer Guide,
// "Partition key ... MD5 hash function is used to map partition keys to
// 128-bit integer values"; CreateStream "creates ... shards ... hash key
// range"): 4 shards start at k*2^126 and the last ends at 2^128-1.
func TestCreateStreamHashRanges(t *testing.T) {
	c, _, _ := newClient(t)
	ctx := testCtx(t)
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(4)})
	check(t, err)
	out, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
	check(t, err)
	d := out.StreamDescription
	if d.StreamStatus != types.StreamStatusActive || len(d.Shards) != 4 || *d.RetentionPeriodHours != 24 ||
		d.StreamModeDetails.StreamMode != types.StreamModeProvisioned || d.EncryptionType != types.EncryptionTypeNone {
		t.Fatalf("description = %+v", d)
	}
	quarter := new(big.Int).Lsh(big.NewInt(1), 126)
	for i, sh := range d.Shards {
		start := new(big.Int).Mul(quarter, big.NewInt(int64(i)))
		if *sh.ShardId != fmt.Sprintf("shardId-%012d", i) || *sh.HashKeyRange.StartingHashKey != start.String() {
			t.Fatalf("shard %d = %s %s", i, *sh.ShardId, *sh.HashKeyRange.StartingHashKey)
		}
	}
	if *d.Shards[3].HashKeyRange.EndingHashKey != "340282366920938463463374607431768211455" {
		t.Fatalf("last EndingHashKey = %s", *d.Shards[3].HashKeyRange.EndingHashKey)
	}
	// A second CreateStream with the name: ResourceInUseException (API Reference, CreateStream).
	_, err = c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	wantCode(t, err, "ResourceInUseException")
	_, err = c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("missing")})
	wantCode(t, err, "ResourceNotFoundException")

	// ON_DEMAND streams start with 4 shards (Developer Guide, "On-demand mode").
	_, err = c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("od"),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
	check(t, err)
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("od")})
	check(t, err)
	if *sum.StreamDescriptionSummary.OpenShardCount != 4 || sum.StreamDescriptionSummary.StreamModeDetails.StreamMode != types.StreamModeOnDemand {
		t.Fatalf("summary = %+v", sum.StreamDescriptionSummary)
	}
	_, err = c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("od"), TargetShardCount: aws.Int32(8), ScalingType: types.ScalingTypeUniformScaling})
	wantCode(t, err, "ValidationException")
	list, err := c.ListStreams(ctx, &kinesis.ListStreamsInput{})
	check(t, err)
	if !slices.Equal(list.StreamNames, []string{"od", "s"}) || len(list.StreamSummaries) != 2 {
		t.Fatalf("ListStreams = %v", list.StreamNames)
	}
}

// PutRecord routes by MD5(partition key) or ExplicitHashKey; sequence
// numbers increase per shard (API Reference, PutRecord: "Sequence numbers
// increase over time and are specific to a shard").
func TestPutRecordOrderingAndIterators(t *testing.T) {
	c, clk, _ := newClient(t)
	ctx := testCtx(t)
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(2)})
	check(t, err)
	var seqs []string
	for i := range 5 {
		out, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), Data: []byte(fmt.Sprint(i)),
			PartitionKey: aws.String("pk"), ExplicitHashKey: aws.String("0")})
		check(t, err)
		if *out.ShardId != "shardId-000000000000" {
			t.Fatalf("ExplicitHashKey 0 went to %s", *out.ShardId)
		}
		if len(seqs) > 0 && *out.SequenceNumber <= seqs[len(seqs)-1] {
			t.Fatalf("sequence %s not after %s", *out.SequenceNumber, seqs[len(seqs)-1])
		}
		seqs = append(seqs, *out.SequenceNumber)
		clk.Add(time.Second)
	}
	_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), Data: []byte("x"), PartitionKey: aws.String("pk"),
		ExplicitHashKey: aws.String("340282366920938463463374607431768211456")})
	wantCode(t, err, "InvalidArgumentException")

	read := func(typ types.ShardIteratorType, seq *string, ts *time.Time) []string {
		t.Helper()
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
			ShardIteratorType: typ, StartingSequenceNumber: seq, Timestamp: ts})
		check(t, err)
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		check(t, err)
		var got []string
		for _, r := range out.Records {
			got = append(got, string(r.Data))
		}
		return got
	}
	if got := read(types.ShardIteratorTypeTrimHorizon, nil, nil); !slices.Equal(got, []string{"0", "1", "2", "3", "4"}) {
		t.Fatalf("TRIM_HORIZON = %v", got)
	}
	if got := read(types.ShardIteratorTypeLatest, nil, nil); len(got) != 0 {
		t.Fatalf("LATEST = %v", got)
	}
	if got := read(types.ShardIteratorTypeAtSequenceNumber, &seqs[2], nil); !slices.Equal(got, []string{"2", "3", "4"}) {
		t.Fatalf("AT_SEQUENCE_NUMBER = %v", got)
	}
	if got := read(types.ShardIteratorTypeAfterSequenceNumber, &seqs[2], nil); !slices.Equal(got, []string{"3", "4"}) {
		t.Fatalf("AFTER_SEQUENCE_NUMBER = %v", got)
	}
	at := clk.Now().Add(-3 * time.Second) // records 0..4 arrived at now-5s .. now-1s
	if got := read(types.ShardIteratorTypeAtTimestamp, nil, &at); !slices.Equal(got, []string{"2", "3", "4"}) {
		t.Fatalf("AT_TIMESTAMP = %v", got)
	}
	_, err = c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber})
	wantCode(t, err, "InvalidArgumentException")

	// Limit, NextShardIterator and MillisBehindLatest (API Reference, GetRecords).
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	check(t, err)
	page, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(2)})
	check(t, err)
	if len(page.Records) != 2 || *page.MillisBehindLatest != 3000 || page.NextShardIterator == nil {
		t.Fatalf("page = %d records, behind %d", len(page.Records), *page.MillisBehindLatest)
	}
	page, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: page.NextShardIterator})
	check(t, err)
	if len(page.Records) != 3 || *page.MillisBehindLatest != 0 {
		t.Fatalf("second page = %d records, behind %d", len(page.Records), *page.MillisBehindLatest)
	}
	// Iterators expire after 5 minutes (API Reference, GetShardIterator:
	// "A shard iterator expires 5 minutes after it is returned").
	clk.Add(5*time.Minute + time.Second)
	_, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: page.NextShardIterator})
	wantCode(t, err, "ExpiredIteratorException")
	_, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("bm90IGFuIGl0ZXJhdG9y")})
	wantCode(t, err, "InvalidArgumentException")

	// PutRecords: per-record results in order (API Reference, PutRecords).
	pr, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
		{Data: []byte("a"), PartitionKey: aws.String("a")},
		{Data: []byte("b"), PartitionKey: aws.String("b"), ExplicitHashKey: aws.String("-1")},
		{Data: []byte("c"), PartitionKey: aws.String("c")},
	}})
	check(t, err)
	if *pr.FailedRecordCount != 1 || pr.Records[1].ErrorCode == nil || pr.Records[0].SequenceNumber == nil || pr.Records[2].ShardId == nil {
		t.Fatalf("PutRecords = %+v", pr)
	}
}

// A producer keeps writing while the stream is split and merged; a consumer
// that follows the shard lineage (parents before children, ChildShards at
// the end of a closed shard) reads every record exactly once, in order per
// partition key (Developer Guide, "Resharding a stream" and "Data routing,
// data persistence, and shard state after a reshard").
func TestProducerConsumerAcrossReshard(t *testing.T) {
	c, _, _ := newClient(t)
	ctx := testCtx(t)
	name := aws.String("reshard")
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: name, ShardCount: aws.Int32(2)})
	check(t, err)
	sent := map[string][]string{}
	put := func(batch int) {
		for i := range 50 {
			pk := fmt.Sprintf("key-%d", i%7)
			data := fmt.Sprintf("%d-%d", batch, i)
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String(pk), Data: []byte(data)})
			check(t, err)
			sent[pk] = append(sent[pk], data)
		}
	}
	put(0)
	// Split shard 0 at the middle of its range.
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: name})
	check(t, err)
	start, _ := new(big.Int).SetString(*shards.Shards[0].HashKeyRange.StartingHashKey, 10)
	end, _ := new(big.Int).SetString(*shards.Shards[0].HashKeyRange.EndingHashKey, 10)
	mid := new(big.Int).Rsh(new(big.Int).Add(start, end), 1)
	_, err = c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: name, ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String(mid.String())})
	check(t, err)
	_, err = c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: name, ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String(mid.String())})
	wantCode(t, err, "InvalidArgumentException") // a closed shard cannot be split again
	put(1)
	// Merge the two children back (shardId-2 and shardId-3 are adjacent).
	_, err = c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: name, ShardToMerge: aws.String("shardId-000000000002"), AdjacentShardToMerge: aws.String("shardId-000000000003")})
	check(t, err)
	_, err = c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: name, ShardToMerge: aws.String("shardId-000000000001"), AdjacentShardToMerge: aws.String("shardId-000000000004")})
	check(t, err)
	put(2)
	// UpdateShardCount reshards uniformly too.
	us, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: name, TargetShardCount: aws.Int32(2), ScalingType: types.ScalingTypeUniformScaling})
	check(t, err)
	if *us.CurrentShardCount != 1 || *us.TargetShardCount != 2 {
		t.Fatalf("UpdateShardCount = %+v", us)
	}
	put(3)

	all, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: name})
	check(t, err)
	open, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: name, ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}})
	check(t, err)
	if len(all.Shards) != 8 || len(open.Shards) != 2 {
		t.Fatalf("%d shards, %d open", len(all.Shards), len(open.Shards))
	}
	byID := map[string]types.Shard{}
	for _, sh := range all.Shards {
		byID[*sh.ShardId] = sh
	}
	if sh := byID["shardId-000000000004"]; *sh.ParentShardId != "shardId-000000000002" || *sh.AdjacentParentShardId != "shardId-000000000003" ||
		byID["shardId-000000000000"].SequenceNumberRange.EndingSequenceNumber == nil {
		t.Fatalf("merge lineage: %+v", sh)
	}

	// Consume: start from the shards without parents, follow ChildShards.
	got := map[string][]string{}
	done := map[string]bool{}
	queue := []string{"shardId-000000000000", "shardId-000000000001"}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if done[id] {
			continue
		}
		sh := byID[id]
		if (sh.ParentShardId != nil && !done[*sh.ParentShardId]) || (sh.AdjacentParentShardId != nil && !done[*sh.AdjacentParentShardId]) {
			queue = append(queue, id) // parents first
			continue
		}
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: aws.String(id), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		check(t, err)
		iter := it.ShardIterator
		for iter != nil {
			out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(7)})
			check(t, err)
			for _, r := range out.Records {
				got[*r.PartitionKey] = append(got[*r.PartitionKey], string(r.Data))
			}
			for _, ch := range out.ChildShards {
				queue = append(queue, *ch.ShardId)
			}
			if len(out.Records) == 0 && byID[id].SequenceNumberRange.EndingSequenceNumber == nil {
				break // the tip of an open shard
			}
			iter = out.NextShardIterator
		}
		done[id] = true
	}
	for pk, want := range sent {
		if !slices.Equal(got[pk], want) {
			t.Fatalf("partition %s: got %v, want %v", pk, got[pk], want)
		}
	}
}

// Consumers, tags, retention, encryption, monitoring (API Reference pages of
// each operation).
func TestStreamSettings(t *testing.T) {
	c, _, _ := newClient(t)
	ctx := testCtx(t)
	name := aws.String("cfg")
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: name, ShardCount: aws.Int32(1), Tags: map[string]string{"a": "1"}})
	check(t, err)
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name})
	check(t, err)
	arn := sum.StreamDescriptionSummary.StreamARN

	reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String("app")})
	check(t, err)
	if reg.Consumer.ConsumerStatus != types.ConsumerStatusActive {
		t.Fatalf("consumer = %+v", reg.Consumer)
	}
	_, err = c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String("app")})
	wantCode(t, err, "ResourceInUseException")
	dc, err := c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: reg.Consumer.ConsumerARN})
	check(t, err)
	if *dc.ConsumerDescription.StreamARN != *arn {
		t.Fatalf("consumer stream = %s", *dc.ConsumerDescription.StreamARN)
	}
	lc, err := c.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: arn})
	check(t, err)
	if len(lc.Consumers) != 1 {
		t.Fatalf("consumers = %+v", lc.Consumers)
	}
	// DeleteStream refuses a stream with consumers unless EnforceConsumerDeletion.
	_, err = c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: name})
	wantCode(t, err, "ResourceInUseException")

	_, err = c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: name, Tags: map[string]string{"b": "2"}})
	check(t, err)
	_, err = c.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: name, TagKeys: []string{"a"}})
	check(t, err)
	tags, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: name})
	check(t, err)
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "b" {
		t.Fatalf("tags = %+v", tags.Tags)
	}
	_, err = c.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: reg.Consumer.ConsumerARN, Tags: map[string]string{"c": "3"}})
	check(t, err)
	rt, err := c.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: reg.Consumer.ConsumerARN})
	check(t, err)
	if len(rt.Tags) != 1 {
		t.Fatalf("consumer tags = %+v", rt.Tags)
	}

	_, err = c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: name, RetentionPeriodHours: aws.Int32(48)})
	check(t, err)
	_, err = c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: name, RetentionPeriodHours: aws.Int32(30)})
	wantCode(t, err, "InvalidArgumentException")
	_, err = c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: name, RetentionPeriodHours: aws.Int32(12)})
	wantCode(t, err, "InvalidArgumentException")

	_, err = c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: name, EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")})
	check(t, err)
	put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, Data: []byte("x"), PartitionKey: aws.String("p")})
	check(t, err)
	if put.EncryptionType != types.EncryptionTypeKms {
		t.Fatalf("EncryptionType = %s", put.EncryptionType)
	}
	mon, err := c.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: name, ShardLevelMetrics: []types.MetricsName{types.MetricsNameAll}})
	check(t, err)
	if len(mon.DesiredShardLevelMetrics) != 7 {
		t.Fatalf("monitoring = %v", mon.DesiredShardLevelMetrics)
	}
	_, err = c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: name, EnforceConsumerDeletion: aws.Bool(true)})
	check(t, err)
	_, err = c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name})
	wantCode(t, err, "ResourceNotFoundException")
}
