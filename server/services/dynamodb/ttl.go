package dynamodb

import (
	"math/big"
	"time"
)

// Time to Live (Developer Guide, "Using time to live (TTL) in DynamoDB"):
// an item whose TTL attribute is a Number of epoch seconds in the past is
// deleted, with a REMOVE stream record whose userIdentity is the DynamoDB
// service. Items whose expiry is more than five years in the past, or whose
// TTL attribute is not a Number, are never deleted. AWS deletes within days;
// the emulator looks at most once a second, on the table's next request.

// ttlSweepEvery bounds how often a table is searched for expired items.
const ttlSweepEvery = time.Second

// expire deletes t's expired items when TTL is enabled and a sweep is due.
func (t *table) expire(now time.Time) {
	t.mu.RLock()
	due := t.ttlAttr != "" && !now.Before(t.nextSweep)
	t.mu.RUnlock()
	if !due {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ttlAttr == "" || now.Before(t.nextSweep) {
		return
	}
	t.nextSweep = now.Add(ttlSweepEvery)
	var expired []itemKey
	for _, p := range t.parts {
		for _, e := range p.items {
			if expiredAt(e.item[t.ttlAttr], now) {
				if k, err := t.keyFromItem(e.item); err == nil {
					expired = append(expired, k)
				}
			}
		}
	}
	for _, k := range expired {
		t.removeBy(k, true)
	}
}

// expiredAt reports whether a TTL attribute value has expired at now.
func expiredAt(v AttributeValue, now time.Time) bool {
	if v.N == nil {
		return false
	}
	r, ok := new(big.Rat).SetString(*v.N)
	if !ok {
		return false
	}
	sec := now.Unix()
	if r.Cmp(new(big.Rat).SetInt64(sec)) > 0 {
		return false
	}
	fiveYears := int64(5 * 365 * 24 * 3600)
	return r.Cmp(new(big.Rat).SetInt64(sec-fiveYears)) >= 0
}
