package iam_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

const allowS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// Users, groups, managed policies with versions, attachments and inline
// policies through the real gateway (IAM API Reference for each operation).
func TestSDKUsersGroupsPolicies(t *testing.T) {
	u := newServer(t, nil)
	c := iam.NewFromConfig(sdkConfig(u, "123456789012", "x", ""))
	cu, err := c.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("alice"), Path: aws.String("/dev/"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
	if err != nil {
		t.Fatal(err)
	}
	// IAM User Guide, "IAM identifiers": arn:aws:iam::<account>:user/<path><name>, ids start AIDA.
	if aws.ToString(cu.User.Arn) != "arn:aws:iam::123456789012:user/dev/alice" || !strings.HasPrefix(aws.ToString(cu.User.UserId), "AIDA") {
		t.Fatalf("%+v", cu.User)
	}
	// CreateUser on an existing name: 409 EntityAlreadyExists.
	if _, err := c.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("ALICE")}); apiCode(err) != "EntityAlreadyExists" {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.GetUser(ctx(t), &iam.GetUserInput{UserName: aws.String("nobody")}); apiCode(err) != "NoSuchEntity" ||
		apiMessage(err) != "The user with name nobody cannot be found." {
		t.Fatalf("missing user: %v", err)
	}
	if _, err := c.CreateGroup(ctx(t), &iam.CreateGroupInput{GroupName: aws.String("devs")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddUserToGroup(ctx(t), &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	gg, err := c.GetGroup(ctx(t), &iam.GetGroupInput{GroupName: aws.String("devs")})
	if err != nil || len(gg.Users) != 1 || aws.ToString(gg.Users[0].UserName) != "alice" {
		t.Fatalf("group: %v %v", gg, err)
	}
	// Policy documents: MalformedPolicyDocument with AWS's messages.
	for doc, msg := range map[string]string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`:                     "Policy statement must contain resources.",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}`:                      "Policy statement must contain actions.",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}`:        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]}`: `Resource bucket must be in ARN format or "*".`,
		`not json`: "Syntax errors in policy.",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`: "Policy document should not specify a principal.",
	} {
		_, err := c.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("bad"), PolicyDocument: aws.String(doc)})
		if apiCode(err) != "MalformedPolicyDocument" || apiMessage(err) != msg {
			t.Errorf("%s: %v", doc, err)
		}
	}
	cp, err := c.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("s3all"), PolicyDocument: aws.String(allowS3)})
	if err != nil {
		t.Fatal(err)
	}
	pArn := cp.Policy.Arn
	if aws.ToString(pArn) != "arn:aws:iam::123456789012:policy/s3all" || aws.ToString(cp.Policy.DefaultVersionId) != "v1" {
		t.Fatalf("%+v", cp.Policy)
	}
	// Up to five versions (IAM API Reference, CreatePolicyVersion: LimitExceeded).
	for i := 2; i <= 5; i++ {
		if _, err := c.CreatePolicyVersion(ctx(t), &iam.CreatePolicyVersionInput{PolicyArn: pArn, PolicyDocument: aws.String(allowS3), SetAsDefault: i == 3}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreatePolicyVersion(ctx(t), &iam.CreatePolicyVersionInput{PolicyArn: pArn, PolicyDocument: aws.String(allowS3)}); apiCode(err) != "LimitExceeded" {
		t.Fatalf("sixth version: %v", err)
	}
	if _, err := c.DeletePolicyVersion(ctx(t), &iam.DeletePolicyVersionInput{PolicyArn: pArn, VersionId: aws.String("v3")}); apiCode(err) != "DeleteConflict" {
		t.Fatalf("deleting the default: %v", err)
	}
	gv, err := c.GetPolicyVersion(ctx(t), &iam.GetPolicyVersionInput{PolicyArn: pArn, VersionId: aws.String("v3")})
	if err != nil || !aws.ToBool(&gv.PolicyVersion.IsDefaultVersion) {
		t.Fatal(gv, err)
	}
	// Documents come back URL-encoded (RFC 3986), as IAM returns them.
	if doc, _ := url.QueryUnescape(aws.ToString(gv.PolicyVersion.Document)); doc != allowS3 {
		t.Fatalf("document %q", aws.ToString(gv.PolicyVersion.Document))
	}
	lv, _ := c.ListPolicyVersions(ctx(t), &iam.ListPolicyVersionsInput{PolicyArn: pArn})
	if len(lv.Versions) != 5 || aws.ToString(lv.Versions[0].VersionId) != "v5" {
		t.Fatalf("versions %+v", lv.Versions)
	}
	if _, err := c.AttachGroupPolicy(ctx(t), &iam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: pArn}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachUserPolicy(ctx(t), &iam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachUserPolicy(ctx(t), &iam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String("arn:aws:iam::aws:policy/Nope")}); apiCode(err) != "NoSuchEntity" {
		t.Fatalf("unknown policy: %v", err)
	}
	gp, _ := c.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: pArn})
	if aws.ToInt32(gp.Policy.AttachmentCount) != 1 {
		t.Fatalf("attachments %d", aws.ToInt32(gp.Policy.AttachmentCount))
	}
	if _, err := c.DeletePolicy(ctx(t), &iam.DeletePolicyInput{PolicyArn: pArn}); apiCode(err) != "DeleteConflict" {
		t.Fatalf("delete attached policy: %v", err)
	}
	ents, _ := c.ListEntitiesForPolicy(ctx(t), &iam.ListEntitiesForPolicyInput{PolicyArn: pArn})
	if len(ents.PolicyGroups) != 1 || aws.ToString(ents.PolicyGroups[0].GroupName) != "devs" {
		t.Fatalf("entities %+v", ents)
	}
	if _, err := c.PutUserPolicy(ctx(t), &iam.PutUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("inline"), PolicyDocument: aws.String(allowS3)}); err != nil {
		t.Fatal(err)
	}
	up, err := c.GetUserPolicy(ctx(t), &iam.GetUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("inline")})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := url.QueryUnescape(aws.ToString(up.PolicyDocument)); doc != allowS3 {
		t.Fatal(doc)
	}
	// DeleteUser with attachments: DeleteConflict (IAM API Reference, DeleteUser).
	if _, err := c.DeleteUser(ctx(t), &iam.DeleteUserInput{UserName: aws.String("alice")}); apiCode(err) != "DeleteConflict" {
		t.Fatalf("delete user: %v", err)
	}
	// Access keys: AKIA ids, at most two per user.
	for i := 0; i < 2; i++ {
		k, err := c.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("alice")})
		if err != nil || !strings.HasPrefix(aws.ToString(k.AccessKey.AccessKeyId), "AKIA") || len(aws.ToString(k.AccessKey.SecretAccessKey)) != 40 {
			t.Fatal(k, err)
		}
	}
	if _, err := c.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("alice")}); apiCode(err) != "LimitExceeded" {
		t.Fatalf("third key: %v", err)
	}
	// Paging: MaxItems and Marker.
	for _, n := range []string{"u1", "u2", "u3"} {
		if _, err := c.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String(n)}); err != nil {
			t.Fatal(err)
		}
	}
	p1, _ := c.ListUsers(ctx(t), &iam.ListUsersInput{MaxItems: aws.Int32(2)})
	if len(p1.Users) != 2 || !p1.IsTruncated || p1.Marker == nil {
		t.Fatalf("page 1 %+v", p1)
	}
	p2, _ := c.ListUsers(ctx(t), &iam.ListUsersInput{MaxItems: aws.Int32(2), Marker: p1.Marker})
	if len(p2.Users) != 2 || p2.IsTruncated {
		t.Fatalf("page 2 %+v", p2)
	}
	tags, _ := c.ListUserTags(ctx(t), &iam.ListUserTagsInput{UserName: aws.String("alice")})
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "a" {
		t.Fatalf("tags %+v", tags)
	}
}

// Roles, instance profiles, service-linked roles, and STS sessions that act
// in the role's account on later requests.
func TestSDKRolesAndAssumeRole(t *testing.T) {
	u := newServer(t, nil)
	admin := sdkConfig(u, "111122223333", "x", "")
	c := iam.NewFromConfig(admin)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`
	// A trust policy needs a Principal (MalformedPolicyDocument).
	if _, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(allowS3)}); apiCode(err) != "MalformedPolicyDocument" {
		t.Fatalf("trust without principal: %v", err)
	}
	cr, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("deployer"), AssumeRolePolicyDocument: aws.String(trust), MaxSessionDuration: aws.Int32(7200)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(cr.Role.Arn) != "arn:aws:iam::111122223333:role/deployer" || !strings.HasPrefix(aws.ToString(cr.Role.RoleId), "AROA") {
		t.Fatalf("%+v", cr.Role)
	}
	if _, err := c.CreateInstanceProfile(ctx(t), &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("ip")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddRoleToInstanceProfile(ctx(t), &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("ip"), RoleName: aws.String("deployer")}); err != nil {
		t.Fatal(err)
	}
	ip, err := c.GetInstanceProfile(ctx(t), &iam.GetInstanceProfileInput{InstanceProfileName: aws.String("ip")})
	if err != nil || len(ip.InstanceProfile.Roles) != 1 {
		t.Fatal(ip, err)
	}
	if _, err := c.DeleteRole(ctx(t), &iam.DeleteRoleInput{RoleName: aws.String("deployer")}); apiCode(err) != "DeleteConflict" {
		t.Fatalf("delete role in profile: %v", err)
	}
	sl, err := c.CreateServiceLinkedRole(ctx(t), &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("elasticbeanstalk.amazonaws.com")})
	// IAM User Guide, "Using service-linked roles": path /aws-service-role/<service>/, name AWSServiceRoleFor<Service>.
	if err != nil || aws.ToString(sl.Role.Path) != "/aws-service-role/elasticbeanstalk.amazonaws.com/" || aws.ToString(sl.Role.RoleName) != "AWSServiceRoleForElasticBeanstalk" {
		t.Fatal(sl, err)
	}
	// Assume the role from another account's "test" credentials.
	s := sts.NewFromConfig(sdkConfig(u, "test", "test", ""))
	ar, err := s.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: cr.Role.Arn, RoleSessionName: aws.String("ci"), DurationSeconds: aws.Int32(7200)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(ar.AssumedRoleUser.AssumedRoleId) != aws.ToString(cr.Role.RoleId)+":ci" {
		t.Fatalf("assumed id %s", aws.ToString(ar.AssumedRoleUser.AssumedRoleId))
	}
	if _, err := s.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: cr.Role.Arn, RoleSessionName: aws.String("ci"), DurationSeconds: aws.Int32(7201)}); apiCode(err) != "ValidationError" {
		t.Fatalf("beyond MaxSessionDuration: %v", err)
	}
	creds := ar.Credentials
	sess := sts.NewFromConfig(sdkConfig(u, aws.ToString(creds.AccessKeyId), aws.ToString(creds.SecretAccessKey), aws.ToString(creds.SessionToken)))
	id, err := sess.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	// STS API Reference, GetCallerIdentity: assumed-role ARN and <RoleId>:<session>; the account is the role's.
	if aws.ToString(id.Account) != "111122223333" || aws.ToString(id.Arn) != "arn:aws:sts::111122223333:assumed-role/deployer/ci" ||
		aws.ToString(id.UserId) != aws.ToString(cr.Role.RoleId)+":ci" {
		t.Fatalf("%s %s %s", aws.ToString(id.Account), aws.ToString(id.Arn), aws.ToString(id.UserId))
	}
	// Requests with the session act in that account: its IAM sees the role.
	if _, err := iam.NewFromConfig(sdkConfig(u, aws.ToString(creds.AccessKeyId), aws.ToString(creds.SecretAccessKey), aws.ToString(creds.SessionToken))).
		GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("deployer")}); err != nil {
		t.Fatal(err)
	}
	info, err := s.GetAccessKeyInfo(ctx(t), &sts.GetAccessKeyInfoInput{AccessKeyId: creds.AccessKeyId})
	if err != nil || aws.ToString(info.Account) != "111122223333" {
		t.Fatal(info, err)
	}
}

// The simulator evaluates the policy language: explicit deny wins,
// NotAction, resource wildcards, conditions (IAM User Guide, "Policy
// evaluation logic" and "IAM JSON policy elements: Condition operators").
func TestSDKSimulate(t *testing.T) {
	u := newServer(t, nil)
	c := iam.NewFromConfig(sdkConfig(u, "test", "test", ""))
	policy := `{"Version":"2012-10-17","Statement":[
	 {"Sid":"all","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::data-*"},
	 {"Sid":"nodelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
	 {"Effect":"Allow","NotAction":["iam:*","s3:*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"},"Bool":{"aws:SecureTransport":"true"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
	 {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"NumericLessThan":{"sqs:DelaySeconds":"10"},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]}`
	cases := []struct {
		action, resource, want string
		ctxs                   []types.ContextEntry
	}{
		{"s3:GetObject", "arn:aws:s3:::data-1/key", "allowed", nil},
		{"s3:GetObject", "arn:aws:s3:::other/key", "implicitDeny", nil},
		{"s3:DeleteObject", "arn:aws:s3:::data-1/key", "explicitDeny", nil},
		{"iam:CreateUser", "*", "implicitDeny", nil},
		{"ec2:RunInstances", "*", "allowed", []types.ContextEntry{
			{ContextKeyName: aws.String("aws:RequestedRegion"), ContextKeyValues: []string{"eu-west-1"}, ContextKeyType: types.ContextKeyTypeEnumString},
			{ContextKeyName: aws.String("aws:SecureTransport"), ContextKeyValues: []string{"true"}, ContextKeyType: types.ContextKeyTypeEnumBoolean},
			{ContextKeyName: aws.String("aws:SourceIp"), ContextKeyValues: []string{"10.1.2.3"}, ContextKeyType: types.ContextKeyTypeEnumIp}}},
		{"ec2:RunInstances", "*", "implicitDeny", []types.ContextEntry{
			{ContextKeyName: aws.String("aws:RequestedRegion"), ContextKeyValues: []string{"eu-west-1"}, ContextKeyType: types.ContextKeyTypeEnumString},
			{ContextKeyName: aws.String("aws:SecureTransport"), ContextKeyValues: []string{"true"}, ContextKeyType: types.ContextKeyTypeEnumBoolean},
			{ContextKeyName: aws.String("aws:SourceIp"), ContextKeyValues: []string{"192.168.0.1"}, ContextKeyType: types.ContextKeyTypeEnumIp}}},
		{"sqs:SendMessage", "*", "allowed", []types.ContextEntry{
			{ContextKeyName: aws.String("sqs:DelaySeconds"), ContextKeyValues: []string{"5"}, ContextKeyType: types.ContextKeyTypeEnumNumeric},
			{ContextKeyName: aws.String("aws:CurrentTime"), ContextKeyValues: []string{"2026-01-01T00:00:00Z"}, ContextKeyType: types.ContextKeyTypeEnumDate}}},
		{"sqs:SendMessage", "*", "implicitDeny", []types.ContextEntry{
			{ContextKeyName: aws.String("sqs:DelaySeconds"), ContextKeyValues: []string{"50"}, ContextKeyType: types.ContextKeyTypeEnumNumeric},
			{ContextKeyName: aws.String("aws:CurrentTime"), ContextKeyValues: []string{"2026-01-01T00:00:00Z"}, ContextKeyType: types.ContextKeyTypeEnumDate}}},
	}
	for _, tc := range cases {
		out, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{policy}, ActionNames: []string{tc.action},
			ResourceArns: []string{tc.resource}, ContextEntries: tc.ctxs})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(out.EvaluationResults[0].EvalDecision); got != tc.want {
			t.Errorf("%s on %s: %s, want %s", tc.action, tc.resource, got, tc.want)
		}
	}
	// Missing condition keys are reported (SimulateCustomPolicy MissingContextValues).
	out, _ := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{policy}, ActionNames: []string{"sqs:SendMessage"}})
	if len(out.EvaluationResults[0].MissingContextValues) == 0 {
		t.Error("no missing context values")
	}
	// SimulatePrincipalPolicy: a user's own, group and managed policies.
	if _, err := c.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("sim")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachUserPolicy(ctx(t), &iam.AttachUserPolicyInput{UserName: aws.String("sim"), PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonSQSFullAccess")}); err != nil {
		t.Fatal(err)
	}
	sp, err := c.SimulatePrincipalPolicy(ctx(t), &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::000000000000:user/sim"),
		ActionNames: []string{"sqs:SendMessage", "s3:GetObject"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(sp.EvaluationResults[0].EvalDecision) != "allowed" || string(sp.EvaluationResults[1].EvalDecision) != "implicitDeny" ||
		aws.ToString(sp.EvaluationResults[0].MatchedStatements[0].SourcePolicyId) != "arn:aws:iam::aws:policy/AmazonSQSFullAccess" {
		t.Fatalf("%+v", sp.EvaluationResults)
	}
}
