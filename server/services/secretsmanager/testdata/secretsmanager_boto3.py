"""Secrets Manager through boto3 (run by TestBoto3 in secretsmanager_test).

Expected values: Secrets Manager API Reference (CreateSecret, PutSecretValue,
UpdateSecretVersionStage, GetSecretValue, DeleteSecret, RestoreSecret,
GetRandomPassword) and the User Guide ("How rotation works": the new version
is AWSPENDING until finishSecret moves AWSCURRENT to it; the old version
becomes AWSPREVIOUS; "Secret ARN": name, hyphen, six random characters).
"""
import os
import re
import unittest

import boto3
from botocore.exceptions import ClientError


def client():
    return boto3.client("secretsmanager", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


class SecretsManagerTest(unittest.TestCase):
    def setUp(self):
        self.sm = client()

    def code(self, ctx):
        return ctx.exception.response["Error"]["Code"]

    def test_rotation_flow(self):
        v1 = self.sm.create_secret(Name="boto/rotating", SecretString="one")
        self.assertRegex(v1["ARN"], r"^arn:aws:secretsmanager:us-east-1:000000000000:secret:boto/rotating-[A-Za-z0-9]{6}$")
        rot = self.sm.rotate_secret(SecretId="boto/rotating",
                                    RotationLambdaARN="arn:aws:lambda:us-east-1:000000000000:function:r",
                                    RotationRules={"AutomaticallyAfterDays": 7})
        new = rot["VersionId"]
        self.sm.put_secret_value(SecretId="boto/rotating", ClientRequestToken=new, SecretString="two",
                                 VersionStages=["AWSPENDING"])
        self.assertEqual(self.sm.get_secret_value(SecretId="boto/rotating")["SecretString"], "one")
        self.sm.update_secret_version_stage(SecretId="boto/rotating", VersionStage="AWSCURRENT",
                                            MoveToVersionId=new, RemoveFromVersionId=v1["VersionId"])
        cur = self.sm.get_secret_value(SecretId="boto/rotating")
        prev = self.sm.get_secret_value(SecretId="boto/rotating", VersionStage="AWSPREVIOUS")
        self.assertEqual((cur["SecretString"], cur["VersionId"]), ("two", new))
        self.assertEqual((prev["SecretString"], prev["VersionId"]), ("one", v1["VersionId"]))
        stages = self.sm.describe_secret(SecretId="boto/rotating")["VersionIdsToStages"]
        self.assertEqual(sorted(stages[new]), ["AWSCURRENT", "AWSPENDING"])
        self.assertEqual(stages[v1["VersionId"]], ["AWSPREVIOUS"])

    def test_delete_restore(self):
        self.sm.create_secret(Name="boto/temp", SecretBinary=b"\x01\x02")
        self.assertEqual(self.sm.get_secret_value(SecretId="boto/temp")["SecretBinary"], b"\x01\x02")
        with self.assertRaises(ClientError) as ctx:
            self.sm.delete_secret(SecretId="boto/temp", RecoveryWindowInDays=31)
        self.assertEqual(self.code(ctx), "InvalidParameterException")
        self.sm.delete_secret(SecretId="boto/temp", RecoveryWindowInDays=7)
        with self.assertRaises(ClientError) as ctx:
            self.sm.get_secret_value(SecretId="boto/temp")
        self.assertEqual(self.code(ctx), "InvalidRequestException")
        self.sm.restore_secret(SecretId="boto/temp")
        self.sm.delete_secret(SecretId="boto/temp", ForceDeleteWithoutRecovery=True)
        with self.assertRaises(ClientError) as ctx:
            self.sm.describe_secret(SecretId="boto/temp")
        self.assertEqual(self.code(ctx), "ResourceNotFoundException")

    def test_random_password(self):
        pw = self.sm.get_random_password(PasswordLength=20, ExcludeNumbers=True)["RandomPassword"]
        self.assertEqual(len(pw), 20)
        self.assertIsNone(re.search(r"[0-9]", pw))


if __name__ == "__main__":
    unittest.main()
