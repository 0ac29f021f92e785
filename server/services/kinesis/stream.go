package kinesis

import (
	"context"
	"slices"
	"sort"
	"time"
)

// stream is one data stream; its fields are its snapshot form.
type stream struct {
	Name       string            `json:"name"`
	ARN        string            `json:"arn"`
	Created    time.Time         `json:"created"`
	Mode       string            `json:"mode"`            // PROVISIONED or ON_DEMAND
	Retention  int32             `json:"retention_hours"` // 24..8760
	Encryption string            `json:"encryption"`      // NONE or KMS
	KeyID      string            `json:"key_id,omitempty"`
	Shards     []*shard          `json:"shards"`     // every shard, closed ones too, in creation order
	NextShard  int               `json:"next_shard"` // index of the next shard id
	Counter    uint64            `json:"counter"`    // last sequence number given
	Tags       map[string]string `json:"tags,omitempty"`
	Consumers  []*consumer       `json:"consumers,omitempty"`
	Monitoring []string          `json:"monitoring,omitempty"` // enhanced shard-level metrics
	MaxKiB     int32             `json:"max_record_kib,omitempty"`
	WarmMiBps  int32             `json:"warm_mibps,omitempty"`
}

// Limits AWS documents (Kinesis Data Streams quotas and limits).
const (
	defaultRetention = 24
	maxRetention     = 8760
	onDemandShards   = 4 // an on-demand stream starts with 4 shards
	shardLimit       = 500
	onDemandLimit    = 50
	maxTagsPerStream = 50
	maxConsumers     = 20
	defaultMaxKiB    = 1024
)

func (str *stream) openShards() []*shard {
	var out []*shard
	for _, sh := range str.Shards {
		if sh.open() {
			out = append(out, sh)
		}
	}
	return out
}

func (str *stream) shard(id string) *shard {
	for _, sh := range str.Shards {
		if sh.ID == id {
			return sh
		}
	}
	return nil
}

func (str *stream) modeDetails() *StreamModeDetails {
	return &StreamModeDetails{StreamMode: ptr(str.Mode)}
}

func (str *stream) monitoring() []EnhancedMetrics {
	return []EnhancedMetrics{{ShardLevelMetrics: append([]string{}, str.Monitoring...)}}
}

func (str *stream) keyID() *string {
	if str.KeyID == "" {
		return nil
	}
	return ptr(str.KeyID)
}

// CreateStream creates a stream, ACTIVE at once. Without StreamModeDetails a
// stream with a ShardCount is PROVISIONED and one without is ON_DEMAND
// (4 shards), as AWS does. Errors: ResourceInUseException (name taken),
// LimitExceededException (account shard limit), InvalidArgumentException.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
func (s *Service) CreateStream(ctx context.Context, in *CreateStreamInput) (*awsEmpty, error) {
	account, region := scope(ctx)
	name := valueOf(in.StreamName)
	mode := StreamModePROVISIONED
	if in.StreamModeDetails != nil {
		mode = valueOf(in.StreamModeDetails.StreamMode)
	} else if in.ShardCount == nil {
		mode = StreamModeONDEMAND
	}
	count := int(valueOf(in.ShardCount))
	switch {
	case mode == StreamModeONDEMAND && in.ShardCount != nil:
		return nil, &ValidationException{Message: ptr("ShardCount must not be set for a stream in ON_DEMAND mode.")}
	case mode == StreamModeONDEMAND:
		count = onDemandShards
	case in.ShardCount == nil:
		return nil, &ValidationException{Message: ptr("ShardCount is required for a stream in PROVISIONED mode.")}
	case count < 1:
		return nil, errInvalid("ShardCount %d must be at least 1.", count)
	}
	if len(in.Tags) > maxTagsPerStream {
		return nil, errInvalid("A stream cannot have more than %d tags.", maxTagsPerStream)
	}
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.data.Streams[name] != nil {
		return nil, errInUse("Stream %s under account %s already exists.", name, account)
	}
	if open := st.openShardCount(); open+count > shardLimit {
		return nil, errLimit("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d.", account, region, open, shardLimit)
	}
	now := s.env.Now().UTC()
	str := &stream{Name: name, ARN: streamARN(region, account, name), Created: now, Mode: mode,
		Retention: defaultRetention, Encryption: EncryptionTypeNONE, Tags: map[string]string{},
		MaxKiB: defaultMaxKiB}
	if in.MaxRecordSizeInKiB != nil {
		str.MaxKiB = *in.MaxRecordSizeInKiB
	}
	str.WarmMiBps = valueOf(in.WarmThroughputMiBps)
	for k, v := range in.Tags {
		str.Tags[k] = v
	}
	for _, r := range evenRanges(count) {
		sh := str.newShard(now)
		sh.Start, sh.End = r[0].String(), r[1].String()
	}
	st.data.Streams[name] = str
	return &awsEmpty{}, nil
}

func (st *store) openShardCount() int {
	n := 0
	for _, str := range st.data.Streams {
		n += len(str.openShards())
	}
	return n
}

// DeleteStream deletes a stream at once. A stream with registered consumers
// needs EnforceConsumerDeletion (else ResourceInUseException).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html
func (s *Service) DeleteStream(ctx context.Context, in *DeleteStreamInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if len(str.Consumers) > 0 && !valueOf(in.EnforceConsumerDeletion) {
		return nil, errInUse("Stream %s has registered consumers. Deregister them or set EnforceConsumerDeletion.", str.Name)
	}
	delete(st.data.Streams, str.Name)
	delete(st.data.Policies, str.ARN)
	for _, c := range str.Consumers {
		delete(st.data.Policies, c.ARN)
	}
	return &awsEmpty{}, nil
}

// DescribeStream describes a stream and up to Limit (default 100) of its
// shards after ExclusiveStartShardId.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html
func (s *Service) DescribeStream(ctx context.Context, in *DescribeStreamInput) (*DescribeStreamOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	limit := int(valueOf(in.Limit))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	shards := []Shard{}
	more := false
	after := valueOf(in.ExclusiveStartShardId)
	for _, sh := range str.Shards {
		if after != "" && sh.ID <= after {
			continue
		}
		if len(shards) == limit {
			more = true
			break
		}
		shards = append(shards, sh.describe())
	}
	return &DescribeStreamOutput{StreamDescription: &StreamDescription{
		StreamName: ptr(str.Name), StreamARN: ptr(str.ARN), StreamStatus: ptr(StreamStatusACTIVE),
		StreamModeDetails: str.modeDetails(), Shards: shards, HasMoreShards: ptr(more),
		RetentionPeriodHours: ptr(str.Retention), StreamCreationTimestamp: ptr(str.Created),
		EnhancedMonitoring: str.monitoring(), EncryptionType: ptr(str.Encryption), KeyId: str.keyID(),
	}}, nil
}

// DescribeStreamSummary describes a stream without its shards.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html
func (s *Service) DescribeStreamSummary(ctx context.Context, in *DescribeStreamSummaryInput) (*DescribeStreamSummaryOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	sum := &StreamDescriptionSummary{
		StreamName: ptr(str.Name), StreamARN: ptr(str.ARN), StreamStatus: ptr(StreamStatusACTIVE),
		StreamModeDetails: str.modeDetails(), RetentionPeriodHours: ptr(str.Retention),
		StreamCreationTimestamp: ptr(str.Created), EnhancedMonitoring: str.monitoring(),
		EncryptionType: ptr(str.Encryption), KeyId: str.keyID(),
		OpenShardCount: ptr(int32(len(str.openShards()))), ConsumerCount: ptr(int32(len(str.Consumers))),
		MaxRecordSizeInKiB: ptr(str.MaxKiB),
	}
	if str.WarmMiBps > 0 {
		sum.WarmThroughput = &WarmThroughputObject{TargetMiBps: ptr(str.WarmMiBps), CurrentMiBps: ptr(str.WarmMiBps)}
	}
	return &DescribeStreamSummaryOutput{StreamDescriptionSummary: sum}, nil
}

// ListStreams lists stream names in order, Limit (default 100) at a time,
// after ExclusiveStartStreamName or the NextToken of the last page.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html
func (s *Service) ListStreams(ctx context.Context, in *ListStreamsInput) (*ListStreamsOutput, error) {
	account, region := scope(ctx)
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	names := make([]string, 0, len(st.data.Streams))
	for n := range st.data.Streams {
		names = append(names, n)
	}
	sort.Strings(names)
	after := valueOf(in.ExclusiveStartStreamName)
	if in.NextToken != nil {
		tok, err := decodeToken(*in.NextToken)
		if err != nil {
			return nil, err
		}
		after = tok
	}
	limit := int(valueOf(in.Limit))
	if limit <= 0 || limit > 10000 {
		limit = 100
	}
	out := &ListStreamsOutput{StreamNames: []string{}, StreamSummaries: []StreamSummary{}, HasMoreStreams: ptr(false)}
	for _, n := range names {
		if after != "" && n <= after {
			continue
		}
		if len(out.StreamNames) == limit {
			out.HasMoreStreams = ptr(true)
			out.NextToken = ptr(encodeToken(out.StreamNames[len(out.StreamNames)-1]))
			break
		}
		str := st.data.Streams[n]
		out.StreamNames = append(out.StreamNames, n)
		out.StreamSummaries = append(out.StreamSummaries, StreamSummary{StreamName: ptr(n), StreamARN: ptr(str.ARN),
			StreamStatus: ptr(StreamStatusACTIVE), StreamModeDetails: str.modeDetails(), StreamCreationTimestamp: ptr(str.Created)})
	}
	return out, nil
}

// IncreaseStreamRetentionPeriod raises retention (hours, at most 8760); a
// value below the current one is InvalidArgumentException.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html
func (s *Service) IncreaseStreamRetentionPeriod(ctx context.Context, in *IncreaseStreamRetentionPeriodInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	h := valueOf(in.RetentionPeriodHours)
	switch {
	case h > maxRetention:
		return nil, errInvalid("Maximum allowed retention period is %d hours. Requested retention period (%d hours) is too long.", maxRetention, h)
	case h < str.Retention:
		return nil, errInvalid("Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", h, str.Name, str.Retention)
	}
	str.Retention = h
	return &awsEmpty{}, nil
}

// DecreaseStreamRetentionPeriod lowers retention (hours, at least 24); a
// value above the current one is InvalidArgumentException.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html
func (s *Service) DecreaseStreamRetentionPeriod(ctx context.Context, in *DecreaseStreamRetentionPeriodInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	h := valueOf(in.RetentionPeriodHours)
	switch {
	case h < defaultRetention:
		return nil, errInvalid("Minimum allowed retention period is %d hours. Requested retention period (%d hours) is too short.", defaultRetention, h)
	case h > str.Retention:
		return nil, errInvalid("Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", h, str.Name, str.Retention)
	}
	str.Retention = h
	return &awsEmpty{}, nil
}

// StartStreamEncryption records KMS encryption with KeyId; records put from
// then on carry EncryptionType KMS.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html
func (s *Service) StartStreamEncryption(ctx context.Context, in *StartStreamEncryptionInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if valueOf(in.EncryptionType) != EncryptionTypeKMS {
		return nil, errInvalid("EncryptionType must be KMS.")
	}
	str.Encryption, str.KeyID = EncryptionTypeKMS, valueOf(in.KeyId)
	return &awsEmpty{}, nil
}

// StopStreamEncryption turns encryption off.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html
func (s *Service) StopStreamEncryption(ctx context.Context, in *StopStreamEncryptionInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if valueOf(in.EncryptionType) != EncryptionTypeKMS {
		return nil, errInvalid("EncryptionType must be KMS.")
	}
	str.Encryption, str.KeyID = EncryptionTypeNONE, ""
	return &awsEmpty{}, nil
}

// UpdateStreamMode switches between PROVISIONED and ON_DEMAND; shards stay.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html
func (s *Service) UpdateStreamMode(ctx context.Context, in *UpdateStreamModeInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	mode := valueOf(valueOf(in.StreamModeDetails).StreamMode)
	if mode == str.Mode {
		return nil, errInUse("Stream %s is already in %s mode.", str.Name, mode)
	}
	str.Mode = mode
	if in.WarmThroughputMiBps != nil {
		str.WarmMiBps = *in.WarmThroughputMiBps
	}
	return &awsEmpty{}, nil
}

// UpdateStreamWarmThroughput records the warm throughput (on-demand streams).
func (s *Service) UpdateStreamWarmThroughput(ctx context.Context, in *UpdateStreamWarmThroughputInput) (*UpdateStreamWarmThroughputOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if str.Mode != StreamModeONDEMAND {
		return nil, errInvalid("Warm throughput can only be set on a stream in ON_DEMAND mode.")
	}
	str.WarmMiBps = valueOf(in.WarmThroughputMiBps)
	return &UpdateStreamWarmThroughputOutput{StreamARN: ptr(str.ARN), StreamName: ptr(str.Name),
		WarmThroughput: &WarmThroughputObject{TargetMiBps: ptr(str.WarmMiBps), CurrentMiBps: ptr(str.WarmMiBps)}}, nil
}

// UpdateMaxRecordSize records the stream's maximum record size (KiB,
// 1024..10240 per the model).
func (s *Service) UpdateMaxRecordSize(ctx context.Context, in *UpdateMaxRecordSizeInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	str.MaxKiB = valueOf(in.MaxRecordSizeInKiB)
	return &awsEmpty{}, nil
}

// allMetrics expands "ALL" in EnhancedMonitoring requests.
var allMetrics = []string{MetricsNameIncomingBytes, MetricsNameIncomingRecords, MetricsNameOutgoingBytes,
	MetricsNameOutgoingRecords, MetricsNameWriteProvisionedThroughputExceeded,
	MetricsNameReadProvisionedThroughputExceeded, MetricsNameIteratorAgeMilliseconds}

// EnableEnhancedMonitoring records shard-level metrics ("ALL" expands).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html
func (s *Service) EnableEnhancedMonitoring(ctx context.Context, in *EnableEnhancedMonitoringInput) (*EnhancedMonitoringOutput, error) {
	return s.monitor(ctx, in.StreamName, in.StreamARN, in.ShardLevelMetrics, true)
}

// DisableEnhancedMonitoring removes shard-level metrics ("ALL" expands).
func (s *Service) DisableEnhancedMonitoring(ctx context.Context, in *DisableEnhancedMonitoringInput) (*EnhancedMonitoringOutput, error) {
	return s.monitor(ctx, in.StreamName, in.StreamARN, in.ShardLevelMetrics, false)
}

func (s *Service) monitor(ctx context.Context, name, arn *string, metrics []string, enable bool) (*EnhancedMonitoringOutput, error) {
	st, str, err := s.locate(ctx, name, arn)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	cur := append([]string{}, str.Monitoring...)
	want := metrics
	if slices.Contains(metrics, MetricsNameALL) {
		want = allMetrics
	}
	next := slices.Clone(cur)
	for _, m := range want {
		has := slices.Contains(next, m)
		if enable && !has {
			next = append(next, m)
		} else if !enable && has {
			next = slices.DeleteFunc(next, func(x string) bool { return x == m })
		}
	}
	sort.Strings(next)
	str.Monitoring = next
	return &EnhancedMonitoringOutput{StreamName: ptr(str.Name), StreamARN: ptr(str.ARN),
		CurrentShardLevelMetrics: cur, DesiredShardLevelMetrics: append([]string{}, next...)}, nil
}

// DescribeLimits reports the account's shard and on-demand stream limits and
// use in the region.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html
func (s *Service) DescribeLimits(ctx context.Context, _ *DescribeLimitsInput) (*DescribeLimitsOutput, error) {
	account, region := scope(ctx)
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	onDemand := 0
	for _, str := range st.data.Streams {
		if str.Mode == StreamModeONDEMAND {
			onDemand++
		}
	}
	return &DescribeLimitsOutput{ShardLimit: ptr(int32(shardLimit)), OpenShardCount: ptr(int32(st.openShardCount())),
		OnDemandStreamCount: ptr(int32(onDemand)), OnDemandStreamCountLimit: ptr(int32(onDemandLimit))}, nil
}

// DescribeAccountSettings reports the recorded minimum throughput billing
// commitment (DISABLED until UpdateAccountSettings).
func (s *Service) DescribeAccountSettings(ctx context.Context, _ *DescribeAccountSettingsInput) (*DescribeAccountSettingsOutput, error) {
	account, region := scope(ctx)
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	return &DescribeAccountSettingsOutput{MinimumThroughputBillingCommitment: st.commitment()}, nil
}

// UpdateAccountSettings records the minimum throughput billing commitment.
func (s *Service) UpdateAccountSettings(ctx context.Context, in *UpdateAccountSettingsInput) (*UpdateAccountSettingsOutput, error) {
	account, region := scope(ctx)
	st := s.store(account, region)
	st.mu.Lock()
	defer st.mu.Unlock()
	status := valueOf(valueOf(in.MinimumThroughputBillingCommitment).Status)
	if status == MinimumThroughputBillingCommitmentInputStatusENABLED && st.data.BillingCommitment != status {
		st.data.BillingStarted = s.env.Now().UTC()
	}
	st.data.BillingCommitment = status
	return &UpdateAccountSettingsOutput{MinimumThroughputBillingCommitment: st.commitment()}, nil
}

func (st *store) commitment() *MinimumThroughputBillingCommitmentOutput {
	out := &MinimumThroughputBillingCommitmentOutput{Status: ptr(MinimumThroughputBillingCommitmentOutputStatusDISABLED)}
	if st.data.BillingCommitment == MinimumThroughputBillingCommitmentInputStatusENABLED {
		out.Status = ptr(MinimumThroughputBillingCommitmentOutputStatusENABLED)
		out.StartedAt = ptr(st.data.BillingStarted)
		out.EarliestAllowedEndAt = ptr(st.data.BillingStarted.Add(24 * time.Hour))
	}
	return out
}
