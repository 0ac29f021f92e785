"""EventBridge through boto3 (run by TestBoto3EventBridge).

Rule -> SQS with a pattern and an input transformer, rule -> SNS -> SQS,
per-entry PutEvents errors, TestEventPattern, archives and replays, tags and
the service's errors, checked the way a Python user would. Expected values:
EventBridge User Guide ("Event patterns", "Input transformation",
"Archiving and replaying events") and the EventBridge API Reference.
"""
import datetime
import json
import os
import time
import unittest

import boto3
from botocore.exceptions import ClientError

kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")
events = boto3.client("events", **kw)
sqs = boto3.client("sqs", **kw)
sns = boto3.client("sns", **kw)


def queue(name, **attrs):
    url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def drain(url):
    out = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
        if not got:
            return out
        for m in got:
            out.append(m)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


class EventBridgeTest(unittest.TestCase):
    def test_rule_to_sqs(self):
        url, arn = queue("py-eb")
        shaped_url, shaped_arn = queue("py-eb-shaped")
        events.put_rule(Name="py-rule", EventPattern=json.dumps(
            {"source": ["py.app"], "detail": {"level": [{"equals-ignore-case": "error"}], "code": [{"exists": True}]}}))
        events.put_targets(Rule="py-rule", Targets=[
            {"Id": "q", "Arn": arn},
            {"Id": "s", "Arn": shaped_arn, "InputTransformer": {
                "InputPathsMap": {"code": "$.detail.code"}, "InputTemplate": '"Failure <code>"'}},
        ])
        out = events.put_events(Entries=[
            {"Source": "py.app", "DetailType": "log", "Detail": json.dumps({"level": "ERROR", "code": 42})},
            {"Source": "py.app", "DetailType": "log", "Detail": json.dumps({"level": "info", "code": 1})},
            {"Source": "py.app", "DetailType": "log"},
        ])
        self.assertEqual(out["FailedEntryCount"], 1)
        self.assertEqual(out["Entries"][2]["ErrorCode"], "InvalidArgument")
        got = drain(url)
        self.assertEqual(len(got), 1)
        event = json.loads(got[0]["Body"])
        self.assertEqual(event["id"], out["Entries"][0]["EventId"])
        self.assertEqual(event["detail"], {"level": "ERROR", "code": 42})
        self.assertEqual([m["Body"] for m in drain(shaped_url)], ['"Failure 42"'])
        names = events.list_rule_names_by_target(TargetArn=arn)["RuleNames"]
        self.assertEqual(names, ["py-rule"])
        with self.assertRaises(ClientError) as e:
            events.delete_rule(Name="py-rule")
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")

    def test_rule_to_sns_to_sqs(self):
        topic = sns.create_topic(Name="py-eb-topic")["TopicArn"]
        url, arn = queue("py-eb-sub")
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
        events.create_event_bus(Name="py-bus")
        events.put_rule(Name="to-topic", EventBusName="py-bus", EventPattern=json.dumps({"detail-type": [{"wildcard": "Order*"}]}))
        events.put_targets(Rule="to-topic", EventBusName="py-bus", Targets=[{"Id": "t", "Arn": topic, "Input": '{"fixed":1}'}])
        events.put_events(Entries=[{"EventBusName": "py-bus", "Source": "s", "DetailType": "OrderPlaced", "Detail": "{}"}])
        self.assertEqual([m["Body"] for m in drain(url)], ['{"fixed":1}'])

    def test_pattern_and_errors(self):
        ev = json.dumps({"id": "1", "account": "000000000000", "source": "a", "time": "2026-01-01T00:00:00Z",
                         "region": "us-east-1", "detail-type": "x", "detail": {"n": 7, "name": "report.csv"}})
        ok = events.test_event_pattern(EventPattern=json.dumps(
            {"detail": {"n": [{"numeric": [">", 5, "<", 10]}], "name": [{"suffix": ".csv"}]}}), Event=ev)
        self.assertTrue(ok["Result"])
        no = events.test_event_pattern(EventPattern=json.dumps({"detail": {"n": [{"anything-but": [7]}]}}), Event=ev)
        self.assertFalse(no["Result"])
        with self.assertRaises(ClientError) as e:
            events.test_event_pattern(EventPattern='{"detail": "x"}', Event=ev)
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidEventPatternException")
        with self.assertRaises(ClientError) as e:
            events.describe_event_bus(Name="missing")
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")
        with self.assertRaises(ClientError) as e:
            events.put_rule(Name="sched", ScheduleExpression="rate(1 minutes)")
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")

    def test_archive_replay_tags(self):
        bus_arn = events.describe_event_bus()["Arn"]
        archive = events.create_archive(ArchiveName="py-archive", EventSourceArn=bus_arn,
                                        EventPattern=json.dumps({"source": ["py.arch"]}))
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
        events.put_events(Entries=[{"Source": "py.arch", "DetailType": "t", "Detail": '{"k":1}'}])
        self.assertEqual(events.describe_archive(ArchiveName="py-archive")["EventCount"], 1)
        url, arn = queue("py-replayed")
        events.put_rule(Name="replay-rule", EventPattern=json.dumps({"source": ["py.arch"]}))
        events.put_targets(Rule="replay-rule", Targets=[{"Id": "q", "Arn": arn}])
        time.sleep(1.1)  # botocore sends whole seconds: let the end pass the event
        events.start_replay(ReplayName="py-replay", EventSourceArn=archive["ArchiveArn"], EventStartTime=start,
                            EventEndTime=datetime.datetime.now(datetime.timezone.utc),
                            Destination={"Arn": bus_arn})
        got = drain(url)
        self.assertEqual(len(got), 1)
        self.assertEqual(json.loads(got[0]["Body"])["replay-name"], "py-replay")
        self.assertEqual(events.describe_replay(ReplayName="py-replay")["State"], "COMPLETED")
        self.assertEqual([a["ArchiveName"] for a in events.list_archives()["Archives"]], ["py-archive"])
        rule_arn = events.describe_rule(Name="replay-rule")["Arn"]
        events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "env", "Value": "test"}])
        self.assertEqual(events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"], [{"Key": "env", "Value": "test"}])


if __name__ == "__main__":
    unittest.main()
