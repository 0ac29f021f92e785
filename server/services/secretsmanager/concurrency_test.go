package secretsmanager_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Concurrent PutSecretValue calls leave exactly one AWSCURRENT and one
// AWSPREVIOUS version, and every value was stored as a version.
func TestConcurrentPuts(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	id := aws.String("race")
	_, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: id, SecretString: aws.String("start")})
	check(t, err)
	const workers, each = 4, 6
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: id, SecretString: aws.String(strconv.Itoa(w*100 + i))}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	vs, err := c.ListSecretVersionIds(ctx, &secretsmanager.ListSecretVersionIdsInput{SecretId: id, IncludeDeprecated: aws.Bool(true)})
	check(t, err)
	if len(vs.Versions) != workers*each+1 {
		t.Fatalf("%d versions", len(vs.Versions))
	}
	stages := map[string]int{}
	for _, v := range vs.Versions {
		for _, s := range v.VersionStages {
			stages[s]++
		}
	}
	if stages["AWSCURRENT"] != 1 || stages["AWSPREVIOUS"] != 1 {
		t.Fatalf("stages = %v", stages)
	}
}
