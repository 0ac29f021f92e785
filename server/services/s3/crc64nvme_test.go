package s3

import (
	"hash/crc64"
	"math/rand/v2"
	"testing"
)

// TestCRC64NVMEMatchesStdlib checks the slicing-by-8 digest against
// hash/crc64 with the same polynomial, for every length up to 300 bytes and
// for writes split at random points, and the check value of the
// CRC-64/NVME catalogue entry (crc("123456789") = 0xae8b14860a799888,
// https://reveng.sourceforge.io/crc-catalogue/17plus.htm#crc.cat.crc-64-nvme).
func TestCRC64NVMEMatchesStdlib(t *testing.T) {
	tab := crc64.MakeTable(crc64NVMEPoly)
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 70000)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	for n := 0; n <= 300; n++ {
		d := newCRC64NVME()
		d.Write(data[:n])
		if got, want := d.Sum64(), crc64.Checksum(data[:n], tab); got != want {
			t.Fatalf("len %d: %x, want %x", n, got, want)
		}
	}
	for range 50 {
		d := newCRC64NVME()
		rest := data
		for len(rest) > 0 {
			k := min(len(rest), rng.IntN(5000))
			d.Write(rest[:k])
			rest = rest[k:]
		}
		if got, want := d.Sum64(), crc64.Checksum(data, tab); got != want {
			t.Fatalf("split writes: %x, want %x", got, want)
		}
	}
	d := newCRC64NVME()
	d.Write([]byte("123456789"))
	if got := d.Sum64(); got != 0xae8b14860a799888 {
		t.Fatalf("check value %x", got)
	}
	if got := encodeChecksum(d); got != "rosUhgp5mIg=" {
		t.Fatalf("base64 %s", got)
	}
}

func BenchmarkCRC64NVME(b *testing.B) {
	data := make([]byte, 1<<20)
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			h := crc64.New(crc64.MakeTable(crc64NVMEPoly))
			for p := data; len(p) > 0; p = p[32<<10:] {
				h.Write(p[:32<<10])
			}
		}
	})
	b.Run("slicing8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			h := newCRC64NVME()
			for p := data; len(p) > 0; p = p[32<<10:] {
				h.Write(p[:32<<10])
			}
		}
	})
}
