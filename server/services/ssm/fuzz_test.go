package ssm

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// GetParameter, GetParametersByPath and LabelParameterVersion answer any
// name, selector or path with a result or a modelled error, never a panic.
func FuzzNames(f *testing.F) {
	var n atomic.Int64
	s := New(awsapi.Env{Now: time.Now, NewID: func() string { return fmt.Sprintf("id-%d", n.Add(1)) }}, nil, nil)
	ctx := context.Background()
	for _, name := range []string{"/a/b", "plain", "/a/b/c"} {
		if _, err := s.PutParameter(ctx, &PutParameterRequest{Name: ptr(name), Value: ptr("v"), Type: ptr("String")}); err != nil {
			f.Fatal(err)
		}
	}
	for _, seed := range []string{"/a/b:1", "/a/b:", ":", "/a/b:label", "/aws/service/x", "/aws/reference/secretsmanager/x:y", "/", "//"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		check := func(err error) {
			var ae awsapi.APIError
			if err != nil && !errors.As(err, &ae) {
				t.Fatalf("non-AWS error %v", err)
			}
		}
		_, err := s.GetParameter(ctx, &GetParameterRequest{Name: &name, WithDecryption: ptr(true)})
		check(err)
		_, err = s.GetParametersByPath(ctx, &GetParametersByPathRequest{Path: &name, Recursive: ptr(true)})
		check(err)
		_, err = s.LabelParameterVersion(ctx, &LabelParameterVersionRequest{Name: ptr("/a/b"), Labels: []string{name}})
		check(err)
		_, err = s.PutParameter(ctx, &PutParameterRequest{Name: &name, Value: ptr("v"), Type: ptr("String"), Overwrite: ptr(true)})
		check(err)
	})
}
