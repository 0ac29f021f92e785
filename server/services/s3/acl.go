package s3

import (
	"net/http"
	"strings"
)

// ACLs as in https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html:
// stored and returned, never enforced (as LocalStack).

const (
	groupAllUsers     = "http://acs.amazonaws.com/groups/global/AllUsers"
	groupAuthUsers    = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	groupLogDelivery  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
	granteeCanonical  = "CanonicalUser"
	granteeGroup      = "Group"
	granteeEmail      = "AmazonCustomerByEmail"
	permFullControl   = "FULL_CONTROL"
	permRead          = "READ"
	permWrite         = "WRITE"
	permReadACP       = "READ_ACP"
	permWriteACP      = "WRITE_ACP"
	cannedPrivate     = "private"
	cannedPublicRead  = "public-read"
	cannedPublicRW    = "public-read-write"
	cannedAuthRead    = "authenticated-read"
	cannedLogDelivery = "log-delivery-write"
)

func ownerGrant(perm string) Grant {
	return Grant{Grantee: &Grantee{ID: ptr(ownerID), DisplayName: ptr(ownerDisplayName), Type: ptr(granteeCanonical)},
		Permission: ptr(perm)}
}

func groupGrant(uri, perm string) Grant {
	return Grant{Grantee: &Grantee{URI: ptr(uri), Type: ptr(granteeGroup)}, Permission: ptr(perm)}
}

// cannedACL is the policy of a canned ACL ("Canned ACL" table of
// acl-overview.html); nil for "" (keep the default) or an unknown name.
func cannedACL(name string) *AccessControlPolicy {
	grants := []Grant{ownerGrant(permFullControl)}
	switch name {
	case "":
		return nil
	case cannedPrivate, "bucket-owner-read", "bucket-owner-full-control", "aws-exec-read":
	case cannedPublicRead:
		grants = append(grants, groupGrant(groupAllUsers, permRead))
	case cannedPublicRW:
		grants = append(grants, groupGrant(groupAllUsers, permRead), groupGrant(groupAllUsers, permWrite))
	case cannedAuthRead:
		grants = append(grants, groupGrant(groupAuthUsers, permRead))
	case cannedLogDelivery:
		grants = append(grants, groupGrant(groupLogDelivery, permWrite), groupGrant(groupLogDelivery, permReadACP))
	default:
		return nil
	}
	return &AccessControlPolicy{Owner: owner(), Grants: grants}
}

func validCanned(name string) bool {
	switch name {
	case cannedPrivate, cannedPublicRead, cannedPublicRW, cannedAuthRead, cannedLogDelivery,
		"bucket-owner-read", "bucket-owner-full-control", "aws-exec-read":
		return true
	}
	return false
}

// requestACL reads an ACL from a canned x-amz-acl, x-amz-grant-* headers or
// an AccessControlPolicy body: exactly one of them. Errors: InvalidArgument
// (unknown canned ACL, malformed grant header), InvalidRequest (more than
// one way), MalformedACLError (body without owner or with a bad grantee or
// permission), UnresolvableGrantByEmailAddress.
func requestACL(canned *string, policy *AccessControlPolicy, full, read, readACP, write, writeACP *string) (*AccessControlPolicy, error) {
	headerGrants := map[string]*string{permFullControl: full, permRead: read, permReadACP: readACP, permWrite: write, permWriteACP: writeACP}
	var grants []Grant
	for _, perm := range []string{permFullControl, permRead, permReadACP, permWrite, permWriteACP} {
		h := headerGrants[perm]
		if h == nil {
			continue
		}
		gs, err := parseGrantHeader(*h, perm)
		if err != nil {
			return nil, err
		}
		grants = append(grants, gs...)
	}
	ways := 0
	for _, set := range []bool{canned != nil, policy != nil, grants != nil} {
		if set {
			ways++
		}
	}
	if ways > 1 {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"Specifying both Canned ACLs and Header Grants is not allowed", nil)
	}
	switch {
	case canned != nil:
		if !validCanned(*canned) {
			return nil, errInvalidArgument("Invalid canned ACL value", "x-amz-acl", *canned)
		}
		return cannedACL(*canned), nil
	case grants != nil:
		return &AccessControlPolicy{Owner: owner(), Grants: grants}, nil
	case policy != nil:
		if policy.Owner == nil || policy.Owner.ID == nil {
			return nil, errMalformedACL()
		}
		for _, g := range policy.Grants {
			if g.Grantee == nil || !validPermission(valueOf(g.Permission)) {
				return nil, errMalformedACL()
			}
			switch valueOf(g.Grantee.Type) {
			case granteeCanonical, granteeGroup:
			case granteeEmail:
				return nil, s3Error(http.StatusBadRequest, "UnresolvableGrantByEmailAddress",
					"The e-mail address you provided does not match any account on record.", nil)
			default:
				return nil, errMalformedACL()
			}
		}
		return &AccessControlPolicy{Owner: policy.Owner, Grants: append([]Grant{}, policy.Grants...)}, nil
	}
	return nil, s3Error(http.StatusBadRequest, "MissingSecurityHeader",
		"Your request was missing a required header", map[string]string{"MissingHeaderName": "x-amz-acl"})
}

func validPermission(p string) bool {
	switch p {
	case permFullControl, permRead, permWrite, permReadACP, permWriteACP:
		return true
	}
	return false
}

// parseGrantHeader reads x-amz-grant-*: comma-separated id="…", uri="…" or
// emailAddress="…" grantees.
func parseGrantHeader(h, perm string) ([]Grant, error) {
	var out []Grant
	for _, part := range strings.Split(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if !ok || v == "" {
			return nil, errInvalidArgument("Argument format not recognized", "x-amz-grant-"+strings.ToLower(perm), h)
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "id":
			out = append(out, Grant{Grantee: &Grantee{ID: ptr(v), Type: ptr(granteeCanonical)}, Permission: ptr(perm)})
		case "uri":
			out = append(out, Grant{Grantee: &Grantee{URI: ptr(v), Type: ptr(granteeGroup)}, Permission: ptr(perm)})
		case "emailaddress":
			return nil, s3Error(http.StatusBadRequest, "UnresolvableGrantByEmailAddress",
				"The e-mail address you provided does not match any account on record.", nil)
		default:
			return nil, errInvalidArgument("Argument format not recognized", "x-amz-grant-"+strings.ToLower(perm), h)
		}
	}
	return out, nil
}

func errMalformedACL() error {
	return s3Error(http.StatusBadRequest, "MalformedACLError",
		"The XML you provided was not well-formed or did not validate against our published schema", nil)
}
