"""SNS -> SQS fan-out through boto3 (run by TestBoto3FanOut).

A filtered envelope subscription, a raw subscription, FIFO delivery and a
NotFound error, checked the way a Python user would. Expected values: SNS
Developer Guide ("Amazon SNS message filtering", "Amazon SNS raw message
delivery", "FIFO topics") and the SNS API Reference (Common Errors).
"""
import json
import os

import boto3
from botocore.exceptions import ClientError

kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")
sns = boto3.client("sns", **kw)
sqs = boto3.client("sqs", **kw)


def queue(name, **attrs):
    url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def drain(url):
    out = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                  AttributeNames=["All"]).get("Messages", [])
        if not got:
            return out
        for m in got:
            out.append(m)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


topic = sns.create_topic(Name="py-orders")["TopicArn"]
env_url, env_arn = queue("py-red")
raw_url, raw_arn = queue("py-raw")
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=env_arn,
              Attributes={"FilterPolicy": json.dumps({"color": ["red"], "size": [{"numeric": [">=", 10]}]})})
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=raw_arn, Attributes={"RawMessageDelivery": "true"})

for color, size in (("red", "12"), ("red", "3"), ("blue", "50")):
    sns.publish(TopicArn=topic, Message=f"{color}-{size}", Subject="s",
                MessageAttributes={"color": {"DataType": "String", "StringValue": color},
                                   "size": {"DataType": "Number", "StringValue": size}})

env = drain(env_url)
assert len(env) == 1, env
body = json.loads(env[0]["Body"])
assert body["Type"] == "Notification" and body["Message"] == "red-12" and body["TopicArn"] == topic, body
assert body["Subject"] == "s" and body["MessageAttributes"]["size"] == {"Type": "Number", "Value": "12"}, body

raw = drain(raw_url)
assert sorted(m["Body"] for m in raw) == ["blue-50", "red-12", "red-3"], raw
assert all(m["MessageAttributes"]["color"]["DataType"] == "String" for m in raw), raw

fifo = sns.create_topic(Name="py-events.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
fifo_url, fifo_arn = queue("py-events.fifo", FifoQueue="true")
sns.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=fifo_arn, Attributes={"RawMessageDelivery": "true"})
for m in ("a", "b", "a"):
    sns.publish(TopicArn=fifo, Message=m, MessageGroupId="g")
got = drain(fifo_url)
assert [m["Body"] for m in got] == ["a", "b"], got
assert got[0]["Attributes"]["MessageGroupId"] == "g", got[0]

try:
    sns.get_topic_attributes(TopicArn="arn:aws:sns:us-east-1:000000000000:missing")
    raise AssertionError("no error")
except ClientError as e:
    err = e.response["Error"]
    assert err["Code"] == "NotFound" and err["Message"] == "Topic does not exist", err
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e.response

print("ok")
