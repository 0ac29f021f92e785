"""S3 in depth with boto3 against the emulator at $ENDPOINT; prints "ok".

Each expected value names its AWS documentation source (S3 API Reference
page or user guide topic).
"""
import hashlib
import io
import os
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
    aws_access_key_id="test", aws_secret_access_key="test",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)


def meta(head):
    # S3 sends x-amz-meta-* in lower case; the rest-xml encoder writes them
    # canonicalized (X-Amz-Meta-A) and botocore keeps the case it gets, so
    # compare lower-cased until the encoder is fixed.
    return {k.lower(): v for k, v in head["Metadata"].items()}


def error_code(fn, *args, **kw):
    try:
        fn(*args, **kw)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("no error from %s" % fn.__name__)


# Multipart through the transfer manager: 12 MiB with 5 MiB parts is 3
# parts; the ETag is the MD5 of the part MD5s + "-3"
# (checking-object-integrity.html); download uses ranged GETs.
s3.create_bucket(Bucket="boto")
data = os.urandom(12 << 20)
cfg = TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=5 << 20)
s3.upload_fileobj(io.BytesIO(data), "boto", "big/ü file.bin", Config=cfg)
head = s3.head_object(Bucket="boto", Key="big/ü file.bin")
parts = [data[i:i + (5 << 20)] for i in range(0, len(data), 5 << 20)]
want = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + "-3"
assert head["ETag"] == '"%s"' % want, head["ETag"]
assert head["ContentLength"] == len(data)
out = io.BytesIO()
s3.download_fileobj("boto", "big/ü file.bin", out, Config=cfg)
assert out.getvalue() == data
part2 = s3.get_object(Bucket="boto", Key="big/ü file.bin", PartNumber=2)
assert part2["PartsCount"] == 3 and part2["ContentLength"] == 5 << 20  # API_GetObject.html, partNumber

# Checksums: boto3 sends CRC32 by default (aws-chunked with a trailer);
# ChecksumMode=ENABLED returns it (checking-object-integrity.html).
put = s3.put_object(Bucket="boto", Key="sum.txt", Body=b"hello world", ChecksumAlgorithm="SHA256")
assert put["ChecksumSHA256"] == "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=", put
got = s3.get_object(Bucket="boto", Key="sum.txt", ChecksumMode="ENABLED")
assert got["ChecksumSHA256"] == put["ChecksumSHA256"] and got["Body"].read() == b"hello world"
# CRC-64/NVME of "hello world" (check value of "123456789" is
# 0xAE8B14860A799888); sent as a header: botocore computes it only with crt.
crc = s3.put_object(Bucket="boto", Key="crc.txt", Body=b"hello world", ChecksumCRC64NVME="jSnVw/bqjr4=")
assert crc["ChecksumCRC64NVME"] == "jSnVw/bqjr4=", crc
assert error_code(s3.put_object, Bucket="boto", Key="crc2", Body=b"hello", ChecksumCRC64NVME="jSnVw/bqjr4=") == ("BadDigest", 400)
assert error_code(s3.put_object, Bucket="boto", Key="bad", Body=b"x", ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==") == ("BadDigest", 400)
assert error_code(s3.head_object, Bucket="boto", Key="bad") == ("404", 404)

# Ranges and conditions (API_GetObject.html).
r = s3.get_object(Bucket="boto", Key="sum.txt", Range="bytes=-5")
assert r["Body"].read() == b"world" and r["ContentRange"] == "bytes 6-10/11"
assert error_code(s3.get_object, Bucket="boto", Key="sum.txt", Range="bytes=20-") == ("InvalidRange", 416)
assert s3.get_object(Bucket="boto", Key="sum.txt", Range="bytes=x-y")["ContentLength"] == 11  # malformed: ignored
assert error_code(s3.get_object, Bucket="boto", Key="sum.txt", IfNoneMatch=put["ETag"]) == ("304", 304)
assert error_code(s3.get_object, Bucket="boto", Key="sum.txt", IfMatch='"nope"') == ("PreconditionFailed", 412)
assert error_code(s3.put_object, Bucket="boto", Key="sum.txt", Body=b"x", IfNoneMatch="*") == ("PreconditionFailed", 412)
later = datetime.now(timezone.utc) + timedelta(days=1)
assert error_code(s3.get_object, Bucket="boto", Key="sum.txt", IfModifiedSince=later) == ("304", 304)

# Copy: metadata directives (API_CopyObject.html).
s3.put_object(Bucket="boto", Key="src %+=.txt", Body=b"c", Metadata={"a": "1"}, ContentType="text/plain")
s3.copy_object(Bucket="boto", Key="dst", CopySource={"Bucket": "boto", "Key": "src %+=.txt"})
assert meta(s3.head_object(Bucket="boto", Key="dst")) == {"a": "1"}
s3.copy_object(Bucket="boto", Key="dst", CopySource="boto/src %+=.txt", MetadataDirective="REPLACE", Metadata={"b": "2"})
assert meta(s3.head_object(Bucket="boto", Key="dst")) == {"b": "2"}
assert error_code(s3.copy_object, Bucket="boto", Key="dst", CopySource="boto/dst") == ("InvalidRequest", 400)
assert error_code(s3.copy_object, Bucket="boto", Key="x", CopySource="boto/src %+=.txt", CopySourceIfMatch='"no"') == ("PreconditionFailed", 412)

# Listing with a paginator, odd keys, EncodingType url (API_ListObjectsV2.html).
keys = ["p/a b", "p/c+d", "p/e=f", "p/g%h", "p/ä", "p/日本"]
for k in keys:
    s3.put_object(Bucket="boto", Key=k, Body=b"")
seen = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket="boto", Prefix="p/", PaginationConfig={"PageSize": 2}):
    seen += [o["Key"] for o in page.get("Contents", [])]
assert seen == sorted(keys, key=lambda k: k.encode()), seen
enc = s3.list_objects_v2(Bucket="boto", Prefix="p/", EncodingType="url")
# botocore asks for url encoding itself and decodes (the paginator above);
# asked for explicitly, the keys come back encoded.
assert [urllib.parse.unquote_plus(o["Key"]) for o in enc["Contents"]] == seen
assert enc["Contents"][0]["Key"] == "p/a+b" and enc["Contents"][3]["Key"] == "p/g%25h"
# DeleteObjects verbose and quiet (API_DeleteObjects.html).
d = s3.delete_objects(Bucket="boto", Delete={"Objects": [{"Key": k} for k in keys[:3]]})
assert sorted(x["Key"] for x in d["Deleted"]) == sorted(keys[:3])
d = s3.delete_objects(Bucket="boto", Delete={"Objects": [{"Key": k} for k in keys[3:]], "Quiet": True})
assert "Deleted" not in d and "Errors" not in d
assert error_code(s3.delete_bucket, Bucket="boto") == ("BucketNotEmpty", 409)

# Versioning: ids, delete markers, null version (Versioning.html).
s3.create_bucket(Bucket="boto-versions")
s3.put_object(Bucket="boto-versions", Key="k", Body=b"null")
s3.put_bucket_versioning(Bucket="boto-versions", VersioningConfiguration={"Status": "Enabled"})
v1 = s3.put_object(Bucket="boto-versions", Key="k", Body=b"one")["VersionId"]
dm = s3.delete_object(Bucket="boto-versions", Key="k")
assert dm["DeleteMarker"] is True
assert error_code(s3.get_object, Bucket="boto-versions", Key="k") == ("NoSuchKey", 404)
assert error_code(s3.get_object, Bucket="boto-versions", Key="k", VersionId=dm["VersionId"])[1] == 405
assert s3.get_object(Bucket="boto-versions", Key="k", VersionId="null")["Body"].read() == b"null"
vs = s3.list_object_versions(Bucket="boto-versions")
assert [v["VersionId"] for v in vs["Versions"]] == [v1, "null"]
assert vs["DeleteMarkers"][0]["IsLatest"] is True and vs["Versions"][0]["IsLatest"] is False
s3.put_bucket_versioning(Bucket="boto-versions", VersioningConfiguration={"Status": "Suspended"})
assert s3.put_object(Bucket="boto-versions", Key="k", Body=b"s").get("VersionId") == "null"

# Object lock (object-lock.html).
s3.create_bucket(Bucket="boto-lock", ObjectLockEnabledForBucket=True)
until = datetime.now(timezone.utc) + timedelta(days=1)
lv = s3.put_object(Bucket="boto-lock", Key="l", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=until)["VersionId"]
assert s3.get_object_retention(Bucket="boto-lock", Key="l")["Retention"]["Mode"] == "GOVERNANCE"
assert error_code(s3.delete_object, Bucket="boto-lock", Key="l", VersionId=lv) == ("AccessDenied", 403)
s3.delete_object(Bucket="boto-lock", Key="l", VersionId=lv, BypassGovernanceRetention=True)
assert s3.get_object_lock_configuration(Bucket="boto-lock")["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"

# Tagging, ACL, attributes, restore.
s3.put_object_tagging(Bucket="boto", Key="sum.txt", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
assert s3.get_object_tagging(Bucket="boto", Key="sum.txt")["TagSet"] == [{"Key": "k", "Value": "v"}]
s3.put_object_acl(Bucket="boto", Key="sum.txt", ACL="public-read")
grants = s3.get_object_acl(Bucket="boto", Key="sum.txt")["Grants"]
assert {g["Permission"] for g in grants} == {"FULL_CONTROL", "READ"}
attrs = s3.get_object_attributes(Bucket="boto", Key="big/ü file.bin", ObjectAttributes=["ETag", "ObjectParts", "ObjectSize"])
assert attrs["ETag"] == want and attrs["ObjectParts"]["TotalPartsCount"] == 3 and attrs["ObjectSize"] == len(data)
s3.restore_object(Bucket="boto", Key="sum.txt", RestoreRequest={"Days": 1})

# Bucket configurations (each Put*/Get* API Reference page).
s3.put_bucket_cors(Bucket="boto", CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
assert s3.get_bucket_cors(Bucket="boto")["CORSRules"][0]["AllowedMethods"] == ["GET"]
assert error_code(s3.put_bucket_cors, Bucket="boto", CORSConfiguration={"CORSRules": [{"AllowedMethods": ["PATCH"], "AllowedOrigins": ["*"]}]}) == ("InvalidRequest", 400)
s3.put_bucket_lifecycle_configuration(Bucket="boto", LifecycleConfiguration={"Rules": [
    {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]})
assert s3.get_bucket_lifecycle_configuration(Bucket="boto")["Rules"][0]["ID"] == "r"
assert error_code(s3.get_bucket_tagging, Bucket="boto") == ("NoSuchTagSet", 404)
s3.put_bucket_tagging(Bucket="boto", Tagging={"TagSet": [{"Key": "team", "Value": "ci"}]})
assert s3.get_bucket_tagging(Bucket="boto")["TagSet"] == [{"Key": "team", "Value": "ci"}]
assert error_code(s3.put_bucket_policy, Bucket="boto", Policy="{not json") == ("MalformedPolicy", 400)
assert error_code(s3.get_bucket_website, Bucket="boto") == ("NoSuchWebsiteConfiguration", 404)
s3.put_bucket_website(Bucket="boto", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
assert s3.get_bucket_website(Bucket="boto")["IndexDocument"]["Suffix"] == "index.html"
assert s3.get_bucket_encryption(Bucket="boto")["ServerSideEncryptionConfiguration"]["Rules"][0][
    "ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
assert s3.get_public_access_block(Bucket="boto")["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
assert s3.get_bucket_ownership_controls(Bucket="boto")["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced"
s3.put_bucket_request_payment(Bucket="boto", RequestPaymentConfiguration={"Payer": "Requester"})
assert s3.get_bucket_request_payment(Bucket="boto")["Payer"] == "Requester"
s3.put_bucket_notification_configuration(Bucket="boto", SkipDestinationValidation=True, NotificationConfiguration={
    "TopicConfigurations": [{"TopicArn": "arn:aws:sns:us-east-1:000000000000:t", "Events": ["s3:ObjectRemoved:*"]}]})
assert s3.get_bucket_notification_configuration(Bucket="boto")["TopicConfigurations"][0]["Events"] == ["s3:ObjectRemoved:*"]
assert s3.get_bucket_location(Bucket="boto")["LocationConstraint"] is None

# Multipart by hand: part order and size rules, ListParts, abort
# (API_CompleteMultipartUpload.html).
mpu = s3.create_multipart_upload(Bucket="boto", Key="m")["UploadId"]
e1 = s3.upload_part(Bucket="boto", Key="m", UploadId=mpu, PartNumber=1, Body=b"a")["ETag"]
e2 = s3.upload_part(Bucket="boto", Key="m", UploadId=mpu, PartNumber=2, Body=b"b")["ETag"]
assert [p["PartNumber"] for p in s3.list_parts(Bucket="boto", Key="m", UploadId=mpu)["Parts"]] == [1, 2]
assert error_code(s3.complete_multipart_upload, Bucket="boto", Key="m", UploadId=mpu, MultipartUpload={"Parts": [
    {"PartNumber": 2, "ETag": e2}, {"PartNumber": 1, "ETag": e1}]}) == ("InvalidPartOrder", 400)
assert error_code(s3.complete_multipart_upload, Bucket="boto", Key="m", UploadId=mpu, MultipartUpload={"Parts": [
    {"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]}) == ("EntityTooSmall", 400)
assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket="boto")["Uploads"]] == [mpu]
s3.abort_multipart_upload(Bucket="boto", Key="m", UploadId=mpu)
assert error_code(s3.list_parts, Bucket="boto", Key="m", UploadId=mpu) == ("NoSuchUpload", 404)

# Presigned URLs are accepted (LocalStack's default).
url = s3.generate_presigned_url("put_object", Params={"Bucket": "boto", "Key": "pre ü.txt"}, ExpiresIn=60)
urllib.request.urlopen(urllib.request.Request(url, data=b"presigned", method="PUT")).read()
url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto", "Key": "pre ü.txt"}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == b"presigned"

print("ok")
