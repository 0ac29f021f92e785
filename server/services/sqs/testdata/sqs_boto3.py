"""SQS through boto3 (JSON protocol) and raw query requests, plus the
developer endpoint (run by TestBoto3SQS).

Expected values: SQS API Reference (operations, errors), SQS Developer Guide
(FIFO ordering and deduplication, dead-letter queues, MD5 of message
attributes) and LocalStack's /_aws/sqs/messages (localstack-runtime.md §2).
"""
import hashlib
import json
import os
import unittest
import urllib.parse
import urllib.request

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENDPOINT"]
sqs = boto3.client("sqs", endpoint_url=ENDPOINT, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")


def query(params, path="/", headers=None):
    params = dict(params, Version="2012-11-05")
    req = urllib.request.Request(ENDPOINT + path, data=urllib.parse.urlencode(params).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x",
        **(headers or {})})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class SQSTest(unittest.TestCase):
    def test_standard_queue(self):
        url = sqs.create_queue(QueueName="py-std", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
        sent = sqs.send_message(QueueUrl=url, MessageBody="hello", MessageAttributes={
            "n": {"DataType": "Number", "StringValue": "3"}})
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5(b"hello").hexdigest())
        got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], AttributeNames=["All"])["Messages"]
        self.assertEqual(got[0]["Body"], "hello")
        self.assertEqual(got[0]["MessageAttributes"]["n"]["StringValue"], "3")
        self.assertEqual(got[0]["Attributes"]["ApproximateReceiveCount"], "1")
        sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "0")
        self.assertEqual(attrs["VisibilityTimeout"], "5")
        with self.assertRaises(ClientError) as e:
            sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes={
                "AWS.reserved": {"DataType": "String", "StringValue": "v"}})
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidParameterValue")
        with self.assertRaises(ClientError) as e:
            sqs.get_queue_url(QueueName="py-missing")
        self.assertEqual(e.exception.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue")

    def test_fifo_queue(self):
        url = sqs.create_queue(QueueName="py.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
        for i in range(3):
            sqs.send_message(QueueUrl=url, MessageBody=f"a{i}", MessageGroupId="a")
        dup = sqs.send_message(QueueUrl=url, MessageBody="a0", MessageGroupId="a")
        first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, ReceiveRequestAttemptId="try-1")["Messages"]
        self.assertEqual([m["Body"] for m in first], ["a0", "a1", "a2"])
        self.assertEqual(dup["MessageId"], first[0]["MessageId"])
        # A retry with the same attempt id returns the same messages and handles.
        again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, ReceiveRequestAttemptId="try-1")["Messages"]
        self.assertEqual([m["ReceiptHandle"] for m in again], [m["ReceiptHandle"] for m in first])
        sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(first)])
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=url))

    def test_query_protocol_and_developer_endpoint(self):
        status, body = query({"Action": "CreateQueue", "QueueName": "py-query"})
        self.assertEqual(status, 200, body)
        self.assertIn("<CreateQueueResult><QueueUrl>", body)
        status, body = query({"Action": "SendMessage", "MessageBody": "via query"}, path="/000000000000/py-query")
        self.assertEqual(status, 200, body)
        url = sqs.get_queue_url(QueueName="py-query")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="via json")
        # Peek: both messages, nothing received.
        with urllib.request.urlopen(ENDPOINT + "/_aws/sqs/messages?" + urllib.parse.urlencode({"QueueUrl": url})) as r:
            xml = r.read().decode()
        self.assertIn("<Body>via query</Body>", xml)
        self.assertIn("<ReceiptHandle>SQS/BACKDOOR/ACCESS</ReceiptHandle>", xml)
        req = urllib.request.Request(ENDPOINT + "/_aws/sqs/messages/us-east-1/000000000000/py-query",
                                     headers={"Accept": "application/json"})
        with urllib.request.urlopen(req) as r:
            doc = json.load(r)
        msgs = doc["ReceiveMessageResponse"]["ReceiveMessageResult"]["Message"]
        self.assertEqual([m["Body"] for m in msgs], ["via query", "via json"])
        attrs = {a["Name"]: a["Value"] for a in msgs[0]["Attribute"]}
        self.assertEqual(attrs["ApproximateReceiveCount"], "0")
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        self.assertEqual(len(got), 2)
        status, body = query({"Action": "GetQueueUrl", "QueueName": "nope"})
        self.assertEqual(status, 400)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", body)


if __name__ == "__main__":
    unittest.main()
