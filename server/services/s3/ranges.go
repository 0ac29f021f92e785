package s3

import (
	"strconv"
	"strings"
)

// byteRange is a satisfiable range of an object: length bytes from start.
type byteRange struct{ start, length int64 }

// parseRange reads a Range header against an object of size bytes, following
// RFC 9110 section 14 as S3 does (GetObject, API Reference: "Amazon S3 doesn't
// support retrieving multiple ranges of data per GET request"). ok is false
// when the header is absent, malformed or asks for several ranges: S3 then
// ignores it and sends the whole object. A well-formed range that starts past
// the end (or any range of an empty object) is InvalidRange (416).
func parseRange(header string, size int64) (r byteRange, ok bool, err error) {
	spec, found := strings.CutPrefix(strings.TrimSpace(header), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return byteRange{}, false, nil
	}
	first, last, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return byteRange{}, false, nil
	}
	if first == "" { // suffix range: the last n bytes
		n, perr := parseDigits(last)
		if perr != nil {
			return byteRange{}, false, nil
		}
		if n == 0 || size == 0 {
			return byteRange{}, false, errInvalidRange(header, size)
		}
		n = min(n, size)
		return byteRange{start: size - n, length: n}, true, nil
	}
	start, perr := parseDigits(first)
	if perr != nil {
		return byteRange{}, false, nil
	}
	end := size - 1
	if last != "" {
		e, perr := parseDigits(last)
		if perr != nil || e < start {
			return byteRange{}, false, nil
		}
		end = min(e, size-1)
	}
	if start >= size {
		return byteRange{}, false, errInvalidRange(header, size)
	}
	return byteRange{start: start, length: end - start + 1}, true, nil
}

// parseDigits accepts only ASCII digits (no sign, no spaces).
func parseDigits(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(s, 10, 64)
}

// contentRange is the Content-Range header of a ranged response.
func (r byteRange) contentRange(size int64) string {
	return "bytes " + itoa(r.start) + "-" + itoa(r.start+r.length-1) + "/" + itoa(size)
}
