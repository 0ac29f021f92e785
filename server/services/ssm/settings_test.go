package ssm_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Service settings (API Reference, GetServiceSetting/UpdateServiceSetting/
// ResetServiceSetting): /ssm/parameter-store/default-parameter-tier is
// Standard by default (Status Default) and, once customised, the tier of
// new parameters given no Tier (User Guide, "Specifying a default parameter
// tier").
func TestServiceSettings(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	id := aws.String("/ssm/parameter-store/default-parameter-tier")
	g, err := c.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: id})
	check(t, err)
	if *g.ServiceSetting.SettingValue != "Standard" || *g.ServiceSetting.Status != "Default" ||
		*g.ServiceSetting.ARN != "arn:aws:ssm:us-east-1:000000000000:servicesetting/ssm/parameter-store/default-parameter-tier" {
		t.Fatalf("default = %+v", g.ServiceSetting)
	}
	_, err = c.UpdateServiceSetting(ctx, &ssm.UpdateServiceSettingInput{SettingId: id, SettingValue: aws.String("Gold")})
	wantCode(t, err, "ValidationException")
	_, err = c.UpdateServiceSetting(ctx, &ssm.UpdateServiceSettingInput{SettingId: id, SettingValue: aws.String("Advanced")})
	check(t, err)
	out, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("p"), Value: aws.String("v"), Type: types.ParameterTypeString})
	check(t, err)
	if out.Tier != types.ParameterTierAdvanced {
		t.Fatalf("tier with default Advanced = %s", out.Tier)
	}
	r, err := c.ResetServiceSetting(ctx, &ssm.ResetServiceSettingInput{SettingId: g.ServiceSetting.ARN})
	check(t, err)
	if *r.ServiceSetting.SettingValue != "Standard" {
		t.Fatalf("reset = %+v", r.ServiceSetting)
	}
	_, err = c.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String("/ssm/nope")})
	wantCode(t, err, "ServiceSettingNotFound")
}

// Resource policies on advanced parameters (API Reference,
// PutResourcePolicy/GetResourcePolicies/DeleteResourcePolicy): updates and
// deletes need the current PolicyHash (ResourcePolicyConflictException).
func TestResourcePolicies(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/shared/p"), Value: aws.String("v"), Type: types.ParameterTypeString, Tier: types.ParameterTierAdvanced})
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/std/p"), Value: aws.String("v"), Type: types.ParameterTypeString})
	arn := aws.String("arn:aws:ssm:us-east-1:000000000000:parameter/shared/p")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"ssm:GetParameter","Resource":"*"}]}`
	_, err := c.PutResourcePolicy(ctx, &ssm.PutResourcePolicyInput{ResourceArn: aws.String("arn:aws:ssm:us-east-1:000000000000:parameter/std/p"), Policy: &policy})
	wantCode(t, err, "ResourcePolicyInvalidParameterException")
	p, err := c.PutResourcePolicy(ctx, &ssm.PutResourcePolicyInput{ResourceArn: arn, Policy: &policy})
	check(t, err)
	_, err = c.PutResourcePolicy(ctx, &ssm.PutResourcePolicyInput{ResourceArn: arn, Policy: &policy, PolicyId: p.PolicyId, PolicyHash: aws.String("stale")})
	wantCode(t, err, "ResourcePolicyConflictException")
	g, err := c.GetResourcePolicies(ctx, &ssm.GetResourcePoliciesInput{ResourceArn: arn})
	check(t, err)
	if len(g.Policies) != 1 || *g.Policies[0].Policy != policy || *g.Policies[0].PolicyHash != *p.PolicyHash {
		t.Fatalf("policies = %+v", g.Policies)
	}
	_, err = c.DeleteResourcePolicy(ctx, &ssm.DeleteResourcePolicyInput{ResourceArn: arn, PolicyId: p.PolicyId, PolicyHash: p.PolicyHash})
	check(t, err)
	_, err = c.DeleteResourcePolicy(ctx, &ssm.DeleteResourcePolicyInput{ResourceArn: arn, PolicyId: p.PolicyId, PolicyHash: p.PolicyHash})
	wantCode(t, err, "ResourcePolicyNotFoundException")
	_, err = c.PutResourcePolicy(ctx, &ssm.PutResourcePolicyInput{ResourceArn: arn, Policy: aws.String("{")})
	wantCode(t, err, "MalformedResourcePolicyDocumentException")
}
