package secretsmanager_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// A secret's ARN ends in its name, a hyphen and six random characters
// (User Guide, "Secret ARN"); values come back as stored, string or binary
// (API Reference, CreateSecret/GetSecretValue).
func TestCreateGet(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	out, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("prod/db"), SecretString: aws.String(`{"user":"u","pw":"p"}`),
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
	check(t, err)
	if !regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-[A-Za-z0-9]{6}$`).MatchString(*out.ARN) {
		t.Fatalf("ARN = %s", *out.ARN)
	}
	for _, id := range []string{"prod/db", *out.ARN, strings.TrimSuffix(*out.ARN, (*out.ARN)[len(*out.ARN)-7:])} {
		v, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
		check(t, err)
		if *v.SecretString != `{"user":"u","pw":"p"}` || *v.VersionId != *out.VersionId || !slices.Equal(v.VersionStages, []string{"AWSCURRENT"}) {
			t.Fatalf("GetSecretValue(%s) = %+v", id, v)
		}
	}
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("prod/db"), SecretString: aws.String("x")})
	wantCode(t, err, "ResourceExistsException")
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("both"), SecretString: aws.String("x"), SecretBinary: []byte{1}})
	wantCode(t, err, "InvalidParameterException")
	bin, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("bin"), SecretBinary: []byte{0, 1, 2, 255}})
	check(t, err)
	v, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: bin.ARN})
	check(t, err)
	if v.SecretString != nil || string(v.SecretBinary) != "\x00\x01\x02\xff" {
		t.Fatalf("binary secret = %+v", v)
	}
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("missing")})
	wantCode(t, err, "ResourceNotFoundException")
	d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("prod/db")})
	check(t, err)
	if len(d.Tags) != 1 || d.VersionIdsToStages[*out.VersionId][0] != "AWSCURRENT" {
		t.Fatalf("describe = %+v", d)
	}
	// The value is encrypted with the AWS-managed key alias/aws/secretsmanager.
	vs, err := c.ListSecretVersionIds(ctx, &secretsmanager.ListSecretVersionIdsInput{SecretId: aws.String("prod/db")})
	check(t, err)
	if len(vs.Versions) != 1 || len(vs.Versions[0].KmsKeyIds) != 1 || !strings.Contains(vs.Versions[0].KmsKeyIds[0], ":key/") {
		t.Fatalf("versions = %+v", vs.Versions)
	}
}

// The rotation flow a rotation Lambda performs (User Guide, "How rotation
// works": createSecret puts the new value as AWSPENDING, finishSecret moves
// AWSCURRENT to it and the old version becomes AWSPREVIOUS).
func TestRotationFlow(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	id := aws.String("rotating")
	v1, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("one")})
	check(t, err)
	rot, err := c.RotateSecret(ctx, &secretsmanager.RotateSecretInput{SecretId: id,
		RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:000000000000:function:rotator"),
		RotationRules:     &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)}})
	check(t, err)
	// createSecret step.
	_, err = c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: id, ClientRequestToken: rot.VersionId,
		SecretString: aws.String("two"), VersionStages: []string{"AWSPENDING"}})
	check(t, err)
	pending, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id, VersionStage: aws.String("AWSPENDING")})
	check(t, err)
	if *pending.SecretString != "two" {
		t.Fatalf("AWSPENDING = %s", *pending.SecretString)
	}
	// A second rotation while one is pending is refused.
	_, err = c.RotateSecret(ctx, &secretsmanager.RotateSecretInput{SecretId: id})
	wantCode(t, err, "InvalidRequestException")
	// finishSecret step: moving AWSCURRENT needs RemoveFromVersionId.
	_, err = c.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: id, VersionStage: aws.String("AWSCURRENT"), MoveToVersionId: rot.VersionId})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: id, VersionStage: aws.String("AWSCURRENT"),
		MoveToVersionId: rot.VersionId, RemoveFromVersionId: v1.VersionId})
	check(t, err)
	_, err = c.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: id, VersionStage: aws.String("AWSPENDING"), RemoveFromVersionId: rot.VersionId})
	check(t, err)
	cur, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id})
	check(t, err)
	prev, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id, VersionStage: aws.String("AWSPREVIOUS")})
	check(t, err)
	if *cur.SecretString != "two" || *cur.VersionId != *rot.VersionId || *prev.SecretString != "one" || *prev.VersionId != *v1.VersionId {
		t.Fatalf("after rotation: current %s/%s previous %s/%s", *cur.VersionId, *cur.SecretString, *prev.VersionId, *prev.SecretString)
	}
	d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id})
	check(t, err)
	if !*d.RotationEnabled || *d.RotationRules.AutomaticallyAfterDays != 30 || d.LastRotatedDate == nil || d.NextRotationDate == nil {
		t.Fatalf("rotation config = %+v", d)
	}
	// PutSecretValue's default stage: AWSCURRENT moves again, "two" becomes AWSPREVIOUS, "one" has no label.
	_, err = c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: id, SecretString: aws.String("three")})
	check(t, err)
	vs, err := c.ListSecretVersionIds(ctx, &secretsmanager.ListSecretVersionIdsInput{SecretId: id})
	check(t, err)
	if len(vs.Versions) != 2 {
		t.Fatalf("labelled versions = %+v", vs.Versions)
	}
	vs, err = c.ListSecretVersionIds(ctx, &secretsmanager.ListSecretVersionIdsInput{SecretId: id, IncludeDeprecated: aws.Bool(true)})
	check(t, err)
	if len(vs.Versions) != 3 {
		t.Fatalf("all versions = %+v", vs.Versions)
	}
	_, err = c.CancelRotateSecret(ctx, &secretsmanager.CancelRotateSecretInput{SecretId: id})
	check(t, err)
}

// Scheduled deletion (API Reference, DeleteSecret): RecoveryWindowInDays
// 7–30; a secret pending deletion refuses GetSecretValue with
// InvalidRequestException and is listed only with IncludePlannedDeletion;
// RestoreSecret brings it back; ForceDeleteWithoutRecovery removes it.
func TestDeleteRestore(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	id := aws.String("temp")
	_, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("v")})
	check(t, err)
	_, err = c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: id, RecoveryWindowInDays: aws.Int64(5)})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: id, RecoveryWindowInDays: aws.Int64(7), ForceDeleteWithoutRecovery: aws.Bool(true)})
	wantCode(t, err, "InvalidParameterException")
	del, err := c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: id, RecoveryWindowInDays: aws.Int64(7)})
	check(t, err)
	if del.DeletionDate == nil {
		t.Fatal("no DeletionDate")
	}
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id})
	wantCode(t, err, "InvalidRequestException")
	l, err := c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	check(t, err)
	if len(l.SecretList) != 0 {
		t.Fatalf("listed a deleted secret: %+v", l.SecretList)
	}
	l, err = c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	check(t, err)
	if len(l.SecretList) != 1 || l.SecretList[0].DeletedDate == nil {
		t.Fatalf("IncludePlannedDeletion: %+v", l.SecretList)
	}
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("v")})
	wantCode(t, err, "InvalidRequestException")
	_, err = c.RestoreSecret(ctx, &secretsmanager.RestoreSecretInput{SecretId: id})
	check(t, err)
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: id})
	check(t, err)
	_, err = c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: id, ForceDeleteWithoutRecovery: aws.Bool(true)})
	check(t, err)
	_, err = c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id})
	wantCode(t, err, "ResourceNotFoundException")
}

// ListSecrets filters and pagination, BatchGetSecretValue (API Reference).
func TestListAndBatch(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	for _, n := range []string{"app/a", "app/b", "app/c", "other"} {
		_, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(n), SecretString: aws.String("v-" + n),
			Description: aws.String("desc " + n), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String(n[:3])}}})
		check(t, err)
	}
	var names []string
	var token *string
	for {
		l, err := c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(2), NextToken: token,
			Filters: []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{"app/"}}}, SortOrder: types.SortOrderTypeAsc})
		check(t, err)
		for _, s := range l.SecretList {
			names = append(names, *s.Name)
		}
		if l.NextToken == nil {
			break
		}
		token = l.NextToken
	}
	if !slices.Equal(names, []string{"app/a", "app/b", "app/c"}) {
		t.Fatalf("name filter, paged = %v", names)
	}
	l, err := c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeTagValue, Values: []string{"oth"}}}})
	check(t, err)
	if len(l.SecretList) != 1 || *l.SecretList[0].Name != "other" {
		t.Fatalf("tag-value filter = %+v", l.SecretList)
	}
	l, err = c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{"!app"}}}})
	check(t, err)
	if len(l.SecretList) != 1 || *l.SecretList[0].Name != "other" {
		t.Fatalf("negated filter = %+v", l.SecretList)
	}
	b, err := c.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{SecretIdList: []string{"app/a", "missing"}})
	check(t, err)
	if len(b.SecretValues) != 1 || *b.SecretValues[0].SecretString != "v-app/a" || len(b.Errors) != 1 || *b.Errors[0].ErrorCode != "ResourceNotFoundException" {
		t.Fatalf("batch = %+v", b)
	}
	b, err = c.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeDescription, Values: []string{"desc app"}}}})
	check(t, err)
	if len(b.SecretValues) != 3 {
		t.Fatalf("batch by filter = %d values", len(b.SecretValues))
	}
}

// GetRandomPassword (API Reference): default length 32, exclusions honoured,
// every included type present by default.
func TestRandomPassword(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	p, err := c.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{})
	check(t, err)
	if len(*p.RandomPassword) != 32 {
		t.Fatalf("default length %d", len(*p.RandomPassword))
	}
	p, err = c.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(50), ExcludePunctuation: aws.Bool(true),
		ExcludeCharacters: aws.String("abc"), IncludeSpace: aws.Bool(true)})
	check(t, err)
	pw := *p.RandomPassword
	if len(pw) != 50 || strings.ContainsAny(pw, "abc!#$%") || !strings.Contains(pw, " ") || !strings.ContainsAny(pw, "0123456789") ||
		!strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t.Fatalf("password %q", pw)
	}
	_, err = c.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{ExcludeLowercase: aws.Bool(true), ExcludeUppercase: aws.Bool(true),
		ExcludeNumbers: aws.Bool(true), ExcludePunctuation: aws.Bool(true)})
	wantCode(t, err, "InvalidParameterException")
}

// Resource policies, tags and recorded replication.
func TestPolicyTagsReplication(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	id := aws.String("shared")
	_, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("v")})
	check(t, err)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	_, err = c.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(policy)})
	check(t, err)
	g, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
	check(t, err)
	if *g.ResourcePolicy != policy {
		t.Fatalf("policy = %s", *g.ResourcePolicy)
	}
	_, err = c.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String("nope")})
	wantCode(t, err, "MalformedPolicyDocumentException")
	_, err = c.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: id})
	check(t, err)
	_, err = c.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: id, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}})
	check(t, err)
	_, err = c.UntagResource(ctx, &secretsmanager.UntagResourceInput{SecretId: id, TagKeys: []string{"a"}})
	check(t, err)
	r, err := c.ReplicateSecretToRegions(ctx, &secretsmanager.ReplicateSecretToRegionsInput{SecretId: id, AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("eu-west-1")}}})
	check(t, err)
	if len(r.ReplicationStatus) != 1 || r.ReplicationStatus[0].Status != types.StatusTypeInSync {
		t.Fatalf("replication = %+v", r.ReplicationStatus)
	}
	d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id})
	check(t, err)
	if len(d.Tags) != 1 || *d.Tags[0].Key != "b" || *d.PrimaryRegion != "us-east-1" || len(d.ReplicationStatus) != 1 {
		t.Fatalf("describe = %+v", d)
	}
	_, err = c.RemoveRegionsFromReplication(ctx, &secretsmanager.RemoveRegionsFromReplicationInput{SecretId: id, RemoveReplicaRegions: []string{"eu-west-1"}})
	check(t, err)
}
