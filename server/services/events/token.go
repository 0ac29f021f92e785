package events

import (
	"encoding/base64"
	"strconv"
)

// encodeToken makes a pagination token from a list index.
func encodeToken(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("events:" + strconv.Itoa(i)))
}

func decodeToken(t string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil || len(b) < 7 || string(b[:7]) != "events:" {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(string(b[7:]))
}
