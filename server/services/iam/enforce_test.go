package iam_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func httpStatus(err error) int {
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// enforcementFixture creates a bucket pair, a queue, a table and a user
// whose policy allows part of them; it returns the user's config.
func enforcementFixture(t *testing.T, u string) (admin, user aws.Config, queueURL string) {
	admin = sdkConfig(u, "test", "test", "")
	s3c := s3.NewFromConfig(admin, func(o *s3.Options) { o.UsePathStyle = true })
	for _, b := range []string{"allowed-bkt", "other-bkt"} {
		if _, err := s3c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	q, err := sqs.NewFromConfig(admin).CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("jobs")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dynamodb.NewFromConfig(admin).CreateTable(ctx(t), &dynamodb.CreateTableInput{TableName: aws.String("items"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest}); err != nil {
		t.Fatal(err)
	}
	ic := iam.NewFromConfig(admin)
	if _, err := ic.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("dev")}); err != nil {
		t.Fatal(err)
	}
	policy := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::allowed-bkt/*"},
	 {"Effect":"Allow","Action":"sqs:*","Resource":"*"},
	 {"Effect":"Deny","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:jobs"},
	 {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:*:*:table/items"}]}`
	if _, err := ic.PutUserPolicy(ctx(t), &iam.PutUserPolicyInput{UserName: aws.String("dev"), PolicyName: aws.String("p"), PolicyDocument: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	k, err := ic.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("dev")})
	if err != nil {
		t.Fatal(err)
	}
	return admin, sdkConfig(u, aws.ToString(k.AccessKey.AccessKeyId), aws.ToString(k.AccessKey.SecretAccessKey), ""), aws.ToString(q.QueueUrl)
}

// ENFORCE_IAM=1: requests signed with an IAM user's keys are evaluated
// against its identity policies; denials are 403 with each protocol's code
// (S3 and SQS AccessDenied, DynamoDB AccessDeniedException) and AWS's
// message "User: <arn> is not authorized to perform: <action> on resource:
// <arn> because ..." (IAM User Guide, "Troubleshoot access denied error messages").
func TestEnforceIAM(t *testing.T) {
	u := newServer(t, map[string]string{"ENFORCE_IAM": "1"})
	admin, user, queueURL := enforcementFixture(t, u)
	s3u := s3.NewFromConfig(user, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3u.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("allowed-bkt"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatalf("allowed put: %v", err)
	}
	_, err := s3u.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("other-bkt"), Key: aws.String("k"), Body: strings.NewReader("x")})
	want := `User: arn:aws:iam::000000000000:user/dev is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::other-bkt/k" because no identity-based policy allows the s3:PutObject action`
	if apiCode(err) != "AccessDenied" || apiMessage(err) != want || httpStatus(err) != http.StatusForbidden {
		t.Fatalf("s3 denial: %d %v", httpStatus(err), err)
	}
	sq := sqs.NewFromConfig(user)
	if _, err := sq.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: &queueURL}); err != nil {
		t.Fatalf("allowed sqs: %v", err)
	}
	_, err = sq.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: aws.String("m")})
	if apiCode(err) != "AccessDenied" || !strings.HasSuffix(apiMessage(err), "with an explicit deny in an identity-based policy") || httpStatus(err) != http.StatusForbidden {
		t.Fatalf("sqs denial: %v", err)
	}
	db := dynamodb.NewFromConfig(user)
	key := map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "1"}}
	if _, err := db.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key}); err != nil {
		t.Fatalf("allowed get: %v", err)
	}
	_, err = db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("items"), Item: key})
	if apiCode(err) != "AccessDeniedException" || !strings.Contains(apiMessage(err), "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/items") {
		t.Fatalf("dynamodb denial: %v", err)
	}
	// Keys the emulator did not issue stay unrestricted (LocalStack behaviour).
	if _, err := dynamodb.NewFromConfig(admin).PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("items"), Item: key}); err != nil {
		t.Fatal(err)
	}
	// Assumed-role sessions are evaluated against the role's policies.
	ic := iam.NewFromConfig(admin)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	r, err := ic.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("writer"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ic.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("writer"), PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess")}); err != nil {
		t.Fatal(err)
	}
	ar, err := sts.NewFromConfig(admin).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: r.Role.Arn, RoleSessionName: aws.String("w1")})
	if err != nil {
		t.Fatal(err)
	}
	rc := sdkConfig(u, aws.ToString(ar.Credentials.AccessKeyId), aws.ToString(ar.Credentials.SecretAccessKey), aws.ToString(ar.Credentials.SessionToken))
	if _, err := dynamodb.NewFromConfig(rc).PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("items"), Item: key}); err != nil {
		t.Fatalf("role put: %v", err)
	}
	_, err = s3.NewFromConfig(rc, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if apiCode(err) != "AccessDenied" || !strings.Contains(apiMessage(err), "User: arn:aws:sts::000000000000:assumed-role/writer/w1 is not authorized to perform: s3:ListAllMyBuckets") {
		t.Fatalf("role s3: %v", err)
	}
	// GetCallerIdentity needs no permission.
	if _, err := sts.NewFromConfig(user).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	// A deactivated key is refused.
	lk, _ := ic.ListAccessKeys(ctx(t), &iam.ListAccessKeysInput{UserName: aws.String("dev")})
	if _, err := ic.UpdateAccessKey(ctx(t), &iam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: lk.AccessKeyMetadata[0].AccessKeyId, Status: "Inactive"}); err != nil {
		t.Fatal(err)
	}
	// An Inactive key: 403 InvalidClientTokenId (STS API Reference, Common Errors).
	if _, err := db.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key}); httpStatus(err) != http.StatusForbidden ||
		apiCode(err) != "InvalidClientTokenId" {
		t.Fatalf("inactive key: %v", err)
	}
}

// Enforcement is off by default: the same user may do anything.
func TestEnforceIAMOffByDefault(t *testing.T) {
	u := newServer(t, nil)
	_, user, queueURL := enforcementFixture(t, u)
	if _, err := s3.NewFromConfig(user, func(o *s3.Options) { o.UsePathStyle = true }).PutObject(ctx(t),
		&s3.PutObjectInput{Bucket: aws.String("other-bkt"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := sqs.NewFromConfig(user).SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: aws.String("m")}); err != nil {
		t.Fatal(err)
	}
}

// With ENFORCE_IAM, AssumeRole by an emulator-issued principal needs
// sts:AssumeRole on the role in its identity policies and the role's trust
// policy to name it (IAM User Guide, "Granting a user permissions to
// switch roles"); sts:ExternalId conditions apply.
func TestEnforceTrustPolicy(t *testing.T) {
	u := newServer(t, map[string]string{"ENFORCE_IAM": "1"})
	admin := sdkConfig(u, "test", "test", "")
	ic := iam.NewFromConfig(admin)
	if _, err := ic.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("ops")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ic.PutUserPolicy(ctx(t), &iam.PutUserPolicyInput{UserName: aws.String("ops"), PolicyName: aws.String("assume"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::000000000000:role/*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	k, err := ic.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("ops")})
	if err != nil {
		t.Fatal(err)
	}
	trusts := map[string]string{
		"trusting": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/ops"},"Action":"sts:AssumeRole"}]}`,
		"account":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"secret"}}}]}`,
		"strict":   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
	}
	for name, doc := range trusts {
		if _, err := ic.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(doc)}); err != nil {
			t.Fatal(err)
		}
	}
	s := sts.NewFromConfig(sdkConfig(u, aws.ToString(k.AccessKey.AccessKeyId), aws.ToString(k.AccessKey.SecretAccessKey), ""))
	assume := func(role, external string) error {
		in := &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/" + role), RoleSessionName: aws.String("ops")}
		if external != "" {
			in.ExternalId = aws.String(external)
		}
		_, err := s.AssumeRole(ctx(t), in)
		return err
	}
	if err := assume("trusting", ""); err != nil {
		t.Fatalf("trusting: %v", err)
	}
	if err := assume("account", "secret"); err != nil {
		t.Fatalf("account with external id: %v", err)
	}
	if err := assume("account", "wrong"); apiCode(err) != "AccessDenied" {
		t.Fatalf("wrong external id: %v", err)
	}
	err = assume("strict", "")
	if apiCode(err) != "AccessDenied" || apiMessage(err) != "User: arn:aws:iam::000000000000:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/strict" {
		t.Fatalf("strict: %v", err)
	}
	// Identity policy scope: a role in another account is not allowed.
	_, err = s.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111111111111:role/x"), RoleSessionName: aws.String("ops")})
	if apiCode(err) != "AccessDenied" {
		t.Fatalf("other account: %v", err)
	}
	// Keys the emulator did not issue are never checked (LocalStack behaviour).
	if _, err := sts.NewFromConfig(admin).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/strict"), RoleSessionName: aws.String("x1")}); err != nil {
		t.Fatal(err)
	}
}
