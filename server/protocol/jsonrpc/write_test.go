package jsonrpc

import (
	"bytes"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// TestDirectWriterMatchesGeneral encodes random outputs of every operation
// of the JSON-protocol services in the registry (and random wrong-typed
// ones) with Encode's direct writer and with the general path
// (StructToJSON + Marshal), and wants the same body or an error from both.
func TestDirectWriterMatchesGeneral(t *testing.T) {
	reg := model.NewRegistry()
	c := New()
	rng := rand.New(rand.NewPCG(7, 11))
	ops, errs := 0, 0
	for _, info := range reg.All() {
		if !slices.Contains(info.Protocols, "json") {
			continue
		}
		if testing.Short() && info.Name != "dynamodb" && info.Name != "sqs" {
			continue
		}
		svc, err := reg.Service(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for n := range svc.Operations {
				if !yield(n) {
					return
				}
			}
		}) {
			op := svc.Operations[name]
			if op.Output == nil {
				continue
			}
			ops++
			for i := range 4 {
				// Two identical values: a blob may be a reader, read once.
				seed := rng.Uint64()
				outs := [2]map[string]any{}
				for k := range outs {
					g := &gen{rng: rand.New(rand.NewPCG(seed, 1)), wrong: i == 3}
					outs[k], _ = g.value(op.Output, 0).(map[string]any)
				}
				direct := httptest.NewRecorder()
				derr := c.Encode(direct, svc, op, outs[0], protocol.Meta{})
				general := httptest.NewRecorder()
				gerr := encodeGeneral(general, svc, op, outs[1])
				// Errors come from the general path either way; which bad map
				// value it reports first depends on map order.
				if (derr == nil) != (gerr == nil) {
					t.Fatalf("%s.%s: error %v, general path %v", info.Name, name, derr, gerr)
				}
				if derr != nil {
					errs++
				}
				if !bytes.Equal(direct.Body.Bytes(), general.Body.Bytes()) {
					t.Fatalf("%s.%s:\n direct  %s\n general %s", info.Name, name, direct.Body, general.Body)
				}
			}
		}
	}
	if ops == 0 || errs == 0 {
		t.Fatalf("%d operations tried, %d failing values", ops, errs)
	}
	t.Logf("%d operations, %d failing values", ops, errs)
}

// gen makes random generic values of a shape; wrong makes one value in
// twenty the wrong Go type.
type gen struct {
	rng   *rand.Rand
	wrong bool
}

var genStrings = []string{"", "plain", "<a&b>", "quote\"back\\slash", "tab\tnl\n\x01", "snow ☃ 日本",
	"\u2028\u2029", "bad \xff utf8", "emoji 😀", "/path?x=1"}

func (g *gen) value(ref *model.Ref, depth int) any {
	sh := ref.Shape
	if g.wrong && g.rng.IntN(20) == 0 {
		return struct{}{}
	}
	if sh.Document {
		return map[string]any{"n": 1.5, "s": "<x>", "l": []any{math.Inf(1), nil, true}}
	}
	switch sh.Type {
	case "structure", "union":
		m := map[string]any{}
		if depth > 6 {
			return m
		}
		for _, name := range sh.MemberNames {
			switch g.rng.IntN(4) {
			case 0:
				continue
			case 1:
				m[name] = nil
			default:
				m[name] = g.value(sh.Members[name], depth+1)
			}
		}
		return m
	case "list":
		n := g.rng.IntN(4)
		if depth > 6 {
			n = 0
		}
		l := make([]any, n)
		for i := range l {
			if g.rng.IntN(5) > 0 {
				l[i] = g.value(sh.Member, depth+1)
			}
		}
		return l
	case "map":
		m := map[string]any{}
		if depth > 6 {
			return m
		}
		for range g.rng.IntN(4) {
			k := genStrings[g.rng.IntN(len(genStrings))] + strings.Repeat("k", g.rng.IntN(3))
			if g.rng.IntN(5) == 0 {
				m[k] = nil
			} else {
				m[k] = g.value(sh.Value, depth+1)
			}
		}
		return m
	case "string":
		return genStrings[g.rng.IntN(len(genStrings))]
	case "bigInteger", "bigDecimal":
		return []string{"12", "-1.5e3", "", "x1"}[g.rng.IntN(4)]
	case "boolean":
		return g.rng.IntN(2) == 0
	case "integer", "long", "short", "byte":
		return []any{int64(-3), 7, int32(1 << 30), 2.0, 2.5}[g.rng.IntN(5)]
	case "float", "double":
		return []any{1.5, math.NaN(), math.Inf(-1), 1e21, -0.0, float32(0.1), int64(3), 1e-7}[g.rng.IntN(8)]
	case "timestamp":
		return time.Unix(1700000000, int64(g.rng.IntN(3))*123e6).In(time.FixedZone("x", 3600))
	case "blob":
		return []any{[]byte{0, 1, 254, 255}, "text", []byte(nil), bytes.NewReader([]byte("rd"))}[g.rng.IntN(4)]
	}
	return nil
}

// BenchmarkEncodeQuery encodes a DynamoDB Query output of 10 items of about
// 150 bytes (the bench command's ddb-query workload) directly and through
// the general path.
func BenchmarkEncodeQuery(b *testing.B) {
	svc, err := model.NewRegistry().Service("dynamodb")
	if err != nil {
		b.Fatal(err)
	}
	op := svc.Operations["Query"]
	items := make([]any, 10)
	for i := range items {
		items[i] = map[string]any{
			"pk":      map[string]any{"S": "partition-0001"},
			"sk":      map[string]any{"S": "sort-" + strings.Repeat("0", i)},
			"payload": map[string]any{"S": strings.Repeat("x", 64)},
			"n":       map[string]any{"N": "12345"},
			"flag":    map[string]any{"BOOL": true},
		}
	}
	out := map[string]any{"Items": items, "Count": int64(10), "ScannedCount": int64(10)}
	c := New()
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if err := c.Encode(httptest.NewRecorder(), svc, op, out, protocol.Meta{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if err := encodeGeneral(httptest.NewRecorder(), svc, op, out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
