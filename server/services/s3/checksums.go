package s3

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"net/http"
)

// Checksum algorithms, as in the model's ChecksumAlgorithm enum.
const (
	algCRC32     = ChecksumAlgorithmCRC32
	algCRC32C    = ChecksumAlgorithmCRC32C
	algCRC64NVME = ChecksumAlgorithmCRC64NVME
	algSHA1      = ChecksumAlgorithmSHA1
	algSHA256    = ChecksumAlgorithmSHA256
	algSHA512    = ChecksumAlgorithmSHA512
	algMD5       = ChecksumAlgorithmMD5
	algXXHASH64  = ChecksumAlgorithmXXHASH64
	algXXHASH3   = ChecksumAlgorithmXXHASH3
	algXXHASH128 = ChecksumAlgorithmXXHASH128
)

// crc64NVMEPoly is CRC-64/NVME's polynomial 0xad93d23594c93659 bit-reversed
// (the reflected form hash/crc64 and crc64NVME use); init and final xor are
// all ones.
const crc64NVMEPoly = 0x9a6c9329ac4bc9b5

// checksums is the one full-object checksum S3 keeps for an object: the
// algorithm the client used, else CRC64NVME, which S3 computes for every
// upload without one
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
type checksums struct {
	algorithm string
	value     string // base64 of the big-endian digest
}

// newChecksumHash returns a hash for alg, or nil for an algorithm this
// emulator cannot compute (the XXHASH family).
func newChecksumHash(alg string) hash.Hash {
	switch alg {
	case algCRC32:
		return crc32.NewIEEE()
	case algCRC32C:
		return crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case algCRC64NVME:
		return newCRC64NVME()
	case algSHA1:
		return sha1.New()
	case algSHA256:
		return sha256.New()
	case algSHA512:
		return sha512.New()
	case algMD5:
		return md5.New()
	}
	return nil
}

func encodeChecksum(h hash.Hash) string { return base64.StdEncoding.EncodeToString(h.Sum(nil)) }

// checksumMembers maps each algorithm to its x-amz-checksum-* member of a
// request or output shape (all shapes name them alike).
func checksumMembers(crc32, crc32c, crc64nvme, sha1, sha256, sha512, md5, xx64, xx3, xx128 **string) map[string]**string {
	return map[string]**string{
		algCRC32: crc32, algCRC32C: crc32c, algCRC64NVME: crc64nvme, algSHA1: sha1, algSHA256: sha256,
		algSHA512: sha512, algMD5: md5, algXXHASH64: xx64, algXXHASH3: xx3, algXXHASH128: xx128,
	}
}

// requestedChecksum returns the algorithm and value (possibly empty: a
// trailer or none) of the checksum a PutObject asked for, defaulting to
// CRC64NVME. Errors: InvalidRequest (several checksums, or an algorithm this
// emulator cannot compute).
func requestedChecksum(in *PutObjectRequest) (alg, value string, err error) {
	members := checksumMembers(&in.ChecksumCRC32, &in.ChecksumCRC32C, &in.ChecksumCRC64NVME, &in.ChecksumSHA1,
		&in.ChecksumSHA256, &in.ChecksumSHA512, &in.ChecksumMD5, &in.ChecksumXXHASH64, &in.ChecksumXXHASH3, &in.ChecksumXXHASH128)
	return pickChecksum(members, in.ChecksumAlgorithm)
}

// pickChecksum is requestedChecksum over any shape's checksum members.
func pickChecksum(members map[string]**string, algorithm *string) (alg, value string, err error) {
	for a, m := range members {
		if *m == nil {
			continue
		}
		if alg != "" {
			return "", "", s3Error(http.StatusBadRequest, "InvalidRequest",
				"Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.", nil)
		}
		alg, value = a, **m
	}
	if alg == "" {
		alg = valueOf(algorithm)
	}
	if alg == "" {
		return algCRC64NVME, "", nil
	}
	if newChecksumHash(alg) == nil {
		return "", "", s3Error(http.StatusBadRequest, "InvalidRequest",
			"Checksum algorithm provided is unsupported. Please try again with any of the valid types: "+
				"[CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5]", nil)
	}
	return alg, value, nil
}

// set stores the checksum in its algorithm's member.
func (c checksums) set(members map[string]**string) {
	if m := members[c.algorithm]; m != nil {
		*m = ptr(c.value)
	}
}
