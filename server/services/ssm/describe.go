package ssm

import (
	"context"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// matchesStringFilters applies ParameterStringFilter (API Reference,
// ParameterStringFilter): Name (Equals, BeginsWith, Contains), Path
// (Recursive, OneLevel), Type, KeyId, Tier, DataType, Label and tag:<key>.
// Every filter must match; within one, any value.
func matchesStringFilters(p *param, v *pversion, fs []ParameterStringFilter) bool {
	for _, f := range fs {
		key, opt := valueOf(f.Key), valueOf(f.Option)
		ok := false
		for _, want := range f.Values {
			if matchOne(p, v, key, opt, want) {
				ok = true
				break
			}
		}
		if len(f.Values) == 0 && strings.HasPrefix(key, "tag:") {
			ok = tagValue(p, key[4:]) != nil
		}
		if !ok {
			return false
		}
	}
	return true
}

func compare(opt, have, want string) bool {
	switch opt {
	case "BeginsWith":
		return strings.HasPrefix(have, want)
	case "Contains":
		return strings.Contains(have, want)
	}
	return have == want
}

func matchOne(p *param, v *pversion, key, opt, want string) bool {
	switch key {
	case "Name":
		name, w := strings.TrimPrefix(p.name, "/"), strings.TrimPrefix(want, "/")
		return compare(opt, name, w)
	case "Path":
		return underPath(p.name, want, opt == "Recursive")
	case "Type":
		return compare(opt, v.typ, want)
	case "KeyId":
		return compare(opt, v.keyID, want)
	case "Tier":
		return compare(opt, v.tier, want)
	case "DataType":
		return compare(opt, v.dataType, want)
	case "Label":
		for _, pv := range p.versions {
			for _, l := range pv.labels {
				if compare(opt, l, want) {
					return true
				}
			}
		}
		return false
	}
	if strings.HasPrefix(key, "tag:") {
		tv := tagValue(p, key[4:])
		return tv != nil && compare(opt, *tv, want)
	}
	return false
}

func tagValue(p *param, key string) *string {
	for _, t := range p.tags {
		if valueOf(t.Key) == key {
			return t.Value
		}
	}
	return nil
}

var filterOptions = map[string][]string{
	"Name": {"Equals", "BeginsWith", "Contains"}, "Path": {"Recursive", "OneLevel"}, "Type": {"Equals", "BeginsWith"},
	"KeyId": {"Equals", "BeginsWith"}, "Tier": {"Equals", "BeginsWith"}, "DataType": {"Equals", "BeginsWith"}, "Label": {"Equals", "BeginsWith", "Contains"},
}

func checkStringFilters(fs []ParameterStringFilter) error {
	for _, f := range fs {
		key, opt := valueOf(f.Key), valueOf(f.Option)
		opts, ok := filterOptions[key]
		if strings.HasPrefix(key, "tag:") {
			ok, opts = true, []string{"Equals", "BeginsWith", "Contains"}
		}
		if !ok {
			return &InvalidFilterKey{}
		}
		if opt != "" && !contains(opts, opt) {
			return &InvalidFilterOption{Message: ptr("The following filter option is not valid: " + opt + ". Valid options include: [" + strings.Join(opts, ", ") + "].")}
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// DescribeParameters implements Provider: metadata (no values) of the
// parameters matching Filters or ParameterFilters (not both), by name,
// MaxResults 1–50.
func (s *Service) DescribeParameters(ctx context.Context, in *DescribeParametersRequest) (*DescribeParametersResult, error) {
	if len(in.Filters) > 0 && len(in.ParameterFilters) > 0 {
		return nil, awsapi.ValidationError("You can use either Filters or ParameterFilters in a single request, but not both.")
	}
	fs := in.ParameterFilters
	for _, f := range in.Filters { // the older ParametersFilter: Name, Type, KeyId
		opt := "Equals"
		if valueOf(f.Key) == "Name" {
			opt = "BeginsWith"
		}
		fs = append(fs, ParameterStringFilter{Key: f.Key, Option: ptr(opt), Values: f.Values})
	}
	if err := checkStringFilters(fs); err != nil {
		return nil, err
	}
	st, r := s.store(ctx)
	s.lock(st)
	var all []ParameterMetadata
	for _, p := range sortedParams(st) {
		v := p.latest()
		if !matchesStringFilters(p, v, fs) {
			continue
		}
		m := ParameterMetadata{Name: ptr(p.name), ARN: ptr(parameterARN(r.Account, r.Region, p.name)), Type: ptr(v.typ),
			LastModifiedDate: ptr(v.modified), LastModifiedUser: ptr(v.user), Version: ptr(v.version), Tier: ptr(v.tier),
			Policies: append([]ParameterInlinePolicy{}, v.policies...), DataType: ptr(v.dataType)}
		if v.keyID != "" {
			m.KeyId = ptr(v.keyID)
		}
		if v.description != "" {
			m.Description = ptr(v.description)
		}
		if v.allowedPattern != "" {
			m.AllowedPattern = ptr(v.allowedPattern)
		}
		all = append(all, m)
	}
	st.mu.Unlock()
	pg, next, err := page(all, in.MaxResults, in.NextToken, 50, 50)
	if err != nil {
		return nil, err
	}
	if pg == nil {
		pg = []ParameterMetadata{}
	}
	return &DescribeParametersResult{Parameters: pg, NextToken: next}, nil
}
