package iam_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Parallel IAM writes, role sessions and caller lookups with enforcement on
// (run under -race): every session resolves to its role.
func TestConcurrentSessions(t *testing.T) {
	u := newServer(t, map[string]string{"ENFORCE_IAM": "1"})
	admin := sdkConfig(u, "test", "test", "")
	ic := iam.NewFromConfig(admin)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("role-%d", i)
			r, err := ic.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
			if err != nil {
				errs <- err
				return
			}
			for j := 0; j < 5; j++ {
				ar, err := sts.NewFromConfig(admin).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: r.Role.Arn, RoleSessionName: aws.String(fmt.Sprintf("s-%d", j))})
				if err != nil {
					errs <- err
					return
				}
				c := ar.Credentials
				who, err := sts.NewFromConfig(sdkConfig(u, aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))).
					GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
				if err != nil {
					errs <- err
					return
				}
				if want := fmt.Sprintf("arn:aws:sts::000000000000:assumed-role/%s/s-%d", name, j); aws.ToString(who.Arn) != want {
					errs <- fmt.Errorf("arn %s, want %s", aws.ToString(who.Arn), want)
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
