package logs

import (
	"context"
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// group is a log group; its fields are its snapshot form.
type group struct {
	Name          string                         `json:"name"`
	ARN           string                         `json:"arn"` // without the trailing ":*"
	Created       int64                          `json:"created"`
	Retention     int32                          `json:"retention_days,omitempty"` // 0: never expire
	KMSKey        string                         `json:"kms_key,omitempty"`
	Class         string                         `json:"class"`
	Protected     bool                           `json:"deletion_protection,omitempty"`
	Tags          map[string]string              `json:"tags,omitempty"`
	Streams       map[string]*logStream          `json:"streams"`
	MetricFilters map[string]*metricFilter       `json:"metric_filters,omitempty"`
	Subscriptions map[string]*subscriptionFilter `json:"subscription_filters,omitempty"`
	NextEventID   uint64                         `json:"next_event_id"`
	// DataProtection is the group's data protection policy (recorded).
	DataProtection   string `json:"data_protection,omitempty"`
	DataProtectionAt int64  `json:"data_protection_at,omitempty"`
	// IndexPolicy and Transformer are recorded (grouppolicies.go).
	IndexPolicy         string      `json:"index_policy,omitempty"`
	IndexPolicyAt       int64       `json:"index_policy_at,omitempty"`
	Transformer         []Processor `json:"transformer,omitempty"`
	TransformerCreated  int64       `json:"transformer_created,omitempty"`
	TransformerModified int64       `json:"transformer_modified,omitempty"`
}

// retentionDays are the values PutRetentionPolicy accepts.
var retentionDays = []int32{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

const maxTags = 50

func (g *group) describe() LogGroup {
	out := LogGroup{LogGroupName: ptr(g.Name), CreationTime: ptr(g.Created), Arn: ptr(g.ARN + ":*"), LogGroupArn: ptr(g.ARN),
		MetricFilterCount: ptr(int32(len(g.MetricFilters))), StoredBytes: ptr(g.storedBytes()), LogGroupClass: ptr(g.Class),
		DeletionProtectionEnabled: ptr(g.Protected)}
	if g.Retention > 0 {
		out.RetentionInDays = ptr(g.Retention)
	}
	if g.KMSKey != "" {
		out.KmsKeyId = ptr(g.KMSKey)
	}
	if g.DataProtection != "" {
		out.DataProtectionStatus = ptr("ACTIVATED")
	}
	return out
}

func (g *group) storedBytes() int64 {
	var n int64
	for _, s := range g.Streams {
		n += s.Bytes
	}
	return n
}

func (st *store) group(name string) (*group, error) {
	g := st.data.Groups[name]
	if g == nil {
		return nil, notFound("The specified log group does not exist.")
	}
	return g, nil
}

// groupByIdentifier resolves a logGroupName or logGroupIdentifier (a name or
// an ARN, with or without ":*").
func (st *store) groupByIdentifier(name, identifier *string) (*group, error) {
	if name != nil && identifier != nil {
		return nil, invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	}
	if identifier != nil {
		id := strings.TrimSuffix(*identifier, ":*")
		if i := strings.Index(id, ":log-group:"); strings.HasPrefix(id, "arn:") && i >= 0 {
			id = id[i+len(":log-group:"):]
		}
		return st.group(id)
	}
	if name == nil {
		return nil, invalidParameter("Either logGroupName or logGroupIdentifier must be specified.")
	}
	return st.group(*name)
}

// CreateLogGroup creates a log group (ResourceAlreadyExistsException when
// it exists); kmsKeyId is recorded, logGroupClass defaults to STANDARD.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
func (s *Service) CreateLogGroup(ctx context.Context, in *CreateLogGroupRequest) (*awsEmpty, error) {
	if len(in.Tags) > maxTags {
		return nil, logsError("TooManyTagsException", "A resource can have no more than %d tags.", maxTags)
	}
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	name := valueOf(in.LogGroupName)
	if st.data.Groups[name] != nil {
		return nil, alreadyExists("The specified log group already exists")
	}
	g := &group{Name: name, ARN: groupARN(r.Region, r.Account, name), Created: s.env.Now().UnixMilli(),
		KMSKey: valueOf(in.KmsKeyId), Class: "STANDARD", Protected: valueOf(in.DeletionProtectionEnabled),
		Tags: map[string]string{}, Streams: map[string]*logStream{}, MetricFilters: map[string]*metricFilter{},
		Subscriptions: map[string]*subscriptionFilter{}}
	if in.LogGroupClass != nil {
		g.Class = *in.LogGroupClass
	}
	for k, v := range in.Tags {
		g.Tags[k] = v
	}
	st.data.Groups[name] = g
	return &awsEmpty{}, nil
}

// DeleteLogGroup deletes a group with its streams and filters; a group with
// deletion protection is refused (OperationAbortedException).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
func (s *Service) DeleteLogGroup(ctx context.Context, in *DeleteLogGroupRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if g.Protected {
		return nil, logsError("OperationAbortedException", "Log group %s has deletion protection enabled.", g.Name)
	}
	delete(st.data.Groups, g.Name)
	return &awsEmpty{}, nil
}

// PutLogGroupDeletionProtection turns deletion protection on or off.
func (s *Service) PutLogGroupDeletionProtection(ctx context.Context, in *PutLogGroupDeletionProtectionRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(nil, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	g.Protected = valueOf(in.DeletionProtectionEnabled)
	return &awsEmpty{}, nil
}

// DescribeLogGroups lists groups by name (logGroupNamePrefix, or
// logGroupNamePattern as a case-insensitive substring, not both), class and
// identifiers, limit (default and most 50) a page.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
func (s *Service) DescribeLogGroups(ctx context.Context, in *DescribeLogGroupsRequest) (*DescribeLogGroupsResponse, error) {
	if in.LogGroupNamePrefix != nil && in.LogGroupNamePattern != nil {
		return nil, invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	var ids []string
	for _, id := range in.LogGroupIdentifiers {
		ids = append(ids, strings.TrimSuffix(id, ":*"))
	}
	names := st.groupNames(func(g *group) bool {
		switch {
		case in.LogGroupNamePrefix != nil && !strings.HasPrefix(g.Name, *in.LogGroupNamePrefix),
			in.LogGroupNamePattern != nil && !strings.Contains(strings.ToLower(g.Name), strings.ToLower(*in.LogGroupNamePattern)),
			in.LogGroupClass != nil && g.Class != *in.LogGroupClass,
			len(ids) > 0 && !slices.Contains(ids, g.Name) && !slices.Contains(ids, g.ARN):
			return false
		}
		return true
	})
	page, next, err := paginate(names, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeLogGroupsResponse{LogGroups: []LogGroup{}, NextToken: next}
	for _, n := range page {
		out.LogGroups = append(out.LogGroups, st.data.Groups[n].describe())
	}
	return out, nil
}

// ListLogGroups lists group summaries by name pattern and class.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListLogGroups.html
func (s *Service) ListLogGroups(ctx context.Context, in *ListLogGroupsRequest) (*ListLogGroupsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	names := st.groupNames(func(g *group) bool {
		return (in.LogGroupNamePattern == nil || strings.Contains(strings.ToLower(g.Name), strings.ToLower(*in.LogGroupNamePattern))) &&
			(in.LogGroupClass == nil || g.Class == *in.LogGroupClass)
	})
	page, next, err := paginate(names, in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &ListLogGroupsResponse{LogGroups: []LogGroupSummary{}, NextToken: next}
	for _, n := range page {
		g := st.data.Groups[n]
		out.LogGroups = append(out.LogGroups, LogGroupSummary{LogGroupName: ptr(g.Name), LogGroupArn: ptr(g.ARN), LogGroupClass: ptr(g.Class)})
	}
	return out, nil
}

func (st *store) groupNames(keep func(*group) bool) []string {
	var names []string
	for n, g := range st.data.Groups {
		if keep(g) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// paginate pages sorted names: the token is the offset, limit defaults to def.
func paginate(names []string, token *string, limit, def int) ([]string, *string, error) {
	off := 0
	if token != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*token)
		n, err2 := strconv.Atoi(string(raw))
		if err != nil || err2 != nil || n < 0 || n > len(names) {
			return nil, nil, invalidParameter("The specified nextToken is invalid.")
		}
		off = n
	}
	if limit <= 0 || limit > def {
		limit = def
	}
	end := min(off+limit, len(names))
	var next *string
	if end < len(names) {
		next = ptr(base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
	}
	return names[off:end], next, nil
}

// PutRetentionPolicy sets retention in days (one of the documented values,
// else InvalidParameterException).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
func (s *Service) PutRetentionPolicy(ctx context.Context, in *PutRetentionPolicyRequest) (*awsEmpty, error) {
	days := valueOf(in.RetentionInDays)
	if !slices.Contains(retentionDays, days) {
		return nil, invalidParameter("1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: %v", days, retentionDays)
	}
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	g.Retention = days
	return &awsEmpty{}, nil
}

// DeleteRetentionPolicy makes a group's events never expire.
func (s *Service) DeleteRetentionPolicy(ctx context.Context, in *DeleteRetentionPolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.group(valueOf(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	g.Retention = 0
	return &awsEmpty{}, nil
}

// AssociateKmsKey records the group's KMS key.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
func (s *Service) AssociateKmsKey(ctx context.Context, in *AssociateKmsKeyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.ResourceIdentifier)
	if err != nil {
		return nil, err
	}
	g.KMSKey = valueOf(in.KmsKeyId)
	return &awsEmpty{}, nil
}

// DisassociateKmsKey removes the group's KMS key.
func (s *Service) DisassociateKmsKey(ctx context.Context, in *DisassociateKmsKeyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	g, err := st.groupByIdentifier(in.LogGroupName, in.ResourceIdentifier)
	if err != nil {
		return nil, err
	}
	g.KMSKey = ""
	return &awsEmpty{}, nil
}

// retentionHorizon is the oldest timestamp (ms) the group keeps at now.
func (g *group) retentionHorizon(now time.Time) int64 {
	if g.Retention == 0 {
		return 0
	}
	return now.Add(-time.Duration(g.Retention) * 24 * time.Hour).UnixMilli()
}
