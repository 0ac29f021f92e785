package awslocal

import (
	"os"
	"reflect"
	"testing"
)

func env(vars map[string]string, files map[string]string) Env {
	return Env{
		Getenv: func(k string) string { return vars[k] },
		Home:   "/home/u",
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		},
	}
}

func TestArgs(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		user []string
		want []string
	}{
		{"default endpoint", nil, []string{"s3", "ls"}, []string{"--endpoint-url=http://localhost:4566", "s3", "ls"}},
		{"AWS_ENDPOINT_URL wins", map[string]string{"AWS_ENDPOINT_URL": "http://e:1", "LOCALSTACK_HOST": "h:2"},
			[]string{"sqs", "list-queues"}, []string{"--endpoint-url=http://e:1", "sqs", "list-queues"}},
		{"LOCALSTACK_HOST", map[string]string{"LOCALSTACK_HOST": "h:2"}, nil, []string{"--endpoint-url=http://h:2"}},
		// awscli-local: USE_SSL switches to https and adds --no-verify-ssl.
		{"USE_SSL", map[string]string{"LOCALSTACK_HOST": "h", "USE_SSL": "true"}, []string{"s3", "ls"},
			[]string{"--endpoint-url=https://h:4566", "--no-verify-ssl", "s3", "ls"}},
		{"user endpoint kept", nil, []string{"--endpoint-url", "http://x", "s3", "ls"}, []string{"--endpoint-url", "http://x", "s3", "ls"}},
	}
	for _, tt := range tests {
		if got := env(tt.vars, nil).Args(tt.user); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Args = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestExtraEnv(t *testing.T) {
	defaults := []string{"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-1"}
	tests := []struct {
		name  string
		vars  map[string]string
		files map[string]string
		user  []string
		want  []string
	}{
		{"nothing configured", nil, nil, nil, defaults},
		{"env credentials and region", map[string]string{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_REGION": "eu-west-1"}, nil, nil, nil},
		{"region flag", nil, nil, []string{"--region", "eu-west-1", "s3", "ls"}, defaults[:2]},
		{"profile flag", nil, nil, []string{"--profile=p"}, []string{"AWS_DEFAULT_REGION=us-east-1"}},
		{"credentials file", nil, map[string]string{"/home/u/.aws/credentials": "[default]\naws_access_key_id = A\naws_secret_access_key = B\n"},
			nil, []string{"AWS_DEFAULT_REGION=us-east-1"}},
		{"other profile only", nil, map[string]string{"/home/u/.aws/credentials": "[other]\naws_access_key_id = A\n"}, nil, defaults},
		{"config region", nil, map[string]string{"/home/u/.aws/config": "[default]\nregion = eu-central-1\n"}, nil, defaults[:2]},
		{"profile region", map[string]string{"AWS_PROFILE": "dev"},
			map[string]string{"/home/u/.aws/config": "[profile dev]\nregion = ap-south-1\nsso_session = s\n"}, nil, nil},
		{"AWS_CONFIG_FILE", map[string]string{"AWS_CONFIG_FILE": "/c"},
			map[string]string{"/c": "[default]\ncredential_process = x\nregion = r\n"}, nil, nil},
	}
	for _, tt := range tests {
		if got := env(tt.vars, tt.files).ExtraEnv(tt.user); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ExtraEnv = %q, want %q", tt.name, got, tt.want)
		}
	}
}
