package kinesis

import (
	"context"
	"fmt"
	"math/big"
	"time"
)

// shard is one shard with its records; its fields are its snapshot form.
// Hash keys are 128-bit unsigned integers in decimal, as AWS shows them.
type shard struct {
	ID       string    `json:"id"`
	Parent   string    `json:"parent,omitempty"`
	Adjacent string    `json:"adjacent_parent,omitempty"`
	Start    string    `json:"start_hash"`
	End      string    `json:"end_hash"`
	StartSeq uint64    `json:"start_seq"`
	EndSeq   uint64    `json:"end_seq,omitempty"` // 0 while open
	Created  time.Time `json:"created"`
	Closed   time.Time `json:"closed,omitzero"`
	Records  []record  `json:"records,omitempty"`
}

func (sh *shard) open() bool { return sh.Closed.IsZero() }

func (sh *shard) bounds() (*big.Int, *big.Int) {
	a, _ := new(big.Int).SetString(sh.Start, 10)
	b, _ := new(big.Int).SetString(sh.End, 10)
	return a, b
}

func (sh *shard) contains(h *big.Int) bool {
	a, b := sh.bounds()
	return h.Cmp(a) >= 0 && h.Cmp(b) <= 0
}

func (sh *shard) describe() Shard {
	out := Shard{ShardId: ptr(sh.ID), HashKeyRange: &HashKeyRange{StartingHashKey: ptr(sh.Start), EndingHashKey: ptr(sh.End)},
		SequenceNumberRange: &SequenceNumberRange{StartingSequenceNumber: ptr(seqString(sh.StartSeq))}}
	if sh.Parent != "" {
		out.ParentShardId = ptr(sh.Parent)
	}
	if sh.Adjacent != "" {
		out.AdjacentParentShardId = ptr(sh.Adjacent)
	}
	if !sh.open() {
		out.SequenceNumberRange.EndingSequenceNumber = ptr(seqString(sh.EndSeq))
	}
	return out
}

// maxHash is 2^128 - 1, the last hash key.
var maxHash = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))

// evenRanges splits [0, 2^128-1] into n contiguous ranges of equal size
// (the last one takes the remainder), as CreateStream and
// UpdateShardCount's UNIFORM_SCALING do.
func evenRanges(n int) [][2]*big.Int {
	size := new(big.Int).Div(new(big.Int).Add(maxHash, big.NewInt(1)), big.NewInt(int64(n)))
	out := make([][2]*big.Int, n)
	for i := range n {
		start := new(big.Int).Mul(size, big.NewInt(int64(i)))
		end := new(big.Int).Sub(new(big.Int).Add(start, size), big.NewInt(1))
		if i == n-1 {
			end = new(big.Int).Set(maxHash)
		}
		out[i] = [2]*big.Int{start, end}
	}
	return out
}

// newShard appends an open shard with the next shard id, starting after
// the stream's last sequence number.
func (str *stream) newShard(now time.Time) *shard {
	sh := &shard{ID: fmt.Sprintf("shardId-%012d", str.NextShard), StartSeq: str.Counter + 1, Created: now}
	str.NextShard++
	str.Shards = append(str.Shards, sh)
	return sh
}

// close ends an open shard at the stream's current sequence number.
func (str *stream) close(sh *shard, now time.Time) {
	sh.Closed = now
	sh.EndSeq = str.Counter
	if sh.EndSeq < sh.StartSeq {
		// An empty shard's range still needs End >= Start.
		sh.EndSeq = sh.StartSeq
	}
}

func (s *Service) openShard(str *stream, id string) (*shard, error) {
	sh := str.shard(id)
	if sh == nil {
		return nil, errNotFound("Could not find shard %s in stream %s under account %s.", id, str.Name, accountOf(str.ARN))
	}
	if !sh.open() {
		return nil, errInvalid("Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for merging or splitting.", id, str.Name, accountOf(str.ARN))
	}
	return sh, nil
}

func accountOf(arn string) string {
	_, a, _, _ := parseStreamARN(arn)
	return a
}

// SplitShard closes ShardToSplit and opens two children: one from its start
// to NewStartingHashKey-1, one from NewStartingHashKey to its end.
// NewStartingHashKey must lie strictly inside the parent's range.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html
func (s *Service) SplitShard(ctx context.Context, in *SplitShardInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	parent, err := s.openShard(str, valueOf(in.ShardToSplit))
	if err != nil {
		return nil, err
	}
	h, ok := new(big.Int).SetString(valueOf(in.NewStartingHashKey), 10)
	a, b := parent.bounds()
	if !ok || h.Cmp(a) <= 0 || h.Cmp(b) > 0 {
		return nil, errInvalid("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
			valueOf(in.NewStartingHashKey), parent.ID, str.Name, accountOf(str.ARN), parent.Start, parent.End)
	}
	if st.openShardCount()+1 > shardLimit {
		return nil, errLimit("This request would exceed the shard limit of %d.", shardLimit)
	}
	now := s.env.Now().UTC()
	str.close(parent, now)
	left := str.newShard(now)
	left.Parent, left.Start, left.End = parent.ID, parent.Start, new(big.Int).Sub(h, big.NewInt(1)).String()
	right := str.newShard(now)
	right.Parent, right.Start, right.End = parent.ID, h.String(), parent.End
	return &awsEmpty{}, nil
}

// MergeShards closes two open shards with adjacent hash-key ranges and opens
// one child over their union (ParentShardId = ShardToMerge,
// AdjacentParentShardId = AdjacentShardToMerge).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html
func (s *Service) MergeShards(ctx context.Context, in *MergeShardsInput) (*awsEmpty, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	x, err := s.openShard(str, valueOf(in.ShardToMerge))
	if err != nil {
		return nil, err
	}
	y, err := s.openShard(str, valueOf(in.AdjacentShardToMerge))
	if err != nil {
		return nil, err
	}
	xa, xb := x.bounds()
	ya, yb := y.bounds()
	one := big.NewInt(1)
	lo, hi := xa, yb
	switch {
	case new(big.Int).Add(xb, one).Cmp(ya) == 0:
	case new(big.Int).Add(yb, one).Cmp(xa) == 0:
		lo, hi = ya, xb
	default:
		return nil, errInvalid("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
			x.ID, y.ID, str.Name, accountOf(str.ARN))
	}
	now := s.env.Now().UTC()
	str.close(x, now)
	str.close(y, now)
	child := str.newShard(now)
	child.Parent, child.Adjacent, child.Start, child.End = x.ID, y.ID, lo.String(), hi.String()
	return &awsEmpty{}, nil
}

// UpdateShardCount reshards to TargetShardCount uniform shards: every open
// shard closes and the new shards split the hash space evenly, each naming
// as parents the old shards its range overlaps (at most two). AWS limits a
// call to between half and double the open shard count.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
func (s *Service) UpdateShardCount(ctx context.Context, in *UpdateShardCountInput) (*UpdateShardCountOutput, error) {
	st, str, err := s.locate(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if str.Mode == StreamModeONDEMAND {
		return nil, &ValidationException{Message: ptr(fmt.Sprintf("UpdateShardCount is not supported for stream %s under account %s in ON_DEMAND mode.", str.Name, accountOf(str.ARN)))}
	}
	old := str.openShards()
	cur, target := len(old), int(valueOf(in.TargetShardCount))
	switch {
	case target > 2*cur:
		return nil, errLimit("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: %d Target shard count: %d", cur, target)
	case 2*target < cur:
		return nil, errLimit("UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: %d Target shard count: %d", cur, target)
	case st.openShardCount()-cur+target > shardLimit:
		return nil, errLimit("This request would exceed the shard limit of %d.", shardLimit)
	}
	out := &UpdateShardCountOutput{StreamName: ptr(str.Name), StreamARN: ptr(str.ARN),
		CurrentShardCount: ptr(int32(cur)), TargetShardCount: ptr(int32(target))}
	if target == cur {
		return out, nil
	}
	now := s.env.Now().UTC()
	for _, sh := range old {
		str.close(sh, now)
	}
	for _, r := range evenRanges(target) {
		sh := str.newShard(now)
		sh.Start, sh.End = r[0].String(), r[1].String()
		var parents []string
		for _, o := range old {
			oa, ob := o.bounds()
			if oa.Cmp(r[1]) <= 0 && ob.Cmp(r[0]) >= 0 {
				parents = append(parents, o.ID)
			}
		}
		if len(parents) > 0 {
			sh.Parent = parents[0]
		}
		if len(parents) > 1 {
			sh.Adjacent = parents[1]
		}
	}
	return out, nil
}

// children lists the shards whose parent or adjacent parent is sh.
func (str *stream) children(sh *shard) []ChildShard {
	var out []ChildShard
	for _, c := range str.Shards {
		if c.Parent != sh.ID && c.Adjacent != sh.ID {
			continue
		}
		parents := []string{c.Parent}
		if c.Adjacent != "" {
			parents = append(parents, c.Adjacent)
		}
		out = append(out, ChildShard{ShardId: ptr(c.ID), ParentShards: parents,
			HashKeyRange: &HashKeyRange{StartingHashKey: ptr(c.Start), EndingHashKey: ptr(c.End)}})
	}
	return out
}
