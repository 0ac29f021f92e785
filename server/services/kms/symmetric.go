package kms

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"sort"
)

// A symmetric ciphertext blob is
//
//	0x01 | len(arn) | key ARN | material index (uint16) | 12-byte nonce | AES-256-GCM sealed plaintext
//
// with the header and the canonical encryption context as additional
// authenticated data: it names the key that made it (so Decrypt needs no
// KeyId and a different KeyId is IncorrectKeyException) and any change to
// the blob or the context fails authentication (InvalidCiphertextException),
// as AWS KMS behaves (API Reference, Decrypt).
const blobVersion = 0x01

type symBlob struct {
	arn    string
	index  int
	header []byte
	nonce  []byte
	sealed []byte
}

func parseSymBlob(b []byte) (symBlob, bool) {
	if len(b) < 2 || b[0] != blobVersion {
		return symBlob{}, false
	}
	n := int(b[1])
	if len(b) < 2+n+2+12+16 {
		return symBlob{}, false
	}
	arn := string(b[2 : 2+n])
	if !keyARNPattern.MatchString(arn) {
		return symBlob{}, false
	}
	idx := int(binary.BigEndian.Uint16(b[2+n:]))
	h := 2 + n + 2
	return symBlob{arn: arn, index: idx, header: b[:h], nonce: b[h : h+12], sealed: b[h+12:]}, true
}

// canonicalContext serialises an encryption context deterministically.
func canonicalContext(ctx map[string]string) []byte {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []byte
	for _, k := range keys {
		out = binary.BigEndian.AppendUint32(out, uint32(len(k)))
		out = append(out, k...)
		out = binary.BigEndian.AppendUint32(out, uint32(len(ctx[k])))
		out = append(out, ctx[k]...)
	}
	return out
}

func gcm(material []byte) cipher.AEAD {
	block, err := aes.NewCipher(material)
	if err != nil {
		panic(err) // material is always 32 bytes
	}
	a, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return a
}

// sealSym encrypts plaintext under k's newest material.
func sealSym(k *key, plaintext []byte, encCtx map[string]string) []byte {
	arn := k.arn()
	idx := len(k.material) - 1
	out := []byte{blobVersion, byte(len(arn))}
	out = append(out, arn...)
	out = binary.BigEndian.AppendUint16(out, uint16(idx))
	header := append([]byte(nil), out...)
	nonce := randomBytes(12)
	out = append(out, nonce...)
	aad := append(header, canonicalContext(encCtx)...)
	return gcm(k.material[idx]).Seal(out, nonce, plaintext, aad)
}

// openSym decrypts a parsed blob with k, or InvalidCiphertextException.
func openSym(k *key, b symBlob, encCtx map[string]string) ([]byte, error) {
	if b.index >= len(k.material) {
		return nil, &InvalidCiphertextException{}
	}
	aad := append(append([]byte(nil), b.header...), canonicalContext(encCtx)...)
	pt, err := gcm(k.material[b.index]).Open(nil, b.nonce, b.sealed, aad)
	if err != nil {
		return nil, &InvalidCiphertextException{}
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}
