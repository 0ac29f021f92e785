package s3

import (
	"reflect"
	"testing"
)

// Every field of object and bucket is either saved by SaveState or listed
// here as derived: a new field fails this test until state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	covered := map[reflect.Type][]string{
		reflect.TypeOf(object{}): {"key", "size", "etag", "lastModified", "bodyRef", "contentType", "contentEncoding",
			"contentDisposition", "contentLanguage", "cacheControl", "expires", "websiteRedirect", "storageClass", "metadata", "checksums",
			"versionID", "deleteMarker", "partSizes", "tags", "acl", "retention", "legalHold", "restored", "encryption"},
		reflect.TypeOf(bucket{}): {"name", "region", "created", "mu", "deleted", "objects", "versions", "versioning",
			"mfaDelete", "configs", "uploads", "objectLock"},
		reflect.TypeOf(upload{}): {"id", "key", "initiated", "template", "parts"},
		reflect.TypeOf(part{}):   {"number", "size", "etag", "md5", "bodyRef", "lastModified", "checksum"},
	}
	for typ, names := range covered {
		checkFields(t, typ, names)
	}
}

func checkFields(t *testing.T, typ reflect.Type, names []string) {
	t.Helper()
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for i := range typ.NumField() {
		if f := typ.Field(i); !known[f.Name] {
			t.Errorf("%s.%s is not saved in snapshots: handle it in state.go (and FORMAT.md), then list it here", typ.Name(), f.Name)
		}
	}
}
