package iam_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// IAM entities and STS sessions survive export, reset and import
// (LocalStack's /_localstack/pods/state and /_localstack/pods endpoints):
// after import the user's key and the role session still resolve.
func TestStateExportResetImport(t *testing.T) {
	u := newServer(t, map[string]string{"PERSISTENCE": "0"})
	admin := sdkConfig(u, "444455556666", "x", "")
	ic := iam.NewFromConfig(admin)
	if _, err := ic.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("keeper")}); err != nil {
		t.Fatal(err)
	}
	k, err := ic.CreateAccessKey(ctx(t), &iam.CreateAccessKeyInput{UserName: aws.String("keeper")})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	r, err := ic.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("kept"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ic.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(allowS3)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ic.CreatePolicyVersion(ctx(t), &iam.CreatePolicyVersionInput{PolicyArn: cp.Policy.Arn, PolicyDocument: aws.String(allowS3), SetAsDefault: true}); err != nil {
		t.Fatal(err)
	}
	ar, err := sts.NewFromConfig(admin).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: r.Role.Arn, RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	code, snap := httpDo(t, "GET", u+"/_localstack/pods/state", nil)
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	if code, body := httpDo(t, "POST", u+"/_localstack/state/reset", nil); code != 200 || !strings.Contains(string(body), `"iam"`) {
		t.Fatalf("reset %d %s", code, body)
	}
	if _, err := ic.GetUser(ctx(t), &iam.GetUserInput{UserName: aws.String("keeper")}); apiCode(err) != "NoSuchEntity" {
		t.Fatalf("user after reset: %v", err)
	}
	if code, body := httpDo(t, "POST", u+"/_localstack/pods", snap); code != 200 || strings.Contains(string(body), "error") {
		t.Fatalf("import %d %s", code, body)
	}
	gp, err := ic.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: cp.Policy.Arn})
	if err != nil || aws.ToString(gp.Policy.DefaultVersionId) != "v2" {
		t.Fatalf("policy after import: %v %v", gp, err)
	}
	who, err := sts.NewFromConfig(sdkConfig(u, aws.ToString(k.AccessKey.AccessKeyId), "s", "")).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::444455556666:user/keeper" {
		t.Fatalf("user key after import: %v %v", who, err)
	}
	c := ar.Credentials
	who, err = sts.NewFromConfig(sdkConfig(u, aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))).
		GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::444455556666:assumed-role/kept/s1" || aws.ToString(who.Account) != "444455556666" {
		t.Fatalf("session after import: %v %v", who, err)
	}
}
