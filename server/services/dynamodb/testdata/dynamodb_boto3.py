"""boto3 against the emulator: the client and the Table resource.

Run by TestBoto3 (boto3_test.go) with ENDPOINT set; prints "ok" on success.
Expected values cite the AWS documentation they come from.
"""
import os
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENDPOINT"]
kw = dict(endpoint_url=ENDPOINT, region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")
client = boto3.client("dynamodb", **kw)
resource = boto3.resource("dynamodb", **kw)
streams = boto3.client("dynamodbstreams", **kw)


def expect_error(code, message, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = (e.response["Error"]["Code"], e.response["Error"]["Message"])
        assert got[0] == code and (message is None or got[1] == message), got
        return e.response
    raise AssertionError("no error, want " + code)


# Tables (API Reference CreateTable): a GSI with INCLUDE projection, an LSI,
# a stream with NEW_AND_OLD_IMAGES.
table = resource.create_table(
    TableName="orders",
    KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
               {"AttributeName": "order", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                          {"AttributeName": "order", "AttributeType": "N"},
                          {"AttributeName": "status", "AttributeType": "S"},
                          {"AttributeName": "placed", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{
        "IndexName": "by-status",
        "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}],
    LocalSecondaryIndexes=[{
        "IndexName": "by-placed",
        "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                      {"AttributeName": "placed", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}],
    ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
)
table.wait_until_exists()
assert table.table_status == "ACTIVE"
assert table.provisioned_throughput["ReadCapacityUnits"] == 5
assert table.latest_stream_arn.startswith(table.table_arn + "/stream/")

# Items through the resource: Decimal numbers kept exactly (Developer Guide,
# "Number": 38 digits of precision).
with table.batch_writer() as batch:
    for i in range(1, 21):
        batch.put_item(Item={"customer": "c1", "order": i, "status": "open" if i % 2 else "shipped",
                             "placed": "2026-01-%02d" % i, "total": Decimal("0.1") * i,
                             "lines": [{"sku": "a", "qty": 1}]})
item = table.get_item(Key={"customer": "c1", "order": 3})["Item"]
assert item["total"] == Decimal("0.3"), item

# Query with boto3.dynamodb.conditions; Limit before the filter (API
# Reference Query: "Limit ... before FilterExpression is applied").
page = table.query(KeyConditionExpression=Key("customer").eq("c1") & Key("order").between(5, 10),
                   FilterExpression=Attr("status").eq("open"), Limit=4)
assert page["ScannedCount"] == 4 and page["Count"] == 2, page
assert page["LastEvaluatedKey"] == {"customer": "c1", "order": 8}, page["LastEvaluatedKey"]
desc = table.query(KeyConditionExpression=Key("customer").eq("c1"), ScanIndexForward=False, Limit=1)
assert desc["Items"][0]["order"] == 20
# GSI query: INCLUDE projects the keys and "total" only; LastEvaluatedKey
# carries the index key too (Developer Guide, "Querying a GSI").
gsi = table.query(IndexName="by-status", KeyConditionExpression=Key("status").eq("shipped"), Limit=2)
assert set(gsi["Items"][0]) == {"customer", "order", "status", "total"}, gsi["Items"][0]
assert set(gsi["LastEvaluatedKey"]) == {"customer", "order", "status"}, gsi["LastEvaluatedKey"]
lsi = table.query(IndexName="by-placed", KeyConditionExpression=Key("customer").eq("c1") & Key("placed").begins_with("2026-01-1"))
assert lsi["Count"] == 10, lsi["Count"]

# UpdateItem: SET arithmetic, list_append, if_not_exists, REMOVE, ADD;
# ReturnValues UPDATED_OLD (API Reference UpdateItem "ReturnValues").
r = table.update_item(
    Key={"customer": "c1", "order": 1},
    UpdateExpression="SET #t = #t + :d, #l = list_append(#l, :l), notes = if_not_exists(notes, :n) "
                     "REMOVE placed ADD visits :one",
    ConditionExpression="#s = :open AND #t < :one",
    ExpressionAttributeNames={"#t": "total", "#l": "lines", "#s": "status"},  # TOTAL, LINES, STATUS are reserved
    ExpressionAttributeValues={":d": Decimal("0.05"), ":l": [{"sku": "b"}], ":n": "none", ":one": 1, ":open": "open"},
    ReturnValues="UPDATED_OLD")
assert r["Attributes"] == {"total": Decimal("0.1"), "lines": [{"sku": "a", "qty": 1}], "placed": "2026-01-01"}, r["Attributes"]
r = table.update_item(Key={"customer": "c1", "order": 1}, UpdateExpression="SET #s = :s",
                      ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "closed"},
                      ReturnValues="ALL_NEW", ReturnConsumedCapacity="INDEXES", ReturnItemCollectionMetrics="SIZE")
assert r["Attributes"]["total"] == Decimal("0.15") and r["Attributes"]["visits"] == 1
# Capacity (Developer Guide, "Write capacity units"): 1 unit on the table,
# the GSI entry moved (delete + put: 2 units), the LSI entry deleted
# ("placed" was removed before): none.
cc = r["ConsumedCapacity"]
assert cc["Table"]["CapacityUnits"] == 1.0 and cc["GlobalSecondaryIndexes"]["by-status"]["CapacityUnits"] == 2.0, cc
assert cc["CapacityUnits"] == 3.0, cc
assert r["ItemCollectionMetrics"]["ItemCollectionKey"] == {"customer": "c1"}, r

# Errors with AWS's messages.
expect_error("ValidationException", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
             table.update_item, Key={"customer": "c1", "order": 1}, UpdateExpression="SET status = :s",
             ExpressionAttributeValues={":s": "x"})
expect_error("ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
             table.update_item, Key={"customer": "c1", "order": 1}, UpdateExpression="SET a = :s",
             ExpressionAttributeValues={":s": "x", ":unused": "y"})
expect_error("ValidationException", "The provided key element does not match the schema",
             table.get_item, Key={"customer": "c1"})
resp = expect_error("ConditionalCheckFailedException", "The conditional request failed",
                    table.put_item, Item={"customer": "c1", "order": 2}, ConditionExpression=Attr("order").not_exists(),
                    ReturnValuesOnConditionCheckFailure="ALL_OLD")
assert resp["Item"]["status"] == {"S": "shipped"}, resp

# Client API: transactions with one CancellationReason per action.
resp = expect_error("TransactionCanceledException", None, client.transact_write_items, TransactItems=[
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "c2"}, "order": {"N": "1"}}}},
    {"Update": {"TableName": "orders", "Key": {"customer": {"S": "c1"}, "order": {"N": "2"}},
                "UpdateExpression": "SET a = :a", "ConditionExpression": "#s = :open",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":a": {"S": "x"}, ":open": {"S": "open"}}}}])
assert [r["Code"] for r in resp["CancellationReasons"]] == ["None", "ConditionalCheckFailed"], resp
client.transact_write_items(ClientRequestToken="t1", TransactItems=[
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "c2"}, "order": {"N": "1"}}}}])
got = client.transact_get_items(TransactItems=[
    {"Get": {"TableName": "orders", "Key": {"customer": {"S": "c2"}, "order": {"N": "1"}}}},
    {"Get": {"TableName": "orders", "Key": {"customer": {"S": "c9"}, "order": {"N": "1"}}}}])
assert "Item" in got["Responses"][0] and got["Responses"][1] == {}, got["Responses"]

# PartiQL (Developer Guide, "PartiQL select statements").
rows = client.execute_statement(Statement='SELECT "order", total FROM orders WHERE customer = ? AND "order" <= 2',
                                Parameters=[{"S": "c1"}])["Items"]
assert rows == [{"order": {"N": "1"}, "total": {"N": "0.15"}}, {"order": {"N": "2"}, "total": {"N": "0.2"}}], rows

# Scan segments cover the table once (API Reference Scan, "TotalSegments").
seen = 0
for seg in range(4):
    seen += table.scan(Segment=seg, TotalSegments=4, Select="COUNT")["Count"]
assert seen == 21, seen

# Streams: the first records are the 20 batch puts (INSERT), then MODIFY.
arn = table.latest_stream_arn
shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
recs = streams.get_records(ShardIterator=it, Limit=21)["Records"]
assert [r["eventName"] for r in recs] == ["INSERT"] * 20 + ["MODIFY"], [r["eventName"] for r in recs]
assert recs[20]["dynamodb"]["OldImage"]["total"] == {"N": "0.1"} and recs[20]["dynamodb"]["NewImage"]["total"] == {"N": "0.15"}
assert recs[0]["eventSource"] == "aws:dynamodb" and recs[0]["awsRegion"] == "us-east-1"

# Deletion protection and delete.
client.update_table(TableName="orders", DeletionProtectionEnabled=True)
expect_error("ValidationException", None, table.delete)
client.update_table(TableName="orders", DeletionProtectionEnabled=False)
table.delete()
expect_error("ResourceNotFoundException", "Requested resource not found: Table: orders not found",
             client.describe_table, TableName="orders")
print("ok")
