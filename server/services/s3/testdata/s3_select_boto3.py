"""S3 Select and the deprecated lifecycle/notification calls with boto3
against the emulator at $ENDPOINT; prints "ok".

botocore parses the event stream itself. Expected values: S3 API Reference,
API_SelectObjectContent.html (Records, Stats, End events),
API_PutBucketLifecycle.html and API_GetBucketLifecycle.html (Rule with
Prefix and Transition), API_GetBucketNotification.html.
"""
import os

import boto3
from botocore.config import Config

s3 = boto3.client(
    "s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
    aws_access_key_id="test", aws_secret_access_key="test",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)

s3.create_bucket(Bucket="selpy")
s3.put_object(Bucket="selpy", Key="d.csv", Body=b"a,b\n1,x\n2,y\n3,z\n")
resp = s3.select_object_content(
    Bucket="selpy", Key="d.csv", ExpressionType="SQL",
    Expression="SELECT s.b FROM S3Object s WHERE CAST(s.a AS INT) >= 2",
    InputSerialization={"CSV": {"FileHeaderInfo": "USE"}},
    OutputSerialization={"JSON": {}},
)
records, stats, end = b"", None, False
for ev in resp["Payload"]:
    if "Records" in ev:
        records += ev["Records"]["Payload"]
    elif "Stats" in ev:
        stats = ev["Stats"]["Details"]
    elif "End" in ev:
        end = True
assert records == b'{"b":"y"}\n{"b":"z"}\n', records
assert stats["BytesScanned"] == 16 and stats["BytesReturned"] == len(records), stats
assert end

# Deprecated lifecycle calls: the old Rule shape round-trips.
s3.put_bucket_lifecycle(Bucket="selpy", LifecycleConfiguration={"Rules": [
    {"ID": "old", "Prefix": "logs/", "Status": "Enabled",
     "Transition": {"Days": 30, "StorageClass": "GLACIER"}}]})
rules = s3.get_bucket_lifecycle(Bucket="selpy")["Rules"]
assert rules[0]["Prefix"] == "logs/" and rules[0]["Transition"]["StorageClass"] == "GLACIER", rules
assert s3.get_bucket_lifecycle_configuration(Bucket="selpy")["Rules"][0]["ID"] == "old"

# Deprecated notification calls: an empty configuration reads back empty.
s3.put_bucket_notification(Bucket="selpy", NotificationConfiguration={})
n = s3.get_bucket_notification(Bucket="selpy")
assert "TopicConfiguration" not in n and "QueueConfiguration" not in n, n

print("ok")
