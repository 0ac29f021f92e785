package ssm

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// secretsPrefix names Secrets Manager secrets through Parameter Store
// (User Guide, "Referencing AWS Secrets Manager secrets from Parameter Store
// parameters"): GetParameter and GetParameters only, WithDecryption must be
// true, the answer is a SecureString of Version 0 whose ARN is the secret's
// and whose SourceResult is GetSecretValue's output as JSON. A suffix
// ":<version id or staging label>" picks a version.
const secretsPrefix = "/aws/reference/secretsmanager/"

// secretReference answers a /aws/reference/secretsmanager/ name; ok is false
// for other names.
func (s *Service) secretReference(ctx context.Context, name string, decrypt bool) (Parameter, bool, error) {
	if !strings.HasPrefix(name, secretsPrefix) {
		return Parameter{}, false, nil
	}
	if !decrypt {
		return Parameter{}, true, awsapi.ValidationError("WithDecryption flag must be True for retrieving a Secret Manager secret.")
	}
	if s.secrets == nil {
		return Parameter{}, true, errNotFound(name)
	}
	id, selector := name[len(secretsPrefix):], ""
	if i := strings.LastIndexByte(id, ':'); i >= 0 && !strings.HasPrefix(id, "arn:") {
		id, selector = id[:i], id[i+1:]
	}
	r := awsapi.RequestFrom(ctx)
	v, err := s.secrets.SecretValue(ctx, r.Account, r.Region, id, selector)
	if err != nil {
		return Parameter{}, true, errNotFound(name)
	}
	value := ""
	if v.String != nil {
		value = *v.String
	} else {
		value = base64.StdEncoding.EncodeToString(v.Binary)
	}
	src := map[string]any{"ARN": v.ARN, "Name": v.Name, "VersionId": v.VersionID, "VersionStages": v.Stages,
		"CreatedDate": float64(v.Created.UnixMilli()) / 1000}
	if v.String != nil {
		src["SecretString"] = *v.String
	} else {
		src["SecretBinary"] = value
	}
	b, _ := json.Marshal(src)
	out := Parameter{Name: ptr(name), Type: ptr("SecureString"), Value: ptr(value), Version: ptr(int64(0)),
		SourceResult: ptr(string(b)), LastModifiedDate: ptr(v.Created), ARN: ptr(v.ARN), DataType: ptr("text")}
	if selector != "" {
		out.Selector = ptr(":" + selector)
	}
	return out, true, nil
}
