package ssm_test

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/setup-emulator/setup-emulator/server"
)

// An Expiration policy deletes the parameter at its Timestamp (User Guide,
// "Assigning parameter policies"); the emulator's clock is injected.
func TestExpirationPolicy(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2029, 6, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, err := server.New(server.Config{Now: clock})
	check(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c := ssm.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL)})
	ctx := testCtx(t)
	pol := `[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]`
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/tmp/token"), Value: aws.String("v"), Type: types.ParameterTypeString,
		Tier: types.ParameterTierAdvanced, Policies: &pol})
	d, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	check(t, err)
	if len(d.Parameters) != 1 || len(d.Parameters[0].Policies) != 1 || *d.Parameters[0].Policies[0].PolicyType != "Expiration" {
		t.Fatalf("policies = %+v", d.Parameters)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/tmp/bad"), Value: aws.String("v"), Type: types.ParameterTypeString,
		Tier: types.ParameterTierAdvanced, Policies: aws.String(`[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"soon"}}]`)})
	wantCode(t, err, "InvalidPolicyAttributeException")
	mu.Lock()
	now = time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	mu.Unlock()
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/tmp/token")})
	wantCode(t, err, "ParameterNotFound")
}
