package s3

import "math/rand/v2"

// keyIndex is a skip list of a bucket's objects ordered by key in binary
// (UTF-8 byte) order, the order S3 lists keys in. Seek is O(log n) and each
// step of an iteration O(1), so a page of a listing costs O(log n + page)
// however large the bucket. It is not safe for concurrent use: the bucket's
// lock guards it.
type keyIndex struct {
	head  skipNode
	level int
	size  int
	rng   *rand.Rand // tower heights only; never visible in results
}

const maxSkipLevel = 32

type skipNode struct {
	key  string
	obj  *object
	next []*skipNode
}

func newKeyIndex() *keyIndex {
	ix := &keyIndex{level: 1, rng: rand.New(rand.NewPCG(0x5eed, 0x53))}
	ix.head.next = make([]*skipNode, maxSkipLevel)
	return ix
}

// Len is the number of keys.
func (ix *keyIndex) Len() int { return ix.size }

// findPath fills path[i] with the last node at level i whose key is < key.
func (ix *keyIndex) findPath(key string, path *[maxSkipLevel]*skipNode) *skipNode {
	n := &ix.head
	for i := ix.level - 1; i >= 0; i-- {
		for n.next[i] != nil && n.next[i].key < key {
			n = n.next[i]
		}
		if path != nil {
			path[i] = n
		}
	}
	return n.next[0]
}

// Get returns the object stored under key, or nil.
func (ix *keyIndex) Get(key string) *object {
	if n := ix.findPath(key, nil); n != nil && n.key == key {
		return n.obj
	}
	return nil
}

// Put stores obj under key, returning the object it replaced (or nil).
func (ix *keyIndex) Put(key string, obj *object) *object {
	var path [maxSkipLevel]*skipNode
	if n := ix.findPath(key, &path); n != nil && n.key == key {
		old := n.obj
		n.obj = obj
		return old
	}
	lvl := 1
	for lvl < maxSkipLevel && ix.rng.Uint32()&3 == 0 { // p = 1/4
		lvl++
	}
	for i := ix.level; i < lvl; i++ {
		path[i] = &ix.head
	}
	if lvl > ix.level {
		ix.level = lvl
	}
	n := &skipNode{key: key, obj: obj, next: make([]*skipNode, lvl)}
	for i := range lvl {
		n.next[i] = path[i].next[i]
		path[i].next[i] = n
	}
	ix.size++
	return nil
}

// Delete removes key, returning the object it held (or nil).
func (ix *keyIndex) Delete(key string) *object {
	var path [maxSkipLevel]*skipNode
	n := ix.findPath(key, &path)
	if n == nil || n.key != key {
		return nil
	}
	for i := range n.next {
		path[i].next[i] = n.next[i]
	}
	for ix.level > 1 && ix.head.next[ix.level-1] == nil {
		ix.level--
	}
	ix.size--
	return n.obj
}

// Seek returns a cursor at the first key >= from (nil at the end).
func (ix *keyIndex) Seek(from string) *skipNode { return ix.findPath(from, nil) }

// Next is the node after n (nil at the end).
func (n *skipNode) Next() *skipNode { return n.next[0] }
