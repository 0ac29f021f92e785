package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/setup-emulator/setup-emulator/server"
)

// A declarative init file (a .yaml or .yml file in any init stage folder,
// e.g. ready.d/init.yaml) creates resources with no shell, so it works in
// the scratch image. Beyond LocalStack. Every entry is either a name or a
// mapping; account and region default to the file's, then 000000000000
// and us-east-1:
//
//	account: "000000000000"
//	region: us-east-1
//	buckets:
//	  - my-bucket
//	  - {name: logs, region: eu-west-1}
//	queues:
//	  - jobs
//	  - name: orders.fifo
//	    attributes: {FifoQueue: "true", ContentBasedDeduplication: "true"}
//	    tags: {team: a}
//	tables:
//	  - name: users
//	    partition_key: id:S        # name:type (S, N or B)
//	    sort_key: created:N        # optional
//	    # any CreateTable member may be given as is:
//	    GlobalSecondaryIndexes: [...]
//	topics: [alerts]
//	secrets: [{name: db-password, value: s3cret}]
//	parameters: [{name: /app/url, value: http://x, type: String}]
//
// Each resource is created through the gateway in-process, as its SDK
// call would be, and is left alone if it already exists (a reload with
// persistence). Kinds whose service has no provider yet are skipped with a
// warning. Any other failure is reported after the rest was attempted, and
// marks the file's hook ERROR.
type initFile struct {
	Account    string    `yaml:"account"`
	Region     string    `yaml:"region"`
	Buckets    []initRes `yaml:"buckets"`
	Queues     []initRes `yaml:"queues"`
	Tables     []initRes `yaml:"tables"`
	Topics     []initRes `yaml:"topics"`
	Secrets    []initRes `yaml:"secrets"`
	Parameters []initRes `yaml:"parameters"`
}

// initRes is one resource: a bare name or a mapping of its settings.
type initRes map[string]any

func (r *initRes) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*r = initRes{"name": n.Value}
		return nil
	}
	m := map[string]any{}
	if err := n.Decode(&m); err != nil {
		return err
	}
	*r = m
	return nil
}

func (r initRes) str(key string) string {
	if v, ok := r[key]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

// apiMembers are the resource's settings spelled as API members
// (capitalised), passed to the create call unchanged.
func (r initRes) apiMembers() map[string]any {
	out := map[string]any{}
	for k, v := range r {
		if k != "" && k[0] >= 'A' && k[0] <= 'Z' {
			out[k] = v
		}
	}
	return out
}

// applyInitFile creates the resources a declarative init file lists.
func applyInitFile(ctx context.Context, srv *server.Server, path string, logger *slog.Logger) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var f initFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		return fmt.Errorf("%s: %w", path, err)
	}
	a := &applier{srv: srv, logger: logger, path: path, account: f.Account, region: f.Region, ctx: ctx}
	if a.account == "" {
		a.account = "000000000000"
	}
	if a.region == "" {
		a.region = "us-east-1"
	}
	states := srv.Gateway().ServiceStates()
	kinds := []struct {
		service string
		list    []initRes
		create  func(initRes) error
	}{
		{"s3", f.Buckets, a.bucket}, {"sqs", f.Queues, a.queue}, {"dynamodb", f.Tables, a.table},
		{"sns", f.Topics, a.topic}, {"secretsmanager", f.Secrets, a.secret}, {"ssm", f.Parameters, a.parameter},
	}
	var errs []error
	for _, k := range kinds {
		if len(k.list) == 0 {
			continue
		}
		if st, ok := states[k.service]; !ok || st == "disabled" {
			logger.Warn("init file: service has no provider or is disabled, skipped", "file", path, "service", k.service, "resources", len(k.list))
			continue
		}
		for _, r := range k.list {
			if r.str("name") == "" {
				errs = append(errs, fmt.Errorf("%s: a %s entry has no name", path, k.service))
				continue
			}
			if err := k.create(r); err != nil {
				errs = append(errs, fmt.Errorf("%s: %s %q: %w", path, k.service, r.str("name"), err))
				continue
			}
			logger.Info("init file: created", "service", k.service, "name", r.str("name"))
		}
	}
	return errors.Join(errs...)
}

type applier struct {
	ctx             context.Context
	srv             *server.Server
	logger          *slog.Logger
	path            string
	account, region string
}

func (a *applier) scope(r initRes) (account, region string) {
	account, region = a.account, a.region
	if v := r.str("account"); v != "" {
		account = v
	}
	if v := r.str("region"); v != "" {
		region = v
	}
	return account, region
}

// do sends one request through the gateway with credentials naming the
// account and region, and returns the status and body.
func (a *applier) do(r initRes, service, method, path, target, contentType string, body []byte) (int, string) {
	account, region := a.scope(r)
	req := httptest.NewRequestWithContext(a.ctx, method, "http://localhost"+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+account+"/20240101/"+region+"/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func (a *applier) jsonCall(r initRes, service, target string, in map[string]any, exists string) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	code, body := a.do(r, service, http.MethodPost, "/", target, "application/x-amz-json-1.0", b)
	if code == http.StatusOK || (exists != "" && strings.Contains(body, exists)) {
		return nil
	}
	return fmt.Errorf("HTTP %d: %s", code, body)
}

func (a *applier) bucket(r initRes) error {
	_, region := a.scope(r)
	var body []byte
	if region != "us-east-1" {
		body = []byte(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>` +
			region + `</LocationConstraint></CreateBucketConfiguration>`)
	}
	code, resp := a.do(r, "s3", http.MethodPut, "/"+url.PathEscape(r.str("name")), "", "application/xml", body)
	if code == http.StatusOK || strings.Contains(resp, "BucketAlreadyOwnedByYou") {
		return nil
	}
	return fmt.Errorf("HTTP %d: %s", code, resp)
}

func (a *applier) queue(r initRes) error {
	in := r.apiMembers()
	in["QueueName"] = r.str("name")
	if v, ok := r["attributes"]; ok {
		in["Attributes"] = stringMap(v)
	}
	if v, ok := r["tags"]; ok {
		in["tags"] = stringMap(v)
	}
	return a.jsonCall(r, "sqs", "AmazonSQS.CreateQueue", in, "")
}

// stringMap renders YAML scalars (numbers, booleans) as the strings SQS attributes are.
func stringMap(v any) map[string]string {
	out := map[string]string{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			out[k] = fmt.Sprint(x)
		}
	}
	return out
}

func (a *applier) table(r initRes) error {
	in := map[string]any{"TableName": r.str("name")}
	var keys, defs []map[string]string
	for _, k := range []struct{ field, keyType string }{{"partition_key", "HASH"}, {"sort_key", "RANGE"}} {
		spec := r.str(k.field)
		if spec == "" {
			continue
		}
		name, typ, ok := strings.Cut(spec, ":")
		if !ok {
			typ = "S"
		}
		keys = append(keys, map[string]string{"AttributeName": name, "KeyType": k.keyType})
		defs = append(defs, map[string]string{"AttributeName": name, "AttributeType": strings.ToUpper(typ)})
	}
	if keys != nil {
		in["KeySchema"], in["AttributeDefinitions"] = keys, defs
	}
	for k, v := range r.apiMembers() {
		in[k] = v
	}
	if _, ok := in["BillingMode"]; !ok {
		if _, ok := in["ProvisionedThroughput"]; !ok {
			in["BillingMode"] = "PAY_PER_REQUEST"
		}
	}
	return a.jsonCall(r, "dynamodb", "DynamoDB_20120810.CreateTable", in, "ResourceInUseException")
}

func (a *applier) topic(r initRes) error {
	form := url.Values{"Action": {"CreateTopic"}, "Version": {"2010-03-31"}, "Name": {r.str("name")}}
	i := 1
	for k, v := range stringMap(r["attributes"]) {
		n := fmt.Sprint(i)
		form.Set("Attributes.entry."+n+".key", k)
		form.Set("Attributes.entry."+n+".value", v)
		i++
	}
	code, body := a.do(r, "sns", http.MethodPost, "/", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if code == http.StatusOK {
		return nil
	}
	return fmt.Errorf("HTTP %d: %s", code, body)
}

func (a *applier) secret(r initRes) error {
	in := r.apiMembers()
	in["Name"] = r.str("name")
	if v := r.str("value"); v != "" {
		in["SecretString"] = v
	}
	return a.jsonCall(r, "secretsmanager", "secretsmanager.CreateSecret", in, "ResourceExistsException")
}

func (a *applier) parameter(r initRes) error {
	in := r.apiMembers()
	in["Name"] = r.str("name")
	in["Value"] = r.str("value")
	if t := r.str("type"); t != "" {
		in["Type"] = t
	} else if _, ok := in["Type"]; !ok {
		in["Type"] = "String"
	}
	return a.jsonCall(r, "ssm", "AmazonSSM.PutParameter", in, "ParameterAlreadyExists")
}
