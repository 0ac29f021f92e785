package s3

import (
	"bytes"
	"context"
	"crypto/sha1"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// torrentPieceLength is the piece size of the torrents S3 serves (256 KiB).
const torrentPieceLength = 256 << 10

// torrentMaxSize: S3 serves torrents "only for objects that are less than
// 5 GB in size" (API_GetObjectTorrent.html).
const torrentMaxSize = 5 << 30

// torrentTracker is the tracker S3's torrents announce.
const torrentTracker = "http://s3-tracker.amazonaws.com:6969/announce"

// GetObjectTorrent returns a BitTorrent metainfo file (a bencoded
// dictionary, BEP 3) for the current version of an object: announce and
// info with the object's length, name (the key's last segment), the piece
// length and the pieces' SHA-1 hashes. Errors: NoSuchBucket, NoSuchKey,
// InvalidRequest (an object of 5 GB or more). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTorrent.html
func (s *Service) GetObjectTorrent(ctx context.Context, in *GetObjectTorrentRequest) (*GetObjectTorrentOutput, error) {
	_, obj, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, nil)
	if err != nil {
		return nil, err
	}
	if obj.size >= torrentMaxSize {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"Torrent files are only available for objects less than 5 GB in size.", nil)
	}
	body, err := s.bodies.Open(ctx, obj.bodyRef, 0, obj.size)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	var pieces bytes.Buffer
	buf := make([]byte, torrentPieceLength)
	for {
		n, err := io.ReadFull(body, buf)
		if n > 0 {
			sum := sha1.Sum(buf[:n])
			pieces.Write(sum[:])
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	name := obj.key[strings.LastIndexByte(obj.key, '/')+1:]
	if name == "" {
		name = obj.key
	}
	info := map[string]any{"length": obj.size, "name": name, "piece length": int64(torrentPieceLength), "pieces": pieces.String()}
	var out bytes.Buffer
	bencode(&out, map[string]any{"announce": torrentTracker, "info": info})
	return &GetObjectTorrentOutput{Body: &out}, nil
}

// bencode writes v (string, int64 or map[string]any) in BEP 3's encoding:
// dictionaries with their keys in sorted order.
func bencode(w *bytes.Buffer, v any) {
	switch x := v.(type) {
	case string:
		w.WriteString(strconv.Itoa(len(x)))
		w.WriteByte(':')
		w.WriteString(x)
	case int64:
		w.WriteByte('i')
		w.WriteString(strconv.FormatInt(x, 10))
		w.WriteByte('e')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		w.WriteByte('d')
		for _, k := range keys {
			bencode(w, k)
			bencode(w, x[k])
		}
		w.WriteByte('e')
	}
}
