package s3

import (
	"encoding/binary"
	"sync"
)

// crc64NVMETables is the slicing-by-8 lookup table for CRC-64/NVME, built
// once and read-only after: hash/crc64 only has prebuilt tables for ISO and
// ECMA, so crc64.New(crc64.MakeTable(poly)) built a 2 KiB table per object
// and, on every Write of 2 KiB or more, a 16 KiB slicing table as well.
var crc64NVMETables = sync.OnceValue(func() *[8][256]uint64 {
	t := new([8][256]uint64)
	for i := range 256 {
		crc := uint64(i)
		for range 8 {
			if crc&1 == 1 {
				crc = crc>>1 ^ crc64NVMEPoly
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for i := range 256 {
		crc := t[0][i]
		for k := 1; k < 8; k++ {
			crc = t[0][crc&0xff] ^ crc>>8
			t[k][i] = crc
		}
	}
	return t
})

// crc64NVME is a hash.Hash64 computing CRC-64/NVME (reflected polynomial
// crc64NVMEPoly, initial value and final xor all ones), the same digest as
// hash/crc64 with that table, eight bytes per step.
type crc64NVME struct {
	crc uint64 // the digest so far (final xor applied)
	tab *[8][256]uint64
}

func newCRC64NVME() *crc64NVME { return &crc64NVME{tab: crc64NVMETables()} }

func (d *crc64NVME) Size() int      { return 8 }
func (d *crc64NVME) BlockSize() int { return 1 }
func (d *crc64NVME) Reset()         { d.crc = 0 }
func (d *crc64NVME) Sum64() uint64  { return d.crc }

func (d *crc64NVME) Sum(in []byte) []byte { return binary.BigEndian.AppendUint64(in, d.crc) }

func (d *crc64NVME) Write(p []byte) (int, error) {
	t := d.tab
	crc := ^d.crc
	n := len(p)
	for len(p) >= 8 {
		crc ^= binary.LittleEndian.Uint64(p)
		crc = t[7][crc&0xff] ^ t[6][crc>>8&0xff] ^ t[5][crc>>16&0xff] ^ t[4][crc>>24&0xff] ^
			t[3][crc>>32&0xff] ^ t[2][crc>>40&0xff] ^ t[1][crc>>48&0xff] ^ t[0][crc>>56]
		p = p[8:]
	}
	for _, b := range p {
		crc = t[0][byte(crc)^b] ^ crc>>8
	}
	d.crc = ^crc
	return n, nil
}
