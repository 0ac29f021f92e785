package ssm

import (
	"context"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// serviceSettings are the service settings this emulator knows with their
// defaults and allowed values (API Reference, GetServiceSetting: SettingId).
// The Parameter Store default tier applies to PutParameter.
var serviceSettings = map[string]struct {
	def     string
	allowed []string
}{
	"/ssm/parameter-store/default-parameter-tier":                {"Standard", []string{"Standard", "Advanced", "Intelligent-Tiering"}},
	"/ssm/parameter-store/high-throughput-enabled":               {"false", []string{"true", "false"}},
	"/ssm/managed-instance/activation-tier":                      {"standard", []string{"standard", "advanced"}},
	"/ssm/documents/console/public-sharing-permission":           {"Enable", []string{"Enable", "Disable"}},
	"/ssm/automation/customer-script-log-destination":            {"None", []string{"None", "CloudWatch"}},
	"/ssm/automation/customer-script-log-group-name":             {"/aws/ssm/automation/executeScript", nil},
	"/ssm/managed-instance/default-ec2-instance-management-role": {"", nil},
	"/ssm/opsinsights/opscenter":                                 {"Disabled", []string{"Enabled", "Disabled"}},
}

const defaultTierSetting = "/ssm/parameter-store/default-parameter-tier"

type setting struct {
	value    string
	modified time.Time
	user     string
}

// settingID accepts a setting id or its ARN
// (arn:aws:ssm:<region>:<account>:servicesetting/ssm/...).
func settingID(id string) (string, error) {
	if i := strings.Index(id, ":servicesetting"); strings.HasPrefix(id, "arn:") && i >= 0 {
		id = id[i+len(":servicesetting"):]
	}
	if _, ok := serviceSettings[id]; !ok {
		return "", &ServiceSettingNotFound{Message: ptr("The service setting " + id + " was not found.")}
	}
	return id, nil
}

func (s *Service) renderSetting(st *store, account, region, id string) *ServiceSetting {
	out := &ServiceSetting{SettingId: ptr(id), ARN: ptr("arn:aws:ssm:" + region + ":" + account + ":servicesetting" + id)}
	if v, ok := st.settings[id]; ok {
		out.SettingValue, out.LastModifiedDate, out.LastModifiedUser, out.Status = ptr(v.value), ptr(v.modified), ptr(v.user), ptr("Customized")
		return out
	}
	out.SettingValue, out.LastModifiedDate, out.LastModifiedUser, out.Status = ptr(serviceSettings[id].def), ptr(publicDate), ptr("System"), ptr("Default")
	return out
}

// GetServiceSetting implements Provider.
func (s *Service) GetServiceSetting(ctx context.Context, in *GetServiceSettingRequest) (*GetServiceSettingResult, error) {
	id, err := settingID(valueOf(in.SettingId))
	if err != nil {
		return nil, err
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	return &GetServiceSettingResult{ServiceSetting: s.renderSetting(st, r.Account, r.Region, id)}, nil
}

// UpdateServiceSetting implements Provider: a value outside the setting's
// allowed values is ValidationException.
func (s *Service) UpdateServiceSetting(ctx context.Context, in *UpdateServiceSettingRequest) (*UpdateServiceSettingResult, error) {
	id, err := settingID(valueOf(in.SettingId))
	if err != nil {
		return nil, err
	}
	v := valueOf(in.SettingValue)
	if allowed := serviceSettings[id].allowed; allowed != nil && !contains(allowed, v) {
		return nil, awsapi.ValidationError("The value %s is not valid for the service setting %s. Valid values: %s.", v, id, strings.Join(allowed, ", "))
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	st.settings[id] = setting{value: v, modified: s.env.Now(), user: "arn:aws:iam::" + r.Account + ":root"}
	return &UpdateServiceSettingResult{}, nil
}

// ResetServiceSetting implements Provider: back to the default.
func (s *Service) ResetServiceSetting(ctx context.Context, in *ResetServiceSettingRequest) (*ResetServiceSettingResult, error) {
	id, err := settingID(valueOf(in.SettingId))
	if err != nil {
		return nil, err
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	delete(st.settings, id)
	return &ResetServiceSettingResult{ServiceSetting: s.renderSetting(st, r.Account, r.Region, id)}, nil
}

// defaultTier is the account's default parameter tier.
func (st *store) defaultTier() string {
	if v, ok := st.settings[defaultTierSetting]; ok {
		return v.value
	}
	return "Standard"
}
