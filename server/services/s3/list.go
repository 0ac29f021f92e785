package s3

import (
	"strings"
)

// maxListKeys is the most entries one listing page holds ("returns some or
// all (up to 1,000) of the objects in a bucket", ListObjectsV2, API Reference).
const maxListKeys = 1000

// listQuery is one page request over a bucket's keys.
type listQuery struct {
	prefix    string
	delimiter string
	// from is the first key the page may hold (keys < from are skipped).
	from string
	// skipPrefix is a common prefix the previous page already ended with (a
	// V1 marker or V2 start-after equal to it), not to be returned again.
	skipPrefix string
	max        int
}

// listPage is the result: keys and common prefixes, each counted against max.
type listPage struct {
	contents  []*object
	prefixes  []string
	truncated bool
	// last is the last entry returned, a key or (lastIsPrefix) a common prefix.
	last         string
	lastIsPrefix bool
}

// list walks the key index from max(from, prefix): O(log n) for the seek,
// O(1) per key returned and O(log n) per common prefix, whose keys it jumps
// over instead of visiting them.
func (b *bucket) list(q listQuery) listPage {
	var p listPage
	if q.max <= 0 {
		return p
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := b.objects.Seek(max(q.from, q.prefix))
	for n != nil && strings.HasPrefix(n.key, q.prefix) {
		if n.obj.deleteMarker { // a deleted key is not listed
			n = n.Next()
			continue
		}
		if q.delimiter != "" {
			if i := strings.Index(n.key[len(q.prefix):], q.delimiter); i >= 0 {
				cp := n.key[:len(q.prefix)+i+len(q.delimiter)]
				if cp != q.skipPrefix {
					if len(p.contents)+len(p.prefixes) == q.max {
						p.truncated = true
						break
					}
					p.prefixes = append(p.prefixes, cp)
					p.last, p.lastIsPrefix = cp, true
				}
				next, ok := prefixSuccessor(cp)
				if !ok {
					break
				}
				n = b.objects.Seek(next)
				continue
			}
		}
		if len(p.contents)+len(p.prefixes) == q.max {
			p.truncated = true
			break
		}
		p.contents = append(p.contents, n.obj)
		p.last, p.lastIsPrefix = n.key, false
		n = n.Next()
	}
	return p
}

// resumeFrom is the first key the next page may hold.
func (p listPage) resumeFrom() string {
	if p.lastIsPrefix {
		if next, ok := prefixSuccessor(p.last); ok {
			return next
		}
	}
	return keyAfter(p.last)
}

// keyAfter is the smallest key greater than k.
func keyAfter(k string) string { return k + "\x00" }

// prefixSuccessor is the smallest string greater than every string with
// prefix p; ok is false when there is none (p is all 0xff bytes).
func prefixSuccessor(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

// urlEncode is S3's encoding-type=url: every byte but unreserved characters
// and "/" as %XX, space as "+" (the form botocore's unquote_plus decodes).
func urlEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~', c == '/':
			sb.WriteByte(c)
		case c == ' ':
			sb.WriteByte('+')
		default:
			sb.WriteByte('%')
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&15])
		}
	}
	return sb.String()
}
