"""SSM Parameter Store through boto3 (run by TestBoto3 in ssm_test).

Expected values: Systems Manager API Reference (PutParameter,
GetParameter — ParameterNotFound, ParameterAlreadyExists;
GetParametersByPath) and the User Guide ("How AWS Systems Manager Parameter
Store uses AWS KMS": SecureString encrypted with alias/aws/ssm by default;
"Working with parameter labels"; "Discovering public parameters").
"""
import os
import unittest

import boto3
from botocore.exceptions import ClientError

KW = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")


class SSMTest(unittest.TestCase):
    def setUp(self):
        self.ssm = boto3.client("ssm", **KW)

    def code(self, ctx):
        return ctx.exception.response["Error"]["Code"]

    def test_secure_string_round_trip(self):
        self.ssm.put_parameter(Name="/boto/secret", Value="pa55", Type="SecureString")
        raw = self.ssm.get_parameter(Name="/boto/secret")["Parameter"]
        self.assertNotEqual(raw["Value"], "pa55")
        dec = self.ssm.get_parameter(Name="/boto/secret", WithDecryption=True)["Parameter"]
        self.assertEqual((dec["Value"], dec["Type"], dec["Version"]), ("pa55", "SecureString", 1))
        meta = self.ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/boto/secret"]}])
        self.assertEqual(meta["Parameters"][0]["KeyId"], "alias/aws/ssm")

    def test_versions_labels_paths(self):
        self.ssm.put_parameter(Name="/boto/app/level", Value="debug", Type="String")
        with self.assertRaises(ClientError) as ctx:
            self.ssm.put_parameter(Name="/boto/app/level", Value="info", Type="String")
        self.assertEqual(self.code(ctx), "ParameterAlreadyExists")
        self.ssm.put_parameter(Name="/boto/app/level", Value="info", Type="String", Overwrite=True)
        self.ssm.label_parameter_version(Name="/boto/app/level", ParameterVersion=1, Labels=["old"])
        self.assertEqual(self.ssm.get_parameter(Name="/boto/app/level:old")["Parameter"]["Value"], "debug")
        self.assertEqual(self.ssm.get_parameter(Name="/boto/app/level:2")["Parameter"]["Value"], "info")
        self.ssm.put_parameter(Name="/boto/app/hosts", Value="a,b", Type="StringList")
        names = [p["Name"] for p in self.ssm.get_parameters_by_path(Path="/boto/app", Recursive=True)["Parameters"]]
        self.assertEqual(sorted(names), ["/boto/app/hosts", "/boto/app/level"])
        top = [p["Name"] for p in self.ssm.get_parameters_by_path(Path="/boto")["Parameters"]]
        self.assertFalse([n for n in top if n.startswith("/boto/app/")])
        with self.assertRaises(ClientError) as ctx:
            self.ssm.get_parameter(Name="/boto/none")
        self.assertEqual(self.code(ctx), "ParameterNotFound")

    def test_public_ami(self):
        p = self.ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        self.assertRegex(p["Parameter"]["Value"], r"^ami-[0-9a-f]{17}$")


if __name__ == "__main__":
    unittest.main()
