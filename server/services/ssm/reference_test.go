package ssm_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// Secrets Manager secrets through Parameter Store (User Guide, "Referencing
// AWS Secrets Manager secrets from Parameter Store parameters"): the answer
// is a SecureString of Version 0 with the secret's ARN and GetSecretValue's
// output in SourceResult; WithDecryption must be true.
func TestSecretsManagerReference(t *testing.T) {
	c, _, url := newClients(t)
	ctx := testCtx(t)
	sm := secretsmanager.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: c.Options().Credentials, BaseEndpoint: aws.String(url)})
	created, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("db/creds"), SecretString: aws.String("one")})
	check(t, err)
	_, err = sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("db/creds"), SecretString: aws.String("two")})
	check(t, err)
	name := aws.String("/aws/reference/secretsmanager/db/creds")
	g, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: name, WithDecryption: aws.Bool(true)})
	check(t, err)
	p := g.Parameter
	if *p.Value != "two" || string(p.Type) != "SecureString" || p.Version != 0 || *p.ARN != *created.ARN {
		t.Fatalf("reference = %+v", p)
	}
	var src map[string]any
	check(t, json.Unmarshal([]byte(*p.SourceResult), &src))
	if src["SecretString"] != "two" || src["Name"] != "db/creds" {
		t.Fatalf("SourceResult = %s", *p.SourceResult)
	}
	prev, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/aws/reference/secretsmanager/db/creds:AWSPREVIOUS"), WithDecryption: aws.Bool(true)})
	check(t, err)
	if *prev.Parameter.Value != "one" {
		t.Fatalf("AWSPREVIOUS = %s", *prev.Parameter.Value)
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: name})
	wantCode(t, err, "ValidationException")
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/aws/reference/secretsmanager/missing"), WithDecryption: aws.Bool(true)})
	wantCode(t, err, "ParameterNotFound")
	gs, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{*name, "/aws/reference/secretsmanager/missing"}, WithDecryption: aws.Bool(true)})
	check(t, err)
	if len(gs.Parameters) != 1 || len(gs.InvalidParameters) != 1 {
		t.Fatalf("GetParameters = %+v", gs)
	}
}
