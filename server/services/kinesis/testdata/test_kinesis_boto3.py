"""boto3 against the emulator: a Kinesis producer/consumer across a reshard
(split then merge) loses no record (Kinesis Developer Guide, "Resharding a
stream"; "After the reshard ... the parent shard ... records ... remain
readable until they expire")."""
import os
import unittest

import boto3
import botocore.config


def client():
    return boto3.client(
        "kinesis", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=botocore.config.Config(retries={"max_attempts": 1}))


class ReshardTest(unittest.TestCase):
    def test_split_then_merge_loses_nothing(self):
        k = client()
        k.create_stream(StreamName="boto", ShardCount=1)
        k.get_waiter("stream_exists").wait(StreamName="boto", WaiterConfig={"Delay": 0.1})
        sent = []

        def produce(tag, n):
            for i in range(n):
                data = f"{tag}-{i}".encode()
                k.put_record(StreamName="boto", Data=data, PartitionKey=f"pk{i % 5}")
                sent.append(data)

        produce("before", 30)
        shard = k.list_shards(StreamName="boto")["Shards"][0]
        lo = int(shard["HashKeyRange"]["StartingHashKey"])
        hi = int(shard["HashKeyRange"]["EndingHashKey"])
        k.split_shard(StreamName="boto", ShardToSplit=shard["ShardId"], NewStartingHashKey=str((lo + hi) // 2))
        produce("split", 30)
        open_shards = k.list_shards(StreamName="boto", ShardFilter={"Type": "AT_LATEST"})["Shards"]
        self.assertEqual(len(open_shards), 2)
        k.merge_shards(StreamName="boto", ShardToMerge=open_shards[0]["ShardId"],
                       AdjacentShardToMerge=open_shards[1]["ShardId"])
        produce("merged", 30)
        # PutRecords batches too.
        res = k.put_records(StreamName="boto", Records=[
            {"Data": f"batch-{i}".encode(), "PartitionKey": f"pk{i}"} for i in range(10)])
        self.assertEqual(res["FailedRecordCount"], 0)
        sent += [f"batch-{i}".encode() for i in range(10)]

        shards = {s["ShardId"]: s for s in k.list_shards(StreamName="boto")["Shards"]}
        self.assertEqual(len(shards), 4)
        got, done = [], set()
        pending = [sid for sid, s in shards.items() if "ParentShardId" not in s]
        while pending:
            sid = pending.pop(0)
            s = shards[sid]
            parents = [s.get("ParentShardId"), s.get("AdjacentParentShardId")]
            if any(p and p not in done for p in parents):
                pending.append(sid)
                continue
            if sid in done:
                continue
            it = k.get_shard_iterator(StreamName="boto", ShardId=sid, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while it:
                out = k.get_records(ShardIterator=it, Limit=4)
                got += [r["Data"] for r in out["Records"]]
                pending += [c["ShardId"] for c in out.get("ChildShards", [])]
                closed = "EndingSequenceNumber" in s["SequenceNumberRange"]
                if not out["Records"] and not closed:
                    break
                it = out.get("NextShardIterator")
            done.add(sid)
        self.assertEqual(sorted(got), sorted(sent))
        self.assertEqual(len(got), len(sent))

    def test_errors(self):
        k = client()
        with self.assertRaises(k.exceptions.ResourceNotFoundException):
            k.describe_stream(StreamName="nope")
        k.create_stream(StreamName="dup", ShardCount=1)
        with self.assertRaises(k.exceptions.ResourceInUseException):
            k.create_stream(StreamName="dup", ShardCount=1)


if __name__ == "__main__":
    unittest.main()
