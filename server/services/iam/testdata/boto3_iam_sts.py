"""boto3 against the emulator: IAM and STS (run by boto3_test.go).

Expected values come from the IAM and STS API references (see each test).
ENDPOINT is the emulator URL, passed in the environment.
"""
import json
import os
import unittest

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENDPOINT"]


def client(name, key="test", secret="test", token=None):
    return boto3.client(name, endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)


POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


class IAMTest(unittest.TestCase):
    def setUp(self):
        self.iam = client("iam", "222233334444")

    def test_role_and_policy_documents_decoded(self):
        # botocore decodes the URL-encoded documents IAM returns (IAM API
        # Reference, GetRole: AssumeRolePolicyDocument is URL-encoded).
        self.iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(TRUST), Description="d")
        role = self.iam.get_role(RoleName="fn")["Role"]
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST)
        self.assertEqual(role["Arn"], "arn:aws:iam::222233334444:role/fn")
        self.assertEqual(role["MaxSessionDuration"], 3600)
        self.iam.put_role_policy(RoleName="fn", PolicyName="inline", PolicyDocument=json.dumps(POLICY))
        self.assertEqual(self.iam.get_role_policy(RoleName="fn", PolicyName="inline")["PolicyDocument"], POLICY)
        self.assertEqual(self.iam.list_role_policies(RoleName="fn")["PolicyNames"], ["inline"])
        arn = self.iam.create_policy(PolicyName="p", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
        self.iam.attach_role_policy(RoleName="fn", PolicyArn=arn)
        attached = self.iam.list_attached_role_policies(RoleName="fn")["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "p", "PolicyArn": arn}])
        version = self.iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version["Document"], POLICY)
        self.assertTrue(version["IsDefaultVersion"])

    def test_errors(self):
        with self.assertRaises(ClientError) as e:
            self.iam.get_role(RoleName="missing")
        self.assertEqual(e.exception.response["Error"]["Code"], "NoSuchEntity")
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        with self.assertRaises(ClientError) as e:
            self.iam.create_policy(PolicyName="bad", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}')
        self.assertEqual(e.exception.response["Error"]["Code"], "MalformedPolicyDocument")
        self.assertEqual(e.exception.response["Error"]["Message"], "Policy statement must contain resources.")

    def test_account_settings(self):
        self.iam.create_account_alias(AccountAlias="my-alias")
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], ["my-alias"])
        self.iam.update_account_password_policy(MinimumPasswordLength=12, RequireNumbers=True)
        policy = self.iam.get_account_password_policy()["PasswordPolicy"]
        self.assertEqual(policy["MinimumPasswordLength"], 12)
        self.assertTrue(policy["RequireNumbers"])
        self.iam.create_user(UserName="pw")
        with self.assertRaises(ClientError) as e:
            self.iam.create_login_profile(UserName="pw", Password="short")
        self.assertEqual(e.exception.response["Error"]["Code"], "PasswordPolicyViolation")
        oidc = self.iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com",
                                                       ClientIDList=["sts.amazonaws.com"], ThumbprintList=["a" * 40])
        self.assertEqual(oidc["OpenIDConnectProviderArn"],
                         "arn:aws:iam::222233334444:oidc-provider/token.actions.githubusercontent.com")
        got = self.iam.get_open_id_connect_provider(OpenIDConnectProviderArn=oidc["OpenIDConnectProviderArn"])
        self.assertEqual(got["ClientIDList"], ["sts.amazonaws.com"])
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["Users"], 1)


class IAMBreadthTest(unittest.TestCase):
    """One call per area, to check every response parses in botocore."""

    def test_breadth(self):
        iam = client("iam", "888899990000")
        iam.create_user(UserName="wide", Tags=[{"Key": "k", "Value": "v"}])
        iam.create_group(GroupName="g")
        iam.add_user_to_group(GroupName="g", UserName="wide")
        iam.put_group_policy(GroupName="g", PolicyName="gp", PolicyDocument=json.dumps(POLICY))
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
        iam.create_instance_profile(InstanceProfileName="ip")
        iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="r")
        details = iam.get_account_authorization_details()
        self.assertEqual(details["UserDetailList"][0]["GroupList"], ["g"])
        self.assertEqual(details["GroupDetailList"][0]["GroupPolicyList"][0]["PolicyDocument"], POLICY)
        self.assertEqual(details["RoleDetailList"][0]["InstanceProfileList"][0]["InstanceProfileName"], "ip")
        self.assertEqual(iam.list_groups_for_user(UserName="wide")["Groups"][0]["GroupName"], "g")
        self.assertEqual(iam.list_instance_profiles_for_role(RoleName="r")["InstanceProfiles"][0]["InstanceProfileName"], "ip")
        mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="dev")["VirtualMFADevice"]
        self.assertEqual(mfa["SerialNumber"], "arn:aws:iam::888899990000:mfa/dev")
        iam.enable_mfa_device(UserName="wide", SerialNumber=mfa["SerialNumber"], AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
        self.assertEqual(iam.list_mfa_devices(UserName="wide")["MFADevices"][0]["SerialNumber"], mfa["SerialNumber"])
        self.assertEqual(len(iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]), 1)
        saml = iam.create_saml_provider(Name="corp", SAMLMetadataDocument="<md/>" * 200)["SAMLProviderArn"]
        self.assertEqual(saml, "arn:aws:iam::888899990000:saml-provider/corp")
        self.assertEqual(iam.list_saml_providers()["SAMLProviderList"][0]["Arn"], saml)
        self.assertEqual(iam.generate_credential_report()["State"], "STARTED")
        report = iam.get_credential_report()
        self.assertTrue(report["Content"].startswith(b"user,arn,"))
        sim = iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::888899990000:user/wide",
                                            ActionNames=["s3:GetObject", "sqs:SendMessage"])
        self.assertEqual([r["EvalDecision"] for r in sim["EvaluationResults"]], ["allowed", "implicitDeny"])
        self.assertEqual(sim["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyType"], "group")
        keys = iam.get_context_keys_for_custom_policy(PolicyInputList=[json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "x"}}}]})])
        self.assertEqual(keys["ContextKeyNames"], ["aws:username"])
        slr = iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")["Role"]
        self.assertEqual(slr["RoleName"], "AWSServiceRoleForECS")
        task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")["DeletionTaskId"]
        self.assertEqual(iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"], "SUCCEEDED")
        self.assertEqual(iam.list_user_tags(UserName="wide")["Tags"], [{"Key": "k", "Value": "v"}])
        iam.untag_user(UserName="wide", TagKeys=["K"])
        self.assertEqual(iam.list_user_tags(UserName="wide")["Tags"], [])


class STSTest(unittest.TestCase):
    def test_assume_role_and_caller_identity(self):
        iam = client("iam", "555566667777")
        role = iam.create_role(RoleName="ci", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
        sts = client("sts")
        out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="build-1", DurationSeconds=900)
        creds = out["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        who = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).get_caller_identity()
        # STS API Reference, GetCallerIdentity: assumed-role ARN, UserId <RoleId>:<session>.
        self.assertEqual(who["Account"], "555566667777")
        self.assertEqual(who["Arn"], "arn:aws:sts::555566667777:assumed-role/ci/build-1")
        self.assertEqual(who["UserId"], role["RoleId"] + ":build-1")

    def test_user_keys_and_session_token(self):
        iam = client("iam", "555566667777")
        iam.create_user(UserName="bot")
        key = iam.create_access_key(UserName="bot")["AccessKey"]
        sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
        who = sts.get_caller_identity()
        self.assertEqual(who["Arn"], "arn:aws:iam::555566667777:user/bot")
        self.assertEqual(who["Account"], "555566667777")
        token = sts.get_session_token(DurationSeconds=1800)["Credentials"]
        self.assertTrue(token["AccessKeyId"].startswith("ASIA"))
        info = client("sts").get_access_key_info(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(info["Account"], "555566667777")


if __name__ == "__main__":
    unittest.main()
