package ssm

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

var (
	namePattern  = regexp.MustCompile(`^[a-zA-Z0-9_.\-/]+$`)
	imagePattern = regexp.MustCompile(`^ami-[0-9a-f]{8}([0-9a-f]{9})?$`)
)

// checkName applies Parameter Store's naming rules (User Guide, "Parameter
// naming constraints"): letters, digits and _.-/ ; no aws/ssm prefix; a
// hierarchy starts with / and has at most 15 levels.
func checkName(name string) error {
	if !namePattern.MatchString(name) {
		return awsapi.ValidationError("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.")
	}
	lower := strings.ToLower(strings.TrimPrefix(name, "/"))
	if strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "ssm") {
		return awsapi.ValidationError("No access to reserved parameter name: %s.", name)
	}
	if strings.Contains(name, "/") && !strings.HasPrefix(name, "/") {
		return awsapi.ValidationError("Parameter name must be a fully qualified name.")
	}
	if strings.Count(name, "/") > 15 {
		return &HierarchyLevelLimitExceededException{Message: ptr("A hierarchy can have a maximum of 15 levels.")}
	}
	return nil
}

// tierFor picks the tier: Standard holds 4 KB values and no policies;
// Intelligent-Tiering picks Advanced only when needed; Advanced never goes
// back to Standard (User Guide, "Managing parameter tiers").
func tierFor(requested, def, value string, policies bool, prev *pversion) (string, error) {
	if requested == "" {
		requested = def
		if prev != nil {
			requested = prev.tier
		}
	}
	tier := requested
	if requested == "Intelligent-Tiering" {
		tier = "Standard"
		if len(value) > 4096 || policies || prev != nil && prev.tier == "Advanced" {
			tier = "Advanced"
		}
	}
	if tier == "Standard" {
		if prev != nil && prev.tier == "Advanced" {
			return "", awsapi.ValidationError("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.")
		}
		if len(value) > 4096 {
			return "", awsapi.ValidationError("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html")
		}
		if policies {
			return "", awsapi.ValidationError("Parameter policies are only supported for the advanced-parameter tier.")
		}
	}
	if len(value) > 8192 {
		return "", awsapi.ValidationError("Advanced tier parameters support a maximum parameter value of 8192 characters.")
	}
	return tier, nil
}

// parsePolicies checks Policies: a JSON array of {Type, Version,
// Attributes} with Type Expiration, ExpirationNotification or
// NoChangeNotification (User Guide, "Assigning parameter policies").
func parsePolicies(text string) ([]ParameterInlinePolicy, error) {
	if text == "" {
		return nil, nil
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(text), &list); err != nil {
		return nil, &InvalidPolicyTypeException{Message: ptr("Policies must be a JSON array of parameter policies.")}
	}
	if len(list) > 10 {
		return nil, &PoliciesLimitExceededException{Message: ptr("A parameter can have at most 10 policies.")}
	}
	out := make([]ParameterInlinePolicy, 0, len(list))
	for _, p := range list {
		typ, _ := p["Type"].(string)
		switch typ {
		case "Expiration", "ExpirationNotification", "NoChangeNotification":
		default:
			return nil, &InvalidPolicyTypeException{Message: ptr("The policy type " + typ + " is not supported.")}
		}
		if typ == "Expiration" {
			attrs, _ := p["Attributes"].(map[string]any)
			ts, _ := attrs["Timestamp"].(string)
			if _, err := time.Parse(time.RFC3339, ts); err != nil {
				return nil, &InvalidPolicyAttributeException{Message: ptr("Invalid Timestamp for the Expiration policy: " + ts)}
			}
		}
		b, _ := json.Marshal(p)
		out = append(out, ParameterInlinePolicy{PolicyText: ptr(string(b)), PolicyType: ptr(typ), PolicyStatus: ptr("Pending")})
	}
	return out, nil
}

// PutParameter implements Provider.
func (s *Service) PutParameter(ctx context.Context, in *PutParameterRequest) (*PutParameterResult, error) {
	name, value := valueOf(in.Name), valueOf(in.Value)
	if err := checkName(name); err != nil {
		return nil, err
	}
	overwrite := valueOf(in.Overwrite)
	if overwrite && len(in.Tags) > 0 {
		return nil, awsapi.ValidationError("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.")
	}
	policies, err := parsePolicies(valueOf(in.Policies))
	if err != nil {
		return nil, err
	}
	dataType := valueOf(in.DataType)
	if dataType == "" {
		dataType = "text"
	}
	switch dataType {
	case "text", "aws:ssm:integration":
	case "aws:ec2:image":
		if !imagePattern.MatchString(value) {
			return nil, awsapi.ValidationError("The parameter value must be an Amazon Machine Image (AMI) ID in the format ami-12345abcdeEXAMPLE.")
		}
	default:
		return nil, awsapi.ValidationError("The following data type is not supported: %s (Data type names are all lowercase.)", dataType)
	}
	if p := valueOf(in.AllowedPattern); p != "" {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, &InvalidAllowedPatternException{Message: ptr("Invalid AllowedPattern: " + err.Error())}
		}
		if !re.MatchString(value) {
			return nil, &ParameterPatternMismatchException{Message: ptr("Parameter value, cannot be validated against allowedPattern: " + p)}
		}
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	p := st.params[name]
	var prev *pversion
	if p != nil {
		if !overwrite {
			return nil, &ParameterAlreadyExists{Message: ptr("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")}
		}
		prev = p.latest()
	}
	typ := valueOf(in.Type)
	if typ == "" {
		if prev == nil {
			return nil, awsapi.ValidationError("A parameter type is required when you create a parameter.")
		}
		typ = prev.typ
	}
	tier, err := tierFor(valueOf(in.Tier), st.defaultTier(), value, len(policies) > 0, prev)
	if err != nil {
		return nil, err
	}
	v := &pversion{typ: typ, value: []byte(value), description: valueOf(in.Description), allowedPattern: valueOf(in.AllowedPattern),
		tier: tier, policies: policies, dataType: dataType, modified: s.env.Now(),
		user: "arn:aws:iam::" + r.Account + ":root"}
	if prev != nil && in.Description == nil {
		v.description = prev.description
	}
	if typ == "SecureString" {
		v.keyID = valueOf(in.KeyId)
		if v.keyID == "" {
			v.keyID = defaultKey
			if prev != nil && prev.typ == "SecureString" {
				v.keyID = prev.keyID
			}
		}
		if s.kms != nil {
			ct, _, err := s.kms.Encrypt(ctx, r.Account, r.Region, v.keyID, []byte(value), encryptionContext(r.Account, r.Region, name))
			if err != nil {
				return nil, &InvalidKeyId{Message: ptr("Invalid KeyId: " + v.keyID)}
			}
			v.value = ct
		}
	} else if in.KeyId != nil {
		return nil, awsapi.ValidationError("KeyId is only valid for SecureString parameters.")
	}
	if p == nil {
		tags, err := mergeTags(nil, in.Tags)
		if err != nil {
			return nil, err
		}
		p = &param{name: name, tags: tags}
		v.version = 1
	} else {
		if len(p.versions) >= maxVersions {
			if len(p.versions[0].labels) > 0 {
				return nil, &ParameterMaxVersionLimitExceeded{Message: ptr("You attempted to create a new version of " + name + " by calling the PutParameter API with the overwrite flag. Version 1, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.")}
			}
			p.versions = p.versions[1:]
		}
		v.version = prev.version + 1
	}
	p.versions = append(p.versions, v)
	st.add(p)
	return &PutParameterResult{Version: ptr(v.version), Tier: ptr(tier)}, nil
}

// encryptionContext is what Parameter Store binds SecureString ciphertexts
// to (User Guide, "How AWS Systems Manager Parameter Store uses AWS KMS":
// PARAMETER_ARN).
func encryptionContext(account, region, name string) map[string]string {
	return map[string]string{"PARAMETER_ARN": parameterARN(account, region, name)}
}
