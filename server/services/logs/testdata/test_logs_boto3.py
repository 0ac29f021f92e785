"""boto3 against the emulator's CloudWatch Logs: groups, streams, events,
filters, subscription to Kinesis and Insights (CloudWatch Logs API Reference)."""
import base64
import gzip
import json
import os
import time
import unittest

import boto3
import botocore.config


def client(name):
    return boto3.client(
        name, endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=botocore.config.Config(retries={"max_attempts": 1}))


class LogsTest(unittest.TestCase):
    def test_events_and_filters(self):
        logs = client("logs")
        logs.create_log_group(logGroupName="/boto/app", tags={"team": "x"})
        logs.create_log_stream(logGroupName="/boto/app", logStreamName="main")
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName="/boto/app", logStreamName="main", logEvents=[
            {"timestamp": now - 3000, "message": "INFO start"},
            {"timestamp": now - 2000, "message": '{"level":"error","code":500}'},
            {"timestamp": now - 1000, "message": "ERROR crash"}])
        events = logs.get_log_events(logGroupName="/boto/app", logStreamName="main", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events][0], "INFO start")
        found = logs.filter_log_events(logGroupName="/boto/app", filterPattern="?ERROR ?crash")["events"]
        self.assertEqual([e["message"] for e in found], ["ERROR crash"])
        found = logs.filter_log_events(logGroupName="/boto/app", filterPattern='{ $.code = 500 }')["events"]
        self.assertEqual(len(found), 1)
        paginator = logs.get_paginator("describe_log_groups")
        names = [g["logGroupName"] for page in paginator.paginate(logGroupNamePrefix="/boto") for g in page["logGroups"]]
        self.assertEqual(names, ["/boto/app"])
        self.assertEqual(logs.list_tags_log_group(logGroupName="/boto/app")["tags"], {"team": "x"})
        with self.assertRaises(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_group(logGroupName="/boto/app")
        with self.assertRaises(logs.exceptions.ResourceNotFoundException):
            logs.get_log_events(logGroupName="/boto/app", logStreamName="nope")
        with self.assertRaises(logs.exceptions.InvalidParameterException):
            logs.put_log_events(logGroupName="/boto/app", logStreamName="main", logEvents=[
                {"timestamp": now, "message": "b"}, {"timestamp": now - 1, "message": "a"}])

        q = logs.start_query(logGroupName="/boto/app", startTime=int(now / 1000) - 60, endTime=int(now / 1000) + 1,
                             queryString="filter @message like /ERROR|error/ | stats count(*) as n")
        res = logs.get_query_results(queryId=q["queryId"])
        self.assertEqual(res["status"], "Complete")
        self.assertEqual(res["results"], [[{"field": "n", "value": "2"}]])

    def test_subscription_to_kinesis(self):
        logs, kin = client("logs"), client("kinesis")
        kin.create_stream(StreamName="cwl", ShardCount=1)
        arn = kin.describe_stream_summary(StreamName="cwl")["StreamDescriptionSummary"]["StreamARN"]
        logs.create_log_group(logGroupName="/boto/sub")
        logs.create_log_stream(logGroupName="/boto/sub", logStreamName="s")
        logs.put_subscription_filter(logGroupName="/boto/sub", filterName="all", filterPattern="",
                                     destinationArn=arn, roleArn="arn:aws:iam::000000000000:role/r")
        logs.put_log_events(logGroupName="/boto/sub", logStreamName="s",
                            logEvents=[{"timestamp": int(time.time() * 1000), "message": "hello"}])
        it = kin.get_shard_iterator(StreamName="cwl", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        recs = kin.get_records(ShardIterator=it)["Records"]
        msgs = [json.loads(gzip.decompress(r["Data"])) for r in recs]
        self.assertEqual([m["messageType"] for m in msgs], ["CONTROL_MESSAGE", "DATA_MESSAGE"])
        self.assertEqual(msgs[1]["logEvents"][0]["message"], "hello")


if __name__ == "__main__":
    unittest.main()
