package gateway

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// credential is what the Authorization header (or a presigned URL) says.
type credential struct {
	AccessKey   string
	Region      string
	SigningName string // SigV4 service; "s3" for SigV2
}

// parseCredential reads SigV4 "AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request, …",
// presigned "X-Amz-Credential", and SigV2 "AWS AK:signature" (S3) or
// presigned "AWSAccessKeyId". Signatures are not checked (LocalStack
// community never rejects a signature; see localstack-runtime.md §6).
func parseCredential(r *http.Request) credential {
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		scope := auth[i+len("Credential="):]
		if j := strings.IndexAny(scope, ", "); j >= 0 {
			scope = scope[:j]
		}
		return scopeCredential(scope)
	}
	if rest, ok := strings.CutPrefix(auth, "AWS "); ok {
		ak, _, _ := strings.Cut(rest, ":")
		return credential{AccessKey: ak, SigningName: "s3"}
	}
	q := r.URL.Query()
	if c := q.Get("X-Amz-Credential"); c != "" {
		return scopeCredential(c)
	}
	if ak := q.Get("AWSAccessKeyId"); ak != "" {
		return credential{AccessKey: ak, SigningName: "s3"}
	}
	return credential{}
}

func scopeCredential(scope string) credential {
	parts := strings.Split(scope, "/")
	c := credential{AccessKey: parts[0]}
	if len(parts) >= 4 {
		c.Region, c.SigningName = parts[2], parts[3]
	}
	return c
}

// awsRegion is the aws partition's regionRegex from botocore's endpoints.json.
var awsRegion = regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`)

// regionOf returns the credential's region, or us-east-1 when it is missing
// or outside the aws partition (LocalStack rewrites those, §6).
func regionOf(c credential) string {
	if awsRegion.MatchString(c.Region) {
		return c.Region
	}
	return awsapi.DefaultRegion
}

// accountOf maps an access key to an account id as LocalStack does (§6): a
// 12-digit key is the account; LSIA/LKIA keys encode it; anything else
// ("test", AKIA…, ASIA…) is 000000000000.
func accountOf(accessKey string) string {
	if len(accessKey) == 12 && isDigits(accessKey) {
		return accessKey
	}
	if len(accessKey) >= 20 && (strings.HasPrefix(accessKey, "LSIA") || strings.HasPrefix(accessKey, "LKIA")) {
		if acct, ok := decodeKeyAccount(accessKey); ok {
			return acct
		}
	}
	return awsapi.DefaultAccount
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// decodeKeyAccount extracts the account id AWS encodes in an access key id:
// characters 4..11 base32-decoded, minus 549755813888, times two, plus one
// when character 12 is in the upper half of the base32 alphabet.
func decodeKeyAccount(key string) (string, bool) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var n int64
	for _, c := range key[4:12] {
		i := strings.IndexRune(alphabet, c)
		if i < 0 {
			return "", false
		}
		n = n<<5 | int64(i)
	}
	n = (n - 549755813888) * 2
	i := strings.IndexByte(alphabet, key[12])
	if i < 0 {
		return "", false
	}
	if i >= 16 {
		n++
	}
	if n < 0 || n > 999999999999 {
		return "", false
	}
	s := "000000000000" + strconv.FormatInt(n, 10)
	return s[len(s)-12:], true
}
