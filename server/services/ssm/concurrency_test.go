package ssm_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Concurrent overwrites of one parameter each get their own version: the
// versions are 1..N with none lost or repeated.
func TestConcurrentOverwrites(t *testing.T) {
	c, _, _ := newClients(t)
	ctx := testCtx(t)
	put(t, c, &ssm.PutParameterInput{Name: aws.String("/race"), Value: aws.String("0"), Type: types.ParameterTypeSecureString})
	const workers, each = 4, 8
	var wg sync.WaitGroup
	seen := make(chan int64, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				out, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/race"), Value: aws.String(strconv.Itoa(w*100 + i)), Overwrite: aws.Bool(true)})
				if err != nil {
					t.Error(err)
					return
				}
				seen <- out.Version
			}
		}()
	}
	wg.Wait()
	close(seen)
	got := map[int64]bool{}
	for v := range seen {
		if got[v] {
			t.Fatalf("version %d given twice", v)
		}
		got[v] = true
	}
	for v := int64(2); v <= workers*each+1; v++ {
		if !got[v] {
			t.Fatalf("version %d missing", v)
		}
	}
	g, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/race"), WithDecryption: aws.Bool(true)})
	check(t, err)
	if g.Parameter.Version != workers*each+1 || g.Parameter.Type != types.ParameterTypeSecureString {
		t.Fatalf("final = %+v", g.Parameter)
	}
}
