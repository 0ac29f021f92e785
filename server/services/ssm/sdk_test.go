package ssm_test

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

func put(t *testing.T, c *ssm.Client, in *ssm.PutParameterInput) int64 {
	t.Helper()
	out, err := c.PutParameter(testCtx(t), in)
	check(t, err)
	return out.Version
}

// SecureString parameters are encrypted with KMS (User Guide, "How AWS
// Systems Manager Parameter Store uses AWS KMS"): the default key is
// alias/aws/ssm, the encryption context is PARAMETER_ARN, and without
// WithDecryption GetParameter returns the ciphertext.
func TestSecureStringThroughKMS(t *testing.T) {
	c, k, _ := newClients(t)
	ctx := testCtx(t)
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/app/db/password"), Value: aws.String("hunter2"), Type: types.ParameterTypeSecureString})
	enc, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/db/password")})
	check(t, err)
	if *enc.Parameter.Value == "hunter2" {
		t.Fatal("SecureString returned in clear without WithDecryption")
	}
	dec, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/db/password"), WithDecryption: aws.Bool(true)})
	check(t, err)
	if *dec.Parameter.Value != "hunter2" || dec.Parameter.Type != types.ParameterTypeSecureString {
		t.Fatalf("decrypted = %+v", dec.Parameter)
	}
	// The ciphertext is a KMS ciphertext of alias/aws/ssm bound to the parameter ARN.
	blob, err := base64.StdEncoding.DecodeString(*enc.Parameter.Value)
	check(t, err)
	arn := "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/password"
	if *dec.Parameter.ARN != arn {
		t.Fatalf("ARN = %s", *dec.Parameter.ARN)
	}
	kd, err := k.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: map[string]string{"PARAMETER_ARN": arn}})
	check(t, err)
	managed, err := k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/ssm")})
	check(t, err)
	if string(kd.Plaintext) != "hunter2" || *kd.KeyId != *managed.KeyMetadata.Arn {
		t.Fatalf("KMS decrypt = %q with %s", kd.Plaintext, *kd.KeyId)
	}
	// A customer key, and a missing one (InvalidKeyId).
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{})
	check(t, err)
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/app/token"), Value: aws.String("t0k"), Type: types.ParameterTypeSecureString, KeyId: key.KeyMetadata.KeyId})
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/app/bad"), Value: aws.String("x"), Type: types.ParameterTypeSecureString, KeyId: aws.String("alias/none")})
	wantCode(t, err, "InvalidKeyId")
	d, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("KeyId"), Values: []string{*key.KeyMetadata.KeyId}}}})
	check(t, err)
	if len(d.Parameters) != 1 || *d.Parameters[0].Name != "/app/token" {
		t.Fatalf("KeyId filter = %+v", d.Parameters)
	}
	byPath, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/app"), Recursive: aws.Bool(true), WithDecryption: aws.Bool(true)})
	check(t, err)
	if len(byPath.Parameters) != 2 || *byPath.Parameters[0].Value != "hunter2" || *byPath.Parameters[1].Value != "t0k" {
		t.Fatalf("by path decrypted = %+v", byPath.Parameters)
	}
}

// Versions, selectors and labels (User Guide, "Working with parameter
// versions" and "Working with parameter labels"): Overwrite makes a new
// version; name:N and name:label select one; GetParameterHistory lists all.
func TestVersionsLabels(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	name := aws.String("/cfg/level")
	put(t, c, &ssm.PutParameterInput{Name: name, Value: aws.String("debug"), Type: types.ParameterTypeString, Description: aws.String("log level")})
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: name, Value: aws.String("info"), Type: types.ParameterTypeString})
	wantCode(t, err, "ParameterAlreadyExists")
	if v := put(t, c, &ssm.PutParameterInput{Name: name, Value: aws.String("info"), Overwrite: aws.Bool(true)}); v != 2 {
		t.Fatalf("version = %d", v)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: name, Value: aws.String("x"), Overwrite: aws.Bool(true),
		Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantCode(t, err, "ValidationException")
	g, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cfg/level:1")})
	check(t, err)
	if *g.Parameter.Value != "debug" || *g.Parameter.Selector != ":1" || g.Parameter.Version != 1 || *g.Parameter.Name != "/cfg/level" {
		t.Fatalf("name:1 = %+v", g.Parameter)
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cfg/level:9")})
	wantCode(t, err, "ParameterVersionNotFound")
	l, err := c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: name, ParameterVersion: aws.Int64(1), Labels: []string{"stable", "aws-bad", "1st"}})
	check(t, err)
	if !slices.Equal(l.InvalidLabels, []string{"aws-bad", "1st"}) {
		t.Fatalf("InvalidLabels = %v", l.InvalidLabels)
	}
	g, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cfg/level:stable")})
	check(t, err)
	if *g.Parameter.Value != "debug" {
		t.Fatalf("name:stable = %s", *g.Parameter.Value)
	}
	// Labelling version 2 moves the label.
	_, err = c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: name, Labels: []string{"stable"}})
	check(t, err)
	h, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: name})
	check(t, err)
	if len(h.Parameters) != 2 || len(h.Parameters[0].Labels) != 0 || !slices.Equal(h.Parameters[1].Labels, []string{"stable"}) ||
		*h.Parameters[1].Description != "log level" {
		t.Fatalf("history = %+v", h.Parameters)
	}
	u, err := c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: name, ParameterVersion: aws.Int64(2), Labels: []string{"stable", "nope"}})
	check(t, err)
	if !slices.Equal(u.RemovedLabels, []string{"stable"}) || !slices.Equal(u.InvalidLabels, []string{"nope"}) {
		t.Fatalf("unlabel = %+v", u)
	}
	gs, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/cfg/level", "/cfg/level:1", "/missing"}})
	check(t, err)
	if len(gs.Parameters) != 2 || !slices.Equal(gs.InvalidParameters, []string{"/missing"}) {
		t.Fatalf("GetParameters = %+v", gs)
	}
}

// Hierarchies (API Reference, GetParametersByPath): direct children unless
// Recursive, MaxResults 1–10 with NextToken; StringList values stay
// comma-separated; DescribeParameters filters.
func TestPathsAndDescribe(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	for i, n := range []string{"/svc/a", "/svc/b", "/svc/deep/c", "/svc/deep/d", "/svc/list", "/other"} {
		typ := types.ParameterTypeString
		if n == "/svc/list" {
			typ = types.ParameterTypeStringList
		}
		put(t, c, &ssm.PutParameterInput{Name: aws.String(n), Value: aws.String(strings.Repeat("v", i+1) + ",x"), Type: typ,
			Tags: []types.Tag{{Key: aws.String("idx"), Value: aws.String(string(rune('0' + i)))}}})
	}
	one, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/svc")})
	check(t, err)
	if len(one.Parameters) != 3 {
		t.Fatalf("one level = %d", len(one.Parameters))
	}
	var names []string
	var token *string
	for {
		p, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/svc/"), Recursive: aws.Bool(true), MaxResults: aws.Int32(2), NextToken: token})
		check(t, err)
		for _, x := range p.Parameters {
			names = append(names, *x.Name)
		}
		if p.NextToken == nil {
			break
		}
		token = p.NextToken
	}
	if !slices.Equal(names, []string{"/svc/a", "/svc/b", "/svc/deep/c", "/svc/deep/d", "/svc/list"}) {
		t.Fatalf("recursive, paged = %v", names)
	}
	_, err = c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Values: []string{"x"}}}})
	wantCode(t, err, "InvalidFilterKey")
	typ, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Type"), Values: []string{"StringList"}}}})
	check(t, err)
	if len(typ.Parameters) != 1 || *typ.Parameters[0].Value != "vvvvv,x" {
		t.Fatalf("Type filter = %+v", typ.Parameters)
	}
	d, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{
		{Key: aws.String("Path"), Option: aws.String("Recursive"), Values: []string{"/svc/deep"}}}})
	check(t, err)
	if len(d.Parameters) != 2 {
		t.Fatalf("Path filter = %d", len(d.Parameters))
	}
	d, err = c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{
		{Key: aws.String("Name"), Option: aws.String("Contains"), Values: []string{"deep"}}, {Key: aws.String("tag:idx"), Values: []string{"3"}}}})
	check(t, err)
	if len(d.Parameters) != 1 || *d.Parameters[0].Name != "/svc/deep/d" {
		t.Fatalf("Name+tag filter = %+v", d.Parameters)
	}
	_, err = c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Option: aws.String("Recursive"), Values: []string{"x"}}}})
	wantCode(t, err, "InvalidFilterOption")
	del, err := c.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: []string{"/svc/a", "/nope"}})
	check(t, err)
	if !slices.Equal(del.DeletedParameters, []string{"/svc/a"}) || !slices.Equal(del.InvalidParameters, []string{"/nope"}) {
		t.Fatalf("DeleteParameters = %+v", del)
	}
	_, err = c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/svc/a")})
	wantCode(t, err, "ParameterNotFound")
}

// Tiers (User Guide, "Managing parameter tiers"): Standard values hold 4 KB,
// Advanced 8 KB; Intelligent-Tiering picks Advanced for a larger value or
// policies; Advanced can't go back to Standard. Names may not begin with
// aws or ssm. Tags (API Reference, AddTagsToResource).
func TestTiersNamesTags(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	big := strings.Repeat("x", 5000)
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("big"), Value: &big, Type: types.ParameterTypeString})
	wantCode(t, err, "ValidationException")
	out, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("big"), Value: &big, Type: types.ParameterTypeString, Tier: types.ParameterTierIntelligentTiering})
	check(t, err)
	if out.Tier != types.ParameterTierAdvanced {
		t.Fatalf("tier = %s", out.Tier)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("big"), Value: aws.String("s"), Overwrite: aws.Bool(true), Tier: types.ParameterTierStandard})
	wantCode(t, err, "ValidationException")
	pol := `[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]`
	out, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("expiring"), Value: aws.String("v"), Type: types.ParameterTypeString,
		Tier: types.ParameterTierIntelligentTiering, Policies: &pol})
	check(t, err)
	if out.Tier != types.ParameterTierAdvanced {
		t.Fatalf("policy tier = %s", out.Tier)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("awsreserved"), Value: aws.String("v"), Type: types.ParameterTypeString})
	wantCode(t, err, "ValidationException")
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("img"), Value: aws.String("not-an-ami"), Type: types.ParameterTypeString, DataType: aws.String("aws:ec2:image")})
	wantCode(t, err, "ValidationException")
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("pat"), Value: aws.String("abc"), Type: types.ParameterTypeString, AllowedPattern: aws.String("^[0-9]+$")})
	wantCode(t, err, "ParameterPatternMismatchException")

	_, err = c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("expiring"),
		Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}})
	check(t, err)
	_, err = c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("expiring"), TagKeys: []string{"a"}})
	check(t, err)
	tags, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("expiring")})
	check(t, err)
	if len(tags.TagList) != 1 || *tags.TagList[0].Key != "b" {
		t.Fatalf("tags = %+v", tags.TagList)
	}
	_, err = c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("missing")})
	wantCode(t, err, "InvalidResourceId")
}

// Public parameters (User Guide, "Discovering public parameters"): the
// latest-AMI parameters answer with an AMI id (aws:ec2:image), stable per
// region; the regions list is a hierarchy.
func TestPublicParameters(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	ami := regexp.MustCompile(`^ami-[0-9a-f]{17}$`)
	for _, n := range []string{"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
		"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
		"/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"} {
		g, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(n)})
		check(t, err)
		if !ami.MatchString(*g.Parameter.Value) || *g.Parameter.DataType != "aws:ec2:image" {
			t.Fatalf("%s = %+v", n, g.Parameter)
		}
	}
	var regions []string
	var token *string
	for {
		p, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/aws/service/global-infrastructure/regions"), NextToken: token})
		check(t, err)
		for _, x := range p.Parameters {
			regions = append(regions, *x.Value)
		}
		if p.NextToken == nil {
			break
		}
		token = p.NextToken
	}
	if !slices.Contains(regions, "us-east-1") || !slices.Contains(regions, "eu-west-1") || len(regions) < 20 {
		t.Fatalf("regions = %v", regions)
	}
	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/aws/service/nope")})
	wantCode(t, err, "ParameterNotFound")
}
