package s3

import (
	"net"
	"net/http"
	"strings"
)

// validBucketName applies the general purpose bucket naming rules of
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html:
// 3 to 63 characters of lowercase letters, digits, dots and hyphens, starting
// and ending with a letter or digit, no two adjacent dots, not an IP address,
// and none of the reserved prefixes and suffixes.
func validBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '.' || c == '-':
			if i == 0 || i == len(name)-1 {
				return false
			}
		default:
			return false
		}
	}
	if strings.Contains(name, "..") || net.ParseIP(name) != nil {
		return false
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return false
		}
	}
	return true
}

// usEast1 is the region whose endpoint takes no LocationConstraint.
const usEast1 = "us-east-1"

// isLocationConstraint reports whether c is in the model's
// BucketLocationConstraint enum; "us-east-1" is not (that region is asked for
// by sending no constraint).
func isLocationConstraint(c string) bool {
	switch c {
	case BucketLocationConstraintAfSouth1, BucketLocationConstraintApEast1, BucketLocationConstraintApEast2, BucketLocationConstraintApNortheast1, BucketLocationConstraintApNortheast2, BucketLocationConstraintApNortheast3, BucketLocationConstraintApSouth1, BucketLocationConstraintApSouth2, BucketLocationConstraintApSoutheast1, BucketLocationConstraintApSoutheast2, BucketLocationConstraintApSoutheast3, BucketLocationConstraintApSoutheast4, BucketLocationConstraintApSoutheast5, BucketLocationConstraintApSoutheast6, BucketLocationConstraintApSoutheast7, BucketLocationConstraintCaCentral1, BucketLocationConstraintCaWest1, BucketLocationConstraintCnNorth1, BucketLocationConstraintCnNorthwest1, BucketLocationConstraintEU, BucketLocationConstraintEuCentral1, BucketLocationConstraintEuCentral2, BucketLocationConstraintEuNorth1, BucketLocationConstraintEuSouth1, BucketLocationConstraintEuSouth2, BucketLocationConstraintEuWest1, BucketLocationConstraintEuWest2, BucketLocationConstraintEuWest3, BucketLocationConstraintIlCentral1, BucketLocationConstraintMeCentral1, BucketLocationConstraintMeSouth1, BucketLocationConstraintMxCentral1, BucketLocationConstraintSaEast1, BucketLocationConstraintUsEast2, BucketLocationConstraintUsGovEast1, BucketLocationConstraintUsGovWest1, BucketLocationConstraintUsWest1, BucketLocationConstraintUsWest2:
		return true
	}
	return false
}

// bucketRegion decides the region of a new bucket from the region the
// request was sent to and its LocationConstraint (CreateBucket, API
// Reference: "If you don't specify a Region, the bucket is created in the US
// East (N. Virginia) Region (us-east-1)"; a regional endpoint only accepts its
// own region; the us-east-1 endpoint creates in any region it is given but
// rejects "us-east-1" itself as InvalidLocationConstraint).
func bucketRegion(requestRegion, constraint string) (string, error) {
	switch {
	case constraint == "" && requestRegion == usEast1:
		return usEast1, nil
	case constraint == "":
		return "", s3Error(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", nil)
	case requestRegion == usEast1:
		if !isLocationConstraint(constraint) {
			return "", s3Error(http.StatusBadRequest, "InvalidLocationConstraint",
				"The specified location-constraint is not valid",
				map[string]string{"LocationConstraint": constraint})
		}
	case constraint != requestRegion && !(constraint == BucketLocationConstraintEU && requestRegion == "eu-west-1"):
		return "", s3Error(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The "+constraint+" location constraint is incompatible for the region specific endpoint this request was sent to.", nil)
	}
	if constraint == BucketLocationConstraintEU {
		return "eu-west-1", nil
	}
	return constraint, nil
}
