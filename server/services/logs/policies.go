package logs

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
)

// recordPointer is an Insights @ptr: opaque to callers, it names a group,
// stream and event id for GetLogRecord.
func recordPointer(group, stream string, id uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(group + "\n" + stream + "\n" + strconv.FormatUint(id, 10)))
}

// GetLogRecord returns every field of the event an Insights @ptr names.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogRecord.html
func (s *Service) GetLogRecord(ctx context.Context, in *GetLogRecordRequest) (*GetLogRecordResponse, error) {
	raw, err := base64.RawURLEncoding.DecodeString(valueOf(in.LogRecordPointer))
	parts := strings.Split(string(raw), "\n")
	if err != nil || len(parts) != 3 {
		return nil, invalidParameter("The specified logRecordPointer is invalid.")
	}
	id, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return nil, invalidParameter("The specified logRecordPointer is invalid.")
	}
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(parts[0])
	if err != nil {
		return nil, err
	}
	if ls := g.Streams[parts[1]]; ls != nil {
		for _, e := range ls.Events {
			if e.ID == id {
				rec := eventRecord(r.Account, g.Name, ls.Name, e)
				delete(rec, "@ptr")
				return &GetLogRecordResponse{LogRecord: rec}, nil
			}
		}
	}
	return nil, notFound("The specified log record does not exist.")
}

// GetLogGroupFields lists the fields Insights discovers in a group's events
// and the percentage of events that have each.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogGroupFields.html
func (s *Service) GetLogGroupFields(ctx context.Context, in *GetLogGroupFieldsRequest) (*GetLogGroupFieldsResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	counts, total := map[string]int{}, 0
	for _, ls := range g.Streams {
		for _, e := range ls.Events {
			total++
			for f := range eventRecord(r.Account, g.Name, ls.Name, e) {
				if f != "@ptr" {
					counts[f]++
				}
			}
		}
	}
	out := &GetLogGroupFieldsResponse{LogGroupFields: []LogGroupField{}}
	for _, f := range sortedKeys(counts) {
		out.LogGroupFields = append(out.LogGroupFields, LogGroupField{Name: ptr(f), Percent: ptr(int32(counts[f] * 100 / total))})
	}
	return out, nil
}

// PutDataProtectionPolicy attaches a data protection policy to a group
// (recorded; events are not masked).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDataProtectionPolicy.html
func (s *Service) PutDataProtectionPolicy(ctx context.Context, in *PutDataProtectionPolicyRequest) (*PutDataProtectionPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	g.DataProtection, g.DataProtectionAt = valueOf(in.PolicyDocument), s.env.Now().UnixMilli()
	return &PutDataProtectionPolicyResponse{LogGroupIdentifier: in.LogGroupIdentifier, PolicyDocument: in.PolicyDocument,
		LastUpdatedTime: ptr(g.DataProtectionAt)}, nil
}

// GetDataProtectionPolicy returns a group's data protection policy.
func (s *Service) GetDataProtectionPolicy(ctx context.Context, in *GetDataProtectionPolicyRequest) (*GetDataProtectionPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	out := &GetDataProtectionPolicyResponse{LogGroupIdentifier: in.LogGroupIdentifier}
	if g.DataProtection != "" {
		out.PolicyDocument, out.LastUpdatedTime = ptr(g.DataProtection), ptr(g.DataProtectionAt)
	}
	return out, nil
}

// DeleteDataProtectionPolicy removes a group's data protection policy.
func (s *Service) DeleteDataProtectionPolicy(ctx context.Context, in *DeleteDataProtectionPolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if g.DataProtection == "" {
		return nil, notFound("The specified data protection policy does not exist.")
	}
	g.DataProtection, g.DataProtectionAt = "", 0
	return &awsEmpty{}, nil
}

type accountPolicy struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Document  string `json:"document"`
	Scope     string `json:"scope,omitempty"`
	Selection string `json:"selection,omitempty"`
	Updated   int64  `json:"updated"`
}

// PutAccountPolicy creates or replaces an account-level policy (recorded).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html
func (s *Service) PutAccountPolicy(ctx context.Context, in *PutAccountPolicyRequest) (*PutAccountPolicyResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	p := &accountPolicy{Name: valueOf(in.PolicyName), Type: valueOf(in.PolicyType), Document: valueOf(in.PolicyDocument),
		Scope: valueOf(in.Scope), Selection: valueOf(in.SelectionCriteria), Updated: s.env.Now().UnixMilli()}
	if p.Scope == "" {
		p.Scope = "ALL"
	}
	st.data.AccountPolicies[p.Type+"/"+p.Name] = p
	return &PutAccountPolicyResponse{AccountPolicy: ptr(p.describe(r.Account))}, nil
}

func (p *accountPolicy) describe(account string) AccountPolicy {
	return AccountPolicy{PolicyName: ptr(p.Name), PolicyDocument: ptr(p.Document), LastUpdatedTime: ptr(p.Updated), PolicyType: ptr(p.Type),
		Scope: ptr(p.Scope), SelectionCriteria: optional(p.Selection), AccountId: ptr(account)}
}

// DescribeAccountPolicies lists account policies of a type, optionally by name.
func (s *Service) DescribeAccountPolicies(ctx context.Context, in *DescribeAccountPoliciesRequest) (*DescribeAccountPoliciesResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	out := &DescribeAccountPoliciesResponse{AccountPolicies: []AccountPolicy{}}
	keys := sortedKeys(st.data.AccountPolicies)
	sort.Strings(keys)
	for _, k := range keys {
		p := st.data.AccountPolicies[k]
		if p.Type == valueOf(in.PolicyType) && (in.PolicyName == nil || p.Name == *in.PolicyName) {
			out.AccountPolicies = append(out.AccountPolicies, p.describe(r.Account))
		}
	}
	return out, nil
}

// DeleteAccountPolicy deletes an account policy (ResourceNotFoundException).
func (s *Service) DeleteAccountPolicy(ctx context.Context, in *DeleteAccountPolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	k := valueOf(in.PolicyType) + "/" + valueOf(in.PolicyName)
	if st.data.AccountPolicies[k] == nil {
		return nil, notFound("Policy with name [%s] does not exist", valueOf(in.PolicyName))
	}
	delete(st.data.AccountPolicies, k)
	return &awsEmpty{}, nil
}
