package kms

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Key states (KeyState enum) this emulator uses.
const (
	stateEnabled       = "Enabled"
	stateDisabled      = "Disabled"
	stateScheduled     = "PendingDeletion"
	statePendingImport = "PendingImport"
)

// key is one KMS key. material holds the secret: for SYMMETRIC_DEFAULT one
// 32-byte AES key per rotation (the newest encrypts, all decrypt); for RSA
// and ECC one PKCS #8 DER private key; for HMAC one secret.
type key struct {
	id, account, region string
	created             time.Time
	description         string
	usage, spec         string
	origin              string
	manager             string // AWS or CUSTOMER
	multiRegion         bool
	state               string
	deletionDate        time.Time
	pendingDays         int32
	policy              string
	tags                map[string]string
	tagOrder            []string
	rotation            bool
	rotationDays        int32
	rotations           []rotation
	onDemandStart       time.Time
	material            [][]byte
	grants              []*grant
	validTo             time.Time // EXTERNAL material that expires
	expirationModel     string    // EXTERNAL: KEY_MATERIAL_EXPIRES or KEY_MATERIAL_DOES_NOT_EXPIRE
	primaryRegion       string    // multi-Region keys: the primary's region
	replicaRegions      []string  // multi-Region primary: its replicas' regions
	pendingImport       *importParams
	lastUsed            lastUsage
	keyStore            string // custom key store id
	clusterID           string // its CloudHSM cluster
	xksKeyID            string // external key store: the external key's id
}

type rotation struct {
	materialID string
	date       time.Time
	kind       string // AUTOMATIC or ON_DEMAND
}

func (k *key) arn() string { return keyARN(k.account, k.region, k.id) }

// newKeyID returns a key id: a UUID, or mrk-<32 hex> for a multi-Region key.
func (s *Service) newKeyID(multiRegion bool) string {
	if multiRegion {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		return "mrk-" + hex.EncodeToString(b)
	}
	return s.env.NewID()
}

// defaultPolicy is the default key policy AWS gives a key created without
// one (AWS KMS Developer Guide, "Default key policy"): the account root may
// do everything.
func defaultPolicy(account string) string {
	p := map[string]any{
		"Version": "2012-10-17",
		"Id":      "key-default-1",
		"Statement": []any{map[string]any{
			"Sid": "Enable IAM User Permissions", "Effect": "Allow",
			"Principal": map[string]any{"AWS": "arn:aws:iam::" + account + ":root"},
			"Action":    "kms:*", "Resource": "*",
		}},
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// newManagedKeyLocked creates the AWS-managed key behind alias/aws/<service>.
func (s *Service) newManagedKeyLocked(st *store, account, region, aliasName string) *key {
	now := s.env.Now()
	k := &key{id: s.newKeyID(false), account: account, region: region, created: now,
		description: "Default key that protects my " + aliasName[len("alias/aws/"):] + " data when no other key is defined",
		usage:       "ENCRYPT_DECRYPT", spec: KeySpecSYMMETRICDEFAULT, origin: "AWS_KMS", manager: "AWS",
		state: stateEnabled, policy: defaultPolicy(account), tags: map[string]string{},
		rotation: true, rotationDays: 365}
	k.material = [][]byte{randomBytes(32)}
	st.keys[k.id] = k
	st.aliases[aliasName] = &alias{name: aliasName, target: k.id, created: now, updated: now}
	return k
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// metadata renders the key as KeyMetadata.
func (k *key) metadata() *KeyMetadata {
	m := &KeyMetadata{
		AWSAccountId: ptr(k.account), KeyId: ptr(k.id), Arn: ptr(k.arn()), CreationDate: ptr(k.created),
		Enabled: ptr(k.state == stateEnabled), Description: ptr(k.description), KeyUsage: ptr(k.usage),
		KeyState: ptr(k.state), Origin: ptr(k.origin), KeyManager: ptr(k.manager),
		CustomerMasterKeySpec: ptr(k.spec), KeySpec: ptr(k.spec), MultiRegion: ptr(k.multiRegion),
	}
	if k.state == stateScheduled {
		m.DeletionDate = ptr(k.deletionDate)
		m.PendingDeletionWindowInDays = ptr(k.pendingDays)
	}
	algs := algorithmsFor(k.spec, k.usage)
	m.EncryptionAlgorithms, m.SigningAlgorithms, m.MacAlgorithms, m.KeyAgreementAlgorithms = algs.encryption, algs.signing, algs.mac, algs.agreement
	if k.multiRegion {
		primary := orDefault(k.primaryRegion, k.region)
		typ := "PRIMARY"
		if primary != k.region {
			typ = "REPLICA"
		}
		m.MultiRegionConfiguration = &MultiRegionConfiguration{MultiRegionKeyType: ptr(typ),
			PrimaryKey: &MultiRegionKey{Arn: ptr(keyARN(k.account, primary, k.id)), Region: ptr(primary)}, ReplicaKeys: []MultiRegionKey{}}
		for _, r := range k.replicaRegions {
			m.MultiRegionConfiguration.ReplicaKeys = append(m.MultiRegionConfiguration.ReplicaKeys,
				MultiRegionKey{Arn: ptr(keyARN(k.account, r, k.id)), Region: ptr(r)})
		}
	}
	if k.keyStore != "" {
		m.CustomKeyStoreId = ptr(k.keyStore)
		if k.clusterID != "" {
			m.CloudHsmClusterId = ptr(k.clusterID)
		}
		if k.xksKeyID != "" {
			m.XksKeyConfiguration = &XksKeyConfigurationType{Id: ptr(k.xksKeyID)}
		}
	}
	if k.origin == "EXTERNAL" {
		m.ExpirationModel = ptr(orDefault(k.expirationModel, "KEY_MATERIAL_EXPIRES"))
		if !k.validTo.IsZero() {
			m.ValidTo = ptr(k.validTo)
		}
	}
	if k.spec == KeySpecSYMMETRICDEFAULT && len(k.material) > 0 {
		m.CurrentKeyMaterialId = ptr(materialID(k.material[len(k.material)-1]))
	}
	return m
}

// materialID is a stable 64-hex-digit id of one key material.
func materialID(m []byte) string {
	h := sha256Sum(append([]byte("material:"), m...))
	return hex.EncodeToString(h)
}

// usable checks that k may perform a cryptographic operation: Disabled keys
// give DisabledException, keys pending deletion KMSInvalidStateException (AWS
// KMS Developer Guide, "Key states of AWS KMS keys").
func (k *key) usable() error {
	switch k.state {
	case stateEnabled:
		return nil
	case stateDisabled:
		return &DisabledException{Message: ptr(k.arn() + " is disabled.")}
	case stateScheduled:
		return &KMSInvalidStateException{Message: ptr(k.arn() + " is pending deletion.")}
	}
	return &KMSInvalidStateException{Message: ptr(k.arn() + " is pending import.")}
}

// notPending rejects management operations on a key pending deletion.
func (k *key) notPending() error {
	if k.state == stateScheduled {
		return &KMSInvalidStateException{Message: ptr(k.arn() + " is pending deletion.")}
	}
	return nil
}

func (k *key) checkUsage(usage, op string) error {
	if k.usage != usage {
		return &InvalidKeyUsageException{Message: ptr(k.arn() + " key usage is " + k.usage + " which is not valid for " + op + ".")}
	}
	return nil
}
