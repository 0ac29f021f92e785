package s3

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
)

// Checksum algorithms, as in the model's ChecksumAlgorithm enum.
const (
	algCRC32     = "CRC32"
	algCRC32C    = "CRC32C"
	algCRC64NVME = "CRC64NVME"
	algSHA1      = "SHA1"
	algSHA256    = "SHA256"
)

// crc64NVMEPoly is CRC-64/NVME's polynomial 0xad93d23594c93659 bit-reversed,
// as hash/crc64 expects; init and final xor are all ones, as crc64 does.
const crc64NVMEPoly = 0x9a6c9329ac4bc9b5

// checksums is the one full-object checksum S3 keeps for an object: the
// algorithm the client used, else CRC64NVME, which S3 computes for every
// upload without one
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
type checksums struct {
	algorithm string
	value     string // base64 of the big-endian digest
}

func newChecksumHash(alg string) hash.Hash {
	switch alg {
	case algCRC32:
		return crc32.NewIEEE()
	case algCRC32C:
		return crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case algCRC64NVME:
		return crc64.New(crc64.MakeTable(crc64NVMEPoly))
	case algSHA1:
		return sha1.New()
	case algSHA256:
		return sha256.New()
	}
	return nil
}

// requestedChecksum returns the algorithm and value (possibly empty) of the
// checksum a PutObject asked for, or an InvalidRequest error.
func requestedChecksum(in *PutObjectRequest) (alg, value string, err error) {
	given := []struct {
		alg string
		v   *string
	}{
		{algCRC32, in.ChecksumCRC32}, {algCRC32C, in.ChecksumCRC32C}, {algCRC64NVME, in.ChecksumCRC64NVME},
		{algSHA1, in.ChecksumSHA1}, {algSHA256, in.ChecksumSHA256},
	}
	for _, g := range given {
		if g.v == nil {
			continue
		}
		if alg != "" {
			return "", "", s3Error(http.StatusBadRequest, "InvalidRequest",
				"Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.", nil)
		}
		alg, value = g.alg, *g.v
	}
	if in.ChecksumMD5 != nil || in.ChecksumSHA512 != nil || in.ChecksumXXHASH64 != nil ||
		in.ChecksumXXHASH3 != nil || in.ChecksumXXHASH128 != nil {
		return "", "", s3Error(http.StatusBadRequest, "InvalidRequest",
			"The algorithm type you specified in x-amz-checksum- header is invalid.", nil)
	}
	if req := valueOf(in.ChecksumAlgorithm); req != "" {
		if newChecksumHash(req) == nil {
			return "", "", s3Error(http.StatusBadRequest, "InvalidRequest",
				"Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]", nil)
		}
		if alg == "" {
			alg = req
		}
	}
	if alg == "" {
		alg = algCRC64NVME
	}
	return alg, value, nil
}

func encodeChecksum(h hash.Hash) string { return base64.StdEncoding.EncodeToString(h.Sum(nil)) }

// fields returns the stored checksum in the output member of its algorithm.
func (c checksums) fields() (crc32, crc32c, crc64nvme, sha1, sha256 *string) {
	v := ptr(c.value)
	switch c.algorithm {
	case algCRC32:
		crc32 = v
	case algCRC32C:
		crc32c = v
	case algCRC64NVME:
		crc64nvme = v
	case algSHA1:
		sha1 = v
	case algSHA256:
		sha256 = v
	}
	return
}
