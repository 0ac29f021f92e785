package ssm_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/setup-emulator/setup-emulator/server"
)

func httpDo(t *testing.T, method, url string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	check(t, err)
	resp, err := http.DefaultClient.Do(req)
	check(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// KMS keys, Secrets Manager secrets and SSM parameters survive export,
// reset and import (LocalStack's /_localstack/pods and
// /_localstack/state/reset endpoints), and ciphertexts made before the
// export decrypt after the import: the KMS key behind alias/aws/ssm, made
// only through SSM, is in the snapshot too.
func TestStateRoundTrip(t *testing.T) {
	srv, err := server.New(server.Config{DataDir: t.TempDir()})
	check(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("111111111111", "test", ""),
		BaseEndpoint: aws.String(ts.URL)}
	s, sm := ssm.NewFromConfig(cfg), secretsmanager.NewFromConfig(cfg)
	ctx := testCtx(t)

	put(t, s, &ssm.PutParameterInput{Name: aws.String("/p/secure"), Value: aws.String("s3cr3t"), Type: types.ParameterTypeSecureString})
	put(t, s, &ssm.PutParameterInput{Name: aws.String("/p/plain"), Value: aws.String("v1"), Type: types.ParameterTypeString})
	put(t, s, &ssm.PutParameterInput{Name: aws.String("/p/plain"), Value: aws.String("v2"), Type: types.ParameterTypeString, Overwrite: aws.Bool(true)})
	_, err = sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("db"), SecretString: aws.String("pw")})
	check(t, err)

	code, snap := httpDo(t, "GET", ts.URL+"/_localstack/pods/state", nil)
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	// Only now is KMS used through its API: a key and a ciphertext made after the export are gone after import.
	k := kms.NewFromConfig(cfg)
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{})
	check(t, err)
	code, body := httpDo(t, "POST", ts.URL+"/_localstack/state/reset", nil)
	if code != 200 || !strings.Contains(string(body), `"service": "kms"`) || !strings.Contains(string(body), `"service": "ssm"`) ||
		!strings.Contains(string(body), `"service": "secretsmanager"`) {
		t.Fatalf("reset: %d %s", code, body)
	}
	_, err = s.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/p/plain")})
	wantCode(t, err, "ParameterNotFound")
	_, err = sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
	wantCode(t, err, "ResourceNotFoundException")

	code, body = httpDo(t, "POST", ts.URL+"/_localstack/pods", snap)
	if code != 200 || strings.Contains(string(body), "error") {
		t.Fatalf("import: %d %s", code, body)
	}
	g, err := s.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/p/secure"), WithDecryption: aws.Bool(true)})
	check(t, err)
	if *g.Parameter.Value != "s3cr3t" {
		t.Fatalf("SecureString after import = %s", *g.Parameter.Value)
	}
	h, err := s.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/p/plain")})
	check(t, err)
	if len(h.Parameters) != 2 || *h.Parameters[1].Value != "v2" {
		t.Fatalf("history after import = %+v", h.Parameters)
	}
	v, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
	check(t, err)
	if *v.SecretString != "pw" {
		t.Fatalf("secret after import = %s", *v.SecretString)
	}
	_, err = k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key.KeyMetadata.KeyId})
	wantCode(t, err, "NotFoundException")
}
