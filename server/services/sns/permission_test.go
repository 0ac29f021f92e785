package sns

import (
	"encoding/json"
	"testing"
)

// AddPermission adds a statement named by Label to the topic policy and
// RemovePermission takes it out (AddPermission and RemovePermission API
// Reference).
func TestPermissions(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	if _, err := s.AddPermission(bg(), &AddPermissionInput{TopicArn: ptr(arn), Label: ptr("pub"),
		AWSAccountId: []string{"111111111111"}, ActionName: []string{"Publish"}}); err != nil {
		t.Fatal(err)
	}
	_, err := s.AddPermission(bg(), &AddPermissionInput{TopicArn: ptr(arn), Label: ptr("pub"), AWSAccountId: []string{"1"}, ActionName: []string{"Publish"}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Statement already exists")

	statements := func() []map[string]any {
		a, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
		var p struct{ Statement []map[string]any }
		if err := json.Unmarshal([]byte(a.Attributes["Policy"]), &p); err != nil {
			t.Fatal(err)
		}
		return p.Statement
	}
	got := statements()
	if len(got) != 2 || got[1]["Sid"] != "pub" || got[1]["Action"] != "SNS:Publish" ||
		got[1]["Principal"].(map[string]any)["AWS"] != "arn:aws:iam::111111111111:root" || got[1]["Resource"] != arn {
		t.Fatalf("policy statements %v", got)
	}
	if _, err := s.RemovePermission(bg(), &RemovePermissionInput{TopicArn: ptr(arn), Label: ptr("pub")}); err != nil {
		t.Fatal(err)
	}
	if got := statements(); len(got) != 1 || got[0]["Sid"] != "__default_statement_ID" {
		t.Errorf("after RemovePermission %v", got)
	}
	_, err = s.RemovePermission(bg(), &RemovePermissionInput{TopicArn: ptr(arn + "x"), Label: ptr("pub")})
	wantErr(t, err, "NotFound", "Topic does not exist")
}

func TestDataProtectionPolicy(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	policy := `{"Name":"p","Version":"2021-06-01","Statement":[]}`
	if _, err := s.PutDataProtectionPolicy(bg(), &PutDataProtectionPolicyInput{ResourceArn: ptr(arn), DataProtectionPolicy: ptr(policy)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetDataProtectionPolicy(bg(), &GetDataProtectionPolicyInput{ResourceArn: ptr(arn)})
	if err != nil || *got.DataProtectionPolicy != policy {
		t.Errorf("GetDataProtectionPolicy %v %v", got, err)
	}
	_, err = s.PutDataProtectionPolicy(bg(), &PutDataProtectionPolicyInput{ResourceArn: ptr(arn), DataProtectionPolicy: ptr("{")})
	wantErr(t, err, "InvalidParameter", "")
}
