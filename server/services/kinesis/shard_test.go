package kinesis

import (
	"math/big"
	"testing"
)

// evenRanges covers [0, 2^128-1] without gaps or overlaps, the last shard
// taking the remainder (Kinesis Developer Guide: hash keys are 128-bit
// integers; CreateStream splits the key space evenly).
func TestEvenRanges(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 500} {
		rs := evenRanges(n)
		if len(rs) != n || rs[0][0].Sign() != 0 || rs[n-1][1].Cmp(maxHash) != 0 {
			t.Fatalf("%d shards: first %v last %v", n, rs[0][0], rs[n-1][1])
		}
		for i := 1; i < n; i++ {
			if new(big.Int).Add(rs[i-1][1], big.NewInt(1)).Cmp(rs[i][0]) != 0 {
				t.Fatalf("%d shards: gap between %d and %d", n, i-1, i)
			}
		}
	}
}

func TestSequenceNumbers(t *testing.T) {
	for _, n := range []uint64{0, 1, 42, 1 << 62} {
		s := seqString(n)
		got, ok := parseSeq(s)
		if len(s) != 56 || !ok || got != n {
			t.Fatalf("%d -> %s -> %d %v", n, s, got, ok)
		}
	}
	if seqString(9) >= seqString(10) {
		t.Fatal("sequence numbers do not sort as strings")
	}
	for _, bad := range []string{"", "12", "4900000000000000000000000000000000000000000000000000000x"} {
		if _, ok := parseSeq(bad); ok {
			t.Fatalf("%q parsed", bad)
		}
	}
}
