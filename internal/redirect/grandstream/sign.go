package grandstream

import (
	"crypto/md5" //nolint:gosec // GDMS's documented password digest, not a choice of ours
	"crypto/sha256"
	"encoding/hex"
)

// PasswordDigest is the password GDMS's token call takes: the hex SHA-256
// of the hex MD5 of the account password (GDMS API guide, "Generate the
// Token").
func PasswordDigest(password string) string {
	m := md5.Sum([]byte(password))
	s := sha256.Sum256([]byte(hex.EncodeToString(m[:])))
	return hex.EncodeToString(s[:])
}

// Signature is the signature query parameter of a GDMS call: the hex
// SHA-256 of "&access_token=…&client_id=…&client_secret=…&timestamp=…&",
// the parameters in alphabetical order, followed by the hex SHA-256 of the
// body and "&" when there is a body (GDMS API guide, "Signature"; the
// public clients InterLinked1/GDMS and
// AccelerateNetworks/fusionpbx-grandstream-extras agree).
func Signature(token, clientID, clientSecret, timestamp string, body []byte) string {
	s := "&access_token=" + token + "&client_id=" + clientID + "&client_secret=" + clientSecret + "&timestamp=" + timestamp + "&"
	if len(body) > 0 {
		b := sha256.Sum256(body)
		s += hex.EncodeToString(b[:]) + "&"
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
