package provision

import "strings"

// Request limits: anything larger is refused before any lookup.
const (
	// maxURI bounds the request target, query included.
	maxURI = 512
	// maxFileName bounds the file name after the key.
	maxFileName = 96
	// maxHeaderBytes bounds the sum of all header names and values.
	maxHeaderBytes = 8 << 10
	// maxUserAgent bounds the User-Agent looked at.
	maxUserAgent = 512
	// keyLen is the length of an access key in hex digits.
	keyLen = 48
)

// target is what a well-formed request path names: the access key and the
// file asked for. File is empty for the file form "/<key>.cfg".
type target struct {
	key  string
	file string
}

// parsePath reads "/<key>.cfg" or "/<key>/<file>" from the escaped path.
// Nothing is decoded: a '%' anywhere, a file name starting with a dot, a
// second slash or any character outside [A-Za-z0-9._-] makes the path
// malformed, so encoded dots, traversal and odd encodings never reach a
// lookup.
func parsePath(escaped string) (target, bool) {
	if len(escaped) < 1+keyLen+2 || escaped[0] != '/' {
		return target{}, false
	}
	key := escaped[1 : 1+keyLen]
	if !isHex(key) {
		return target{}, false
	}
	rest := escaped[1+keyLen:]
	if rest == ".cfg" {
		return target{key: strings.ToLower(key)}, true
	}
	if rest[0] != '/' {
		return target{}, false
	}
	file := rest[1:]
	if file == "" || len(file) > maxFileName || file[0] == '.' || !isFileName(file) {
		return target{}, false
	}
	return target{key: strings.ToLower(key), file: file}, true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isFileName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return !strings.Contains(s, "..")
}
