"""KMS through boto3 (run by TestBoto3 in kms_test).

Expected values: AWS KMS API Reference (Encrypt, Decrypt — IncorrectKeyException
"The request was rejected because the specified KMS key cannot decrypt the
data", InvalidCiphertextException; GenerateDataKey; Sign/Verify; GenerateMac;
DisableKey → DisabledException) and the Developer Guide ("Key states").
"""
import os
import unittest

import boto3
from botocore.exceptions import ClientError


def client():
    return boto3.client("kms", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


class KMSTest(unittest.TestCase):
    def setUp(self):
        self.kms = client()

    def code(self, ctx):
        return ctx.exception.response["Error"]["Code"]

    def test_ciphertext_bound_to_key(self):
        k1 = self.kms.create_key()["KeyMetadata"]["KeyId"]
        k2 = self.kms.create_key()["KeyMetadata"]["KeyId"]
        blob = self.kms.encrypt(KeyId=k1, Plaintext=b"data", EncryptionContext={"a": "b"})["CiphertextBlob"]
        out = self.kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})
        self.assertEqual(out["Plaintext"], b"data")
        self.assertTrue(out["KeyId"].endswith(":key/" + k1))
        with self.assertRaises(ClientError) as ctx:
            self.kms.decrypt(CiphertextBlob=blob, KeyId=k2, EncryptionContext={"a": "b"})
        self.assertEqual(self.code(ctx), "IncorrectKeyException")
        with self.assertRaises(ClientError) as ctx:
            self.kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "c"})
        self.assertEqual(self.code(ctx), "InvalidCiphertextException")
        with self.assertRaises(ClientError) as ctx:
            self.kms.decrypt(CiphertextBlob=b"\x00" * 64)
        self.assertEqual(self.code(ctx), "InvalidCiphertextException")

    def test_data_key_and_disabled(self):
        k = self.kms.create_key(Description="dk")["KeyMetadata"]["KeyId"]
        self.kms.create_alias(AliasName="alias/boto-dk", TargetKeyId=k)
        dk = self.kms.generate_data_key(KeyId="alias/boto-dk", KeySpec="AES_128")
        self.assertEqual(len(dk["Plaintext"]), 16)
        self.assertEqual(self.kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"], dk["Plaintext"])
        self.kms.disable_key(KeyId=k)
        with self.assertRaises(ClientError) as ctx:
            self.kms.generate_data_key(KeyId=k, KeySpec="AES_256")
        self.assertEqual(self.code(ctx), "DisabledException")
        aliases = [a["AliasName"] for a in self.kms.list_aliases(KeyId=k)["Aliases"]]
        self.assertEqual(aliases, ["alias/boto-dk"])

    def test_sign_verify_and_mac(self):
        k = self.kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        sig = self.kms.sign(KeyId=k, Message=b"msg", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
        self.assertTrue(self.kms.verify(KeyId=k, Message=b"msg", Signature=sig,
                                        SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"])
        with self.assertRaises(ClientError) as ctx:
            self.kms.verify(KeyId=k, Message=b"other", Signature=sig, SigningAlgorithm="ECDSA_SHA_256")
        self.assertEqual(self.code(ctx), "KMSInvalidSignatureException")
        h = self.kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
        mac = self.kms.generate_mac(KeyId=h, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
        self.assertEqual(len(mac), 32)
        self.assertTrue(self.kms.verify_mac(KeyId=h, Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256")["MacValid"])


if __name__ == "__main__":
    unittest.main()
