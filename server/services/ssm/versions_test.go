package ssm_test

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// A parameter keeps 100 versions: the 101st removes the oldest, unless the
// oldest has a label (ParameterMaxVersionLimitExceeded) (User Guide,
// "Working with parameter versions").
func TestHundredVersions(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	name := aws.String("/many")
	for i := 1; i <= 100; i++ {
		put(t, c, &ssm.PutParameterInput{Name: name, Value: aws.String(strconv.Itoa(i)), Type: types.ParameterTypeString, Overwrite: aws.Bool(true)})
	}
	_, err := c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: name, ParameterVersion: aws.Int64(1), Labels: []string{"first"}})
	check(t, err)
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: name, Value: aws.String("101"), Overwrite: aws.Bool(true)})
	wantCode(t, err, "ParameterMaxVersionLimitExceeded")
	_, err = c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: name, ParameterVersion: aws.Int64(1), Labels: []string{"first"}})
	check(t, err)
	if v := put(t, c, &ssm.PutParameterInput{Name: name, Value: aws.String("101"), Overwrite: aws.Bool(true)}); v != 101 {
		t.Fatalf("version = %d", v)
	}
	var versions []int64
	var token *string
	for {
		h, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: name, NextToken: token})
		check(t, err)
		for _, p := range h.Parameters {
			versions = append(versions, p.Version)
		}
		if h.NextToken == nil {
			break
		}
		token = h.NextToken
	}
	if len(versions) != 100 || versions[0] != 2 || versions[99] != 101 {
		t.Fatalf("history: %d versions, %d..%d", len(versions), versions[0], versions[len(versions)-1])
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/many:1")})
	wantCode(t, err, "ParameterVersionNotFound")
}
