package kinesis

import (
	"context"
	"strings"
	"time"
)

// ListShards lists a stream's shards, MaxResults (default 1000, at most
// 10000) at a time, after ExclusiveStartShardId, narrowed by ShardFilter:
// AFTER_SHARD_ID (ids after ShardId), AT_TRIM_HORIZON / FROM_TRIM_HORIZON
// (every shard still holding data), AT_LATEST (open shards), AT_TIMESTAMP
// (shards open at Timestamp) and FROM_TIMESTAMP (shards open at or created
// after Timestamp). NextToken excludes StreamName (InvalidArgumentException).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html
func (s *Service) ListShards(ctx context.Context, in *ListShardsInput) (*ListShardsOutput, error) {
	name, arn, after := in.StreamName, in.StreamARN, valueOf(in.ExclusiveStartShardId)
	filter := in.ShardFilter
	if in.NextToken != nil {
		if name != nil || in.ExclusiveStartShardId != nil || filter != nil {
			return nil, errInvalid("NextToken and StreamName or ExclusiveStartShardId or ShardFilter cannot be provided together.")
		}
		tok, err := decodeToken(*in.NextToken)
		if err != nil {
			return nil, err
		}
		parts := strings.SplitN(tok, "|", 3)
		if len(parts) != 3 {
			return nil, errInvalid("Invalid NextToken.")
		}
		arn, after = ptr(parts[0]), parts[1]
		if parts[2] != "" {
			filter = &ShardFilter{Type: ptr(ShardFilterTypeATLATEST)}
		}
	}
	st, str, err := s.locate(ctx, name, arn)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	limit := int(valueOf(in.MaxResults))
	if limit <= 0 || limit > 10000 {
		limit = 1000
	}
	keep, err := shardFilter(filter)
	if err != nil {
		return nil, err
	}
	horizon := s.env.Now().Add(-time.Duration(str.Retention) * time.Hour)
	out := &ListShardsOutput{Shards: []Shard{}}
	for _, sh := range str.Shards {
		if after != "" && sh.ID <= after {
			continue
		}
		if !sh.open() && sh.Closed.Before(horizon) {
			continue // past retention: AWS no longer lists it
		}
		if !keep(sh) {
			continue
		}
		if len(out.Shards) == limit {
			latest := ""
			if filter != nil && valueOf(filter.Type) == ShardFilterTypeATLATEST {
				latest = "L"
			}
			out.NextToken = ptr(encodeToken(str.ARN + "|" + valueOf(out.Shards[limit-1].ShardId) + "|" + latest))
			break
		}
		out.Shards = append(out.Shards, sh.describe())
	}
	return out, nil
}

func shardFilter(f *ShardFilter) (func(*shard) bool, error) {
	if f == nil {
		return func(*shard) bool { return true }, nil
	}
	switch valueOf(f.Type) {
	case ShardFilterTypeAFTERSHARDID:
		if f.ShardId == nil {
			return nil, errInvalid("ShardId must be provided for ShardFilter type AFTER_SHARD_ID.")
		}
		id := *f.ShardId
		return func(sh *shard) bool { return sh.ID > id }, nil
	case ShardFilterTypeATTRIMHORIZON, ShardFilterTypeFROMTRIMHORIZON:
		return func(*shard) bool { return true }, nil
	case ShardFilterTypeATLATEST:
		return func(sh *shard) bool { return sh.open() }, nil
	case ShardFilterTypeATTIMESTAMP, ShardFilterTypeFROMTIMESTAMP:
		if f.Timestamp == nil {
			return nil, errInvalid("Timestamp must be provided for ShardFilter type %s.", valueOf(f.Type))
		}
		ts, from := *f.Timestamp, valueOf(f.Type) == ShardFilterTypeFROMTIMESTAMP
		return func(sh *shard) bool {
			openAt := !sh.Created.After(ts) && (sh.open() || sh.Closed.After(ts))
			return openAt || (from && sh.Created.After(ts))
		}, nil
	}
	return nil, errInvalid("Invalid ShardFilter type %s.", valueOf(f.Type))
}
