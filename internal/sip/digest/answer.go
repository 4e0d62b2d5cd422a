package digest

import "fmt"

// Answer is a client's credentials for challenge ch: the request of method
// for uri, signed with username and password, as the nc-th answer to the
// nonce with the client nonce cnonce when the challenge offers qop.
// Simulated phones answer the provisioning server's initial-login
// challenge with it.
func Answer(ch *Challenge, method, uri, username, password string, nc uint32, cnonce string) *Credentials {
	c := &Credentials{Username: username, Realm: ch.Realm, Nonce: ch.Nonce, URI: uri, Algorithm: ch.Algorithm, Opaque: ch.Opaque}
	if ch.QOP != "" {
		c.QOP, c.NC, c.CNonce = "auth", fmt.Sprintf("%08x", nc), cnonce
	}
	c.Response = Response(c.Algorithm, HA1(c.Algorithm, username, c.Realm, password), method, uri, c.Nonce, c.NC, c.CNonce, c.QOP)
	return c
}
