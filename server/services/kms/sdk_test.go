package kms_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func createKey(t *testing.T, c *kms.Client, in *kms.CreateKeyInput) string {
	t.Helper()
	out, err := c.CreateKey(testCtx(t), in)
	check(t, err)
	return *out.KeyMetadata.KeyId
}

// Ciphertexts are bound to their key and encryption context (AWS KMS API
// Reference, Decrypt: "IncorrectKeyException: The request was rejected
// because the specified KMS key cannot decrypt the data. The KeyId in a
// Decrypt request ... must identify the same KMS key that was used to
// encrypt"; InvalidCiphertextException for a changed ciphertext or
// encryption context).
func TestSymmetricEncryptDecrypt(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k1 := createKey(t, c, &kms.CreateKeyInput{Description: aws.String("one")})
	k2 := createKey(t, c, &kms.CreateKeyInput{})
	encCtx := map[string]string{"purpose": "test", "tenant": "a"}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k1, Plaintext: []byte("hello"), EncryptionContext: encCtx})
	check(t, err)
	if bytes.Contains(enc.CiphertextBlob, []byte("hello")) {
		t.Fatal("ciphertext contains the plaintext")
	}
	// Decrypt needs no KeyId for symmetric ciphertexts; KeyId in the output is the key ARN.
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: encCtx})
	check(t, err)
	if string(dec.Plaintext) != "hello" || *dec.KeyId != *enc.KeyId || dec.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
		t.Fatalf("decrypt = %q %s %s", dec.Plaintext, *dec.KeyId, dec.EncryptionAlgorithm)
	}
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, KeyId: &k2, EncryptionContext: encCtx})
	wantCode(t, err, "IncorrectKeyException")
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"purpose": "other"}})
	wantCode(t, err, "InvalidCiphertextException")
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantCode(t, err, "InvalidCiphertextException")
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: []byte("garbage-garbage-garbage")})
	wantCode(t, err, "InvalidCiphertextException")
	tampered := append([]byte{}, enc.CiphertextBlob...)
	tampered[len(tampered)-1] ^= 1
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: tampered, EncryptionContext: encCtx})
	wantCode(t, err, "InvalidCiphertextException")

	// ReEncrypt moves a ciphertext to another key (API Reference, ReEncrypt).
	re, err := c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: encCtx, DestinationKeyId: &k2})
	check(t, err)
	if *re.SourceKeyId != *enc.KeyId {
		t.Fatalf("SourceKeyId = %s", *re.SourceKeyId)
	}
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: re.CiphertextBlob, KeyId: &k1})
	wantCode(t, err, "IncorrectKeyException")
	dec, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: re.CiphertextBlob, KeyId: &k2})
	check(t, err)
	if string(dec.Plaintext) != "hello" {
		t.Fatalf("re-encrypted plaintext = %q", dec.Plaintext)
	}
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("11111111-2222-3333-4444-555555555555"), Plaintext: []byte("x")})
	wantCode(t, err, "NotFoundException")
}

// Data keys: KeySpec AES_256 gives 32 bytes, NumberOfBytes any 1–1024; the
// ciphertext decrypts to the plaintext (API Reference, GenerateDataKey).
func TestDataKeys(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k := createKey(t, c, &kms.CreateKeyInput{})
	dk, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: &k, KeySpec: types.DataKeySpecAes256})
	check(t, err)
	if len(dk.Plaintext) != 32 {
		t.Fatalf("plaintext %d bytes", len(dk.Plaintext))
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: dk.CiphertextBlob})
	check(t, err)
	if !bytes.Equal(dec.Plaintext, dk.Plaintext) {
		t.Fatal("data key does not decrypt to its plaintext")
	}
	wp, err := c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: &k, NumberOfBytes: aws.Int32(64)})
	check(t, err)
	dec, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: wp.CiphertextBlob})
	check(t, err)
	if len(dec.Plaintext) != 64 {
		t.Fatalf("data key without plaintext: %d bytes", len(dec.Plaintext))
	}
	_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: &k})
	wantCode(t, err, "ValidationException")
	r, err := c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(20)})
	check(t, err)
	if len(r.Plaintext) != 20 {
		t.Fatalf("GenerateRandom: %d bytes", len(r.Plaintext))
	}
	// GenerateDataKeyPair: a PKCS #8 private key whose public half is PublicKey.
	pair, err := c.GenerateDataKeyPair(ctx, &kms.GenerateDataKeyPairInput{KeyId: &k, KeyPairSpec: types.DataKeyPairSpecEccNistP256})
	check(t, err)
	priv, err := x509.ParsePKCS8PrivateKey(pair.PrivateKeyPlaintext)
	check(t, err)
	pub, err := x509.MarshalPKIXPublicKey(priv.(crypto.Signer).Public())
	check(t, err)
	if !bytes.Equal(pub, pair.PublicKey) {
		t.Fatal("PublicKey is not the private key's public half")
	}
	dec, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: pair.PrivateKeyCiphertextBlob})
	check(t, err)
	if !bytes.Equal(dec.Plaintext, pair.PrivateKeyPlaintext) {
		t.Fatal("PrivateKeyCiphertextBlob does not decrypt to the private key")
	}
}

// Key states (Developer Guide, "Key states of AWS KMS keys"): a disabled key
// refuses Encrypt with DisabledException, a key pending deletion with
// KMSInvalidStateException; CancelKeyDeletion leaves it Disabled; the
// waiting period is 7–30 days.
func TestKeyStates(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k := createKey(t, c, &kms.CreateKeyInput{})
	check(t, func() error { _, err := c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: &k}); return err }())
	_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("x")})
	wantCode(t, err, "DisabledException")
	check(t, func() error { _, err := c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: &k}); return err }())
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: &k, PendingWindowInDays: aws.Int32(3)})
	wantCode(t, err, "ValidationException")
	sched, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: &k, PendingWindowInDays: aws.Int32(7)})
	check(t, err)
	if sched.KeyState != types.KeyStatePendingDeletion || *sched.PendingWindowInDays != 7 {
		t.Fatalf("schedule = %+v", sched)
	}
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("x")})
	wantCode(t, err, "KMSInvalidStateException")
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &k})
	check(t, err)
	if d.KeyMetadata.DeletionDate == nil || d.KeyMetadata.Enabled {
		t.Fatalf("pending key metadata = %+v", d.KeyMetadata)
	}
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: &k})
	check(t, err)
	d, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &k})
	check(t, err)
	if d.KeyMetadata.KeyState != types.KeyStateDisabled {
		t.Fatalf("after cancel: %s", d.KeyMetadata.KeyState)
	}
}

// Aliases (API Reference, CreateAlias/UpdateAlias/ListAliases): an alias
// names a key anywhere a KeyId is accepted; duplicate names are
// AlreadyExistsException; alias/aws/ is reserved.
func TestAliases(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k1 := createKey(t, c, &kms.CreateKeyInput{})
	k2 := createKey(t, c, &kms.CreateKeyInput{})
	_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: &k1})
	check(t, err)
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: &k2})
	wantCode(t, err, "AlreadyExistsException")
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/aws/mine"), TargetKeyId: &k2})
	wantCode(t, err, "InvalidAliasNameException")
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/app"), Plaintext: []byte("x")})
	check(t, err)
	if *enc.KeyId != "arn:aws:kms:us-east-1:000000000000:key/"+k1 {
		t.Fatalf("encrypt KeyId = %s", *enc.KeyId)
	}
	_, err = c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: &k2})
	check(t, err)
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("arn:aws:kms:us-east-1:000000000000:alias/app")})
	check(t, err)
	if *d.KeyMetadata.KeyId != k2 {
		t.Fatalf("alias ARN resolves to %s", *d.KeyMetadata.KeyId)
	}
	// An AWS-managed alias is created on first use, with an AWS-managed key.
	d, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/ssm")})
	check(t, err)
	if d.KeyMetadata.KeyManager != types.KeyManagerTypeAws {
		t.Fatalf("alias/aws/ssm KeyManager = %s", d.KeyMetadata.KeyManager)
	}
	l, err := c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: &k2})
	check(t, err)
	if len(l.Aliases) != 1 || *l.Aliases[0].AliasName != "alias/app" {
		t.Fatalf("ListAliases(k2) = %+v", l.Aliases)
	}
	_, err = c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String("alias/app")})
	check(t, err)
	_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/app")})
	wantCode(t, err, "NotFoundException")
}

// Asymmetric keys (Developer Guide, "Key spec reference"): RSA signatures
// and ECDSA (DER) signatures verify with the standard library against
// GetPublicKey's SubjectPublicKeyInfo; a bad signature is
// KMSInvalidSignatureException; RSA-OAEP SHA-256 ciphertexts made with the
// public key decrypt in KMS.
func TestAsymmetric(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	msg := []byte("message to sign")
	digest := sha256.Sum256(msg)

	rsaSign := createKey(t, c, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeSignVerify})
	pk, err := c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: &rsaSign})
	check(t, err)
	pub, err := x509.ParsePKIXPublicKey(pk.PublicKey)
	check(t, err)
	for _, alg := range []types.SigningAlgorithmSpec{types.SigningAlgorithmSpecRsassaPssSha256, types.SigningAlgorithmSpecRsassaPkcs1V15Sha256} {
		sig, err := c.Sign(ctx, &kms.SignInput{KeyId: &rsaSign, Message: msg, SigningAlgorithm: alg})
		check(t, err)
		if alg == types.SigningAlgorithmSpecRsassaPssSha256 {
			err = rsa.VerifyPSS(pub.(*rsa.PublicKey), crypto.SHA256, digest[:], sig.Signature, nil)
		} else {
			err = rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), crypto.SHA256, digest[:], sig.Signature)
		}
		check(t, err)
		v, err := c.Verify(ctx, &kms.VerifyInput{KeyId: &rsaSign, Message: digest[:], MessageType: types.MessageTypeDigest, Signature: sig.Signature, SigningAlgorithm: alg})
		check(t, err)
		if !v.SignatureValid {
			t.Fatal("signature not valid")
		}
	}
	_, err = c.Verify(ctx, &kms.VerifyInput{KeyId: &rsaSign, Message: []byte("other"), Signature: []byte("bad"), SigningAlgorithm: types.SigningAlgorithmSpecRsassaPssSha256})
	wantCode(t, err, "KMSInvalidSignatureException")
	_, err = c.Sign(ctx, &kms.SignInput{KeyId: &rsaSign, Message: msg, SigningAlgorithm: types.SigningAlgorithmSpecEcdsaSha256})
	wantCode(t, err, "InvalidKeyUsageException")

	for _, spec := range []types.KeySpec{types.KeySpecEccNistP256, types.KeySpecEccNistP384, types.KeySpecEccNistP521} {
		ec := createKey(t, c, &kms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeSignVerify})
		d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &ec})
		check(t, err)
		alg := d.KeyMetadata.SigningAlgorithms[0]
		sig, err := c.Sign(ctx, &kms.SignInput{KeyId: &ec, Message: msg, SigningAlgorithm: alg})
		check(t, err)
		pk, err := c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: &ec})
		check(t, err)
		pub, err := x509.ParsePKIXPublicKey(pk.PublicKey)
		check(t, err)
		h := map[types.SigningAlgorithmSpec]crypto.Hash{"ECDSA_SHA_256": crypto.SHA256, "ECDSA_SHA_384": crypto.SHA384, "ECDSA_SHA_512": crypto.SHA512}[alg].New()
		h.Write(msg)
		if !ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), h.Sum(nil), sig.Signature) {
			t.Fatalf("%s: ECDSA signature does not verify", spec)
		}
	}
	_, err = c.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: types.KeySpecEccSecgP256k1, KeyUsage: types.KeyUsageTypeSignVerify})
	wantCode(t, err, "UnsupportedOperationException")

	rsaEnc := createKey(t, c, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa3072, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	pk, err = c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: &rsaEnc})
	check(t, err)
	pub, err = x509.ParsePKIXPublicKey(pk.PublicKey)
	check(t, err)
	ct, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub.(*rsa.PublicKey), []byte("secret"), nil)
	check(t, err)
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{KeyId: &rsaEnc, CiphertextBlob: ct, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha256})
	check(t, err)
	if string(dec.Plaintext) != "secret" {
		t.Fatalf("RSA decrypt = %q", dec.Plaintext)
	}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &rsaEnc, Plaintext: []byte("round"), EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha1})
	check(t, err)
	dec, err = c.Decrypt(ctx, &kms.DecryptInput{KeyId: &rsaEnc, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha1})
	check(t, err)
	if string(dec.Plaintext) != "round" {
		t.Fatalf("RSA round trip = %q", dec.Plaintext)
	}
}

// HMAC keys (API Reference, GenerateMac/VerifyMac): a wrong MAC is
// KMSInvalidMacException.
func TestHMAC(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	for _, spec := range []types.KeySpec{types.KeySpecHmac224, types.KeySpecHmac256, types.KeySpecHmac384, types.KeySpecHmac512} {
		k := createKey(t, c, &kms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
		alg := types.MacAlgorithmSpec("HMAC_SHA_" + string(spec)[5:])
		m, err := c.GenerateMac(ctx, &kms.GenerateMacInput{KeyId: &k, Message: []byte("m"), MacAlgorithm: alg})
		check(t, err)
		v, err := c.VerifyMac(ctx, &kms.VerifyMacInput{KeyId: &k, Message: []byte("m"), Mac: m.Mac, MacAlgorithm: alg})
		check(t, err)
		if !v.MacValid {
			t.Fatal("MAC not valid")
		}
		_, err = c.VerifyMac(ctx, &kms.VerifyMacInput{KeyId: &k, Message: []byte("n"), Mac: m.Mac, MacAlgorithm: alg})
		wantCode(t, err, "KMSInvalidMacException")
	}
}

// Management: tags, key policy, grants, rotation (on-demand rotation keeps
// old ciphertexts decryptable: Developer Guide, "Rotating AWS KMS keys"),
// ListKeys pagination.
func TestManagement(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k := createKey(t, c, &kms.CreateKeyInput{Tags: []types.Tag{{TagKey: aws.String("env"), TagValue: aws.String("dev")}}})
	_, err := c.TagResource(ctx, &kms.TagResourceInput{KeyId: &k, Tags: []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("core")}}})
	check(t, err)
	_, err = c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: &k, TagKeys: []string{"env"}})
	check(t, err)
	tags, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: &k})
	check(t, err)
	if len(tags.Tags) != 1 || *tags.Tags[0].TagKey != "team" {
		t.Fatalf("tags = %+v", tags.Tags)
	}
	pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: &k, PolicyName: aws.String("default")})
	check(t, err)
	if !bytes.Contains([]byte(*pol.Policy), []byte("arn:aws:iam::000000000000:root")) {
		t.Fatalf("default policy = %s", *pol.Policy)
	}
	_, err = c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: &k, PolicyName: aws.String("default"), Policy: aws.String("{not json")})
	wantCode(t, err, "MalformedPolicyDocumentException")
	g, err := c.CreateGrant(ctx, &kms.CreateGrantInput{KeyId: &k, GranteePrincipal: aws.String("arn:aws:iam::000000000000:role/app"),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}, RetiringPrincipal: aws.String("arn:aws:iam::000000000000:role/ops")})
	check(t, err)
	grants, err := c.ListGrants(ctx, &kms.ListGrantsInput{KeyId: &k})
	check(t, err)
	if len(grants.Grants) != 1 || *grants.Grants[0].GrantId != *g.GrantId {
		t.Fatalf("grants = %+v", grants.Grants)
	}
	_, err = c.RetireGrant(ctx, &kms.RetireGrantInput{GrantToken: g.GrantToken})
	check(t, err)
	_, err = c.RevokeGrant(ctx, &kms.RevokeGrantInput{KeyId: &k, GrantId: g.GrantId})
	wantCode(t, err, "NotFoundException")

	old, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("before rotation")})
	check(t, err)
	_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: &k, RotationPeriodInDays: aws.Int32(90)})
	check(t, err)
	st, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: &k})
	check(t, err)
	if !st.KeyRotationEnabled || *st.RotationPeriodInDays != 90 {
		t.Fatalf("rotation status = %+v", st)
	}
	_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: &k})
	check(t, err)
	rot, err := c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: &k})
	check(t, err)
	if len(rot.Rotations) != 1 || rot.Rotations[0].RotationType != types.RotationTypeOnDemand {
		t.Fatalf("rotations = %+v", rot.Rotations)
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: old.CiphertextBlob})
	check(t, err)
	if string(dec.Plaintext) != "before rotation" {
		t.Fatal("old ciphertext does not decrypt after rotation")
	}

	for range 3 {
		createKey(t, c, &kms.CreateKeyInput{})
	}
	var ids []string
	var marker *string
	for {
		l, err := c.ListKeys(ctx, &kms.ListKeysInput{Limit: aws.Int32(2), Marker: marker})
		check(t, err)
		for _, e := range l.Keys {
			ids = append(ids, *e.KeyId)
		}
		if !l.Truncated {
			break
		}
		marker = l.NextMarker
	}
	if len(ids) != 4 {
		t.Fatalf("ListKeys paged %d keys", len(ids))
	}
}

// Imported key material (API Reference, GetParametersForImport and
// ImportKeyMaterial): an EXTERNAL key is PendingImport until its material,
// wrapped with RSA-OAEP under the wrapping key, is imported; a wrong token
// is InvalidImportTokenException; other material later is
// IncorrectKeyMaterialException; deleting the material makes it
// PendingImport again.
func TestImportKeyMaterial(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k := createKey(t, c, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
	_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("x")})
	wantCode(t, err, "KMSInvalidStateException")
	p, err := c.GetParametersForImport(ctx, &kms.GetParametersForImportInput{KeyId: &k, WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: types.WrappingKeySpecRsa2048})
	check(t, err)
	pub, err := x509.ParsePKIXPublicKey(p.PublicKey)
	check(t, err)
	material := bytes.Repeat([]byte{7}, 32)
	wrapped, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub.(*rsa.PublicKey), material, nil)
	check(t, err)
	_, err = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: &k, ImportToken: []byte("wrong"), EncryptedKeyMaterial: wrapped,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	wantCode(t, err, "InvalidImportTokenException")
	_, err = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: &k, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	check(t, err)
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("imported")})
	check(t, err)
	other, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub.(*rsa.PublicKey), bytes.Repeat([]byte{8}, 32), nil)
	check(t, err)
	_, err = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: &k, ImportToken: p.ImportToken, EncryptedKeyMaterial: other,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	wantCode(t, err, "IncorrectKeyMaterialException")
	_, err = c.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: &k})
	check(t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantCode(t, err, "KMSInvalidStateException")
}

// Multi-Region keys (API Reference, ReplicateKey): the replica has the same
// key id in the other region and decrypts the primary's ciphertexts.
func TestReplicateKey(t *testing.T) {
	c, url := newClient(t)
	ctx := testCtx(t)
	single := createKey(t, c, &kms.CreateKeyInput{})
	_, err := c.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: &single, ReplicaRegion: aws.String("eu-west-1")})
	wantCode(t, err, "UnsupportedOperationException")
	k := createKey(t, c, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if !strings.HasPrefix(k, "mrk-") {
		t.Fatalf("multi-Region key id %s", k)
	}
	r, err := c.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: &k, ReplicaRegion: aws.String("eu-west-1")})
	check(t, err)
	if *r.ReplicaKeyMetadata.KeyId != k || r.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypeReplica {
		t.Fatalf("replica = %+v", r.ReplicaKeyMetadata)
	}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("mr")})
	check(t, err)
	eu := kms.NewFromConfig(aws.Config{Region: "eu-west-1", Credentials: c.Options().Credentials, BaseEndpoint: aws.String(url)})
	dec, err := eu.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, KeyId: &k})
	check(t, err)
	if string(dec.Plaintext) != "mr" || !strings.Contains(*dec.KeyId, ":eu-west-1:") {
		t.Fatalf("replica decrypt = %q by %s", dec.Plaintext, *dec.KeyId)
	}
	// Rotating the primary rotates the replica: new ciphertexts still decrypt there.
	_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: &k})
	check(t, err)
	enc, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("rotated")})
	check(t, err)
	dec, err = eu.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, KeyId: &k})
	check(t, err)
	if string(dec.Plaintext) != "rotated" {
		t.Fatalf("replica decrypt after rotation = %q", dec.Plaintext)
	}
	_, err = eu.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: &k})
	wantCode(t, err, "UnsupportedOperationException")
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &k})
	check(t, err)
	if len(d.KeyMetadata.MultiRegionConfiguration.ReplicaKeys) != 1 {
		t.Fatalf("primary's replicas = %+v", d.KeyMetadata.MultiRegionConfiguration)
	}
}

// UpdatePrimaryRegion swaps primary and replica (API Reference); GetKeyLastUsage
// reports the last cryptographic operation (API Reference, GetKeyLastUsage).
func TestPrimaryRegionAndLastUsage(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	k := createKey(t, c, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	u, err := c.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: &k})
	check(t, err)
	if u.KeyLastUsage != nil || u.TrackingStartDate == nil {
		t.Fatalf("unused key usage = %+v", u)
	}
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: &k, Plaintext: []byte("x")})
	check(t, err)
	u, err = c.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: &k})
	check(t, err)
	if u.KeyLastUsage == nil || u.KeyLastUsage.Operation != "Encrypt" {
		t.Fatalf("usage = %+v", u.KeyLastUsage)
	}
	_, err = c.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: &k, PrimaryRegion: aws.String("eu-west-1")})
	wantCode(t, err, "NotFoundException")
	_, err = c.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: &k, ReplicaRegion: aws.String("eu-west-1")})
	check(t, err)
	_, err = c.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: &k, PrimaryRegion: aws.String("eu-west-1")})
	check(t, err)
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &k})
	check(t, err)
	mr := d.KeyMetadata.MultiRegionConfiguration
	if mr.MultiRegionKeyType != types.MultiRegionKeyTypeReplica || *mr.PrimaryKey.Region != "eu-west-1" || len(mr.ReplicaKeys) != 1 || *mr.ReplicaKeys[0].Region != "us-east-1" {
		t.Fatalf("after UpdatePrimaryRegion: %+v %+v %+v", mr.MultiRegionKeyType, *mr.PrimaryKey.Region, mr.ReplicaKeys)
	}
	ds, err := c.DescribeCustomKeyStores(ctx, &kms.DescribeCustomKeyStoresInput{})
	check(t, err)
	if len(ds.CustomKeyStores) != 0 {
		t.Fatalf("custom key stores = %+v", ds.CustomKeyStores)
	}
}

// Custom key stores (API Reference, CreateCustomKeyStore and following):
// recorded, DISCONNECTED until ConnectCustomKeyStore; a key in a connected
// store encrypts; a store with keys can't be deleted
// (CustomKeyStoreHasCMKsException), nor a connected one
// (CustomKeyStoreInvalidStateException).
func TestCustomKeyStores(t *testing.T) {
	c, _ := newClient(t)
	ctx := testCtx(t)
	cs, err := c.CreateCustomKeyStore(ctx, &kms.CreateCustomKeyStoreInput{CustomKeyStoreName: aws.String("hsm"),
		CloudHsmClusterId: aws.String("cluster-1234567890a"), TrustAnchorCertificate: aws.String("-----BEGIN CERTIFICATE-----"),
		KeyStorePassword: aws.String("kmsuser-password")})
	check(t, err)
	_, err = c.CreateCustomKeyStore(ctx, &kms.CreateCustomKeyStoreInput{CustomKeyStoreName: aws.String("hsm"),
		CloudHsmClusterId: aws.String("cluster-other000000"), TrustAnchorCertificate: aws.String("x"), KeyStorePassword: aws.String("kmsuser-password")})
	wantCode(t, err, "CustomKeyStoreNameInUseException")
	_, err = c.CreateKey(ctx, &kms.CreateKeyInput{CustomKeyStoreId: cs.CustomKeyStoreId, Origin: types.OriginTypeAwsCloudhsm})
	wantCode(t, err, "CustomKeyStoreInvalidStateException")
	_, err = c.ConnectCustomKeyStore(ctx, &kms.ConnectCustomKeyStoreInput{CustomKeyStoreId: cs.CustomKeyStoreId})
	check(t, err)
	k, err := c.CreateKey(ctx, &kms.CreateKeyInput{CustomKeyStoreId: cs.CustomKeyStoreId, Origin: types.OriginTypeAwsCloudhsm})
	check(t, err)
	if *k.KeyMetadata.CustomKeyStoreId != *cs.CustomKeyStoreId || *k.KeyMetadata.CloudHsmClusterId != "cluster-1234567890a" {
		t.Fatalf("key in store = %+v", k.KeyMetadata)
	}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: k.KeyMetadata.KeyId, Plaintext: []byte("hsm")})
	check(t, err)
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	check(t, err)
	if string(dec.Plaintext) != "hsm" {
		t.Fatal("custom key store key does not round-trip")
	}
	d, err := c.DescribeCustomKeyStores(ctx, &kms.DescribeCustomKeyStoresInput{CustomKeyStoreName: aws.String("hsm")})
	check(t, err)
	if len(d.CustomKeyStores) != 1 || d.CustomKeyStores[0].ConnectionState != types.ConnectionStateTypeConnected {
		t.Fatalf("describe = %+v", d.CustomKeyStores)
	}
	_, err = c.DeleteCustomKeyStore(ctx, &kms.DeleteCustomKeyStoreInput{CustomKeyStoreId: cs.CustomKeyStoreId})
	wantCode(t, err, "CustomKeyStoreInvalidStateException")
	_, err = c.DisconnectCustomKeyStore(ctx, &kms.DisconnectCustomKeyStoreInput{CustomKeyStoreId: cs.CustomKeyStoreId})
	check(t, err)
	_, err = c.UpdateCustomKeyStore(ctx, &kms.UpdateCustomKeyStoreInput{CustomKeyStoreId: cs.CustomKeyStoreId, NewCustomKeyStoreName: aws.String("hsm2")})
	check(t, err)
	_, err = c.DeleteCustomKeyStore(ctx, &kms.DeleteCustomKeyStoreInput{CustomKeyStoreId: cs.CustomKeyStoreId})
	wantCode(t, err, "CustomKeyStoreHasCMKsException")
	_, err = c.DescribeCustomKeyStores(ctx, &kms.DescribeCustomKeyStoresInput{CustomKeyStoreId: aws.String("cks-0000000000000000")})
	wantCode(t, err, "CustomKeyStoreNotFoundException")
}
