package provision

import (
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// maxCertResults bounds the remembered verifications; when full, they are
// forgotten at once and verified again as phones come back.
const maxCertResults = 50_000

// certs reads the MAC from the factory client certificates phones present
// (DESIGN §4): the server asks for a certificate in every handshake
// without requiring one, and a certificate that verifies against a
// vendor's trust anchors (Options.VendorCAs) names the MAC its vendor
// writes into it (vendorkit.Family.CertMAC). A certificate that does not
// verify, or any certificate when no anchors are configured, is ignored:
// it proves nothing. A verification is remembered by the certificate's
// hash, since a phone presents the same certificate on every connection.
type certs struct {
	anchors []vendorAnchors
	mu      sync.Mutex
	seen    map[[sha256.Size]byte]string
}

// vendorAnchors is one vendor's trust anchors.
type vendorAnchors struct {
	vendor string
	pool   *x509.CertPool
}

// newCerts checks that every vendor named has factory certificates.
func newCerts(anchors map[string]*x509.CertPool) (*certs, error) {
	c := &certs{seen: map[[sha256.Size]byte]string{}}
	for vendor, pool := range anchors {
		if !vendors.HasCertificates(vendor) {
			return nil, fmt.Errorf("provision: no factory client certificates are known for vendor %q (known: %v)", vendor, vendors.CertVendors())
		}
		c.anchors = append(c.anchors, vendorAnchors{vendor: vendor, pool: pool})
	}
	sort.Slice(c.anchors, func(i, j int) bool { return c.anchors[i].vendor < c.anchors[j].vendor })
	return c, nil
}

// mac returns the MAC the request's verified client certificate names, or
// "" when it presents none, none verifies or it names no MAC.
func (c *certs) mac(r *http.Request) string {
	if len(c.anchors) == 0 || r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	chain := r.TLS.PeerCertificates
	sum := sha256.Sum256(chain[0].Raw)
	c.mu.Lock()
	mac, ok := c.seen[sum]
	c.mu.Unlock()
	if ok {
		return mac
	}
	mac = c.verify(chain)
	c.mu.Lock()
	if len(c.seen) >= maxCertResults {
		clear(c.seen)
	}
	c.seen[sum] = mac
	c.mu.Unlock()
	return mac
}

// verify checks the chain against each vendor's anchors and returns the
// MAC the first vendor that trusts it reads from the leaf.
func (c *certs) verify(chain []*x509.Certificate) string {
	inter := x509.NewCertPool()
	for _, ca := range chain[1:] {
		inter.AddCert(ca)
	}
	for _, a := range c.anchors {
		opts := x509.VerifyOptions{Roots: a.pool, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}
		if _, err := chain[0].Verify(opts); err == nil {
			mac, _ := vendors.CertMAC(a.vendor, chain[0])
			return mac
		}
	}
	return ""
}

// shownMAC combines what a request shows of a phone's MAC: the vendor's
// reading of its User-Agent and file name, and the MAC of its verified
// client certificate. conflict is set when they name different MACs, which
// is refused like a wrong MAC.
func shownMAC(userAgent, file, certMAC string) (mac string, conflict bool) {
	if userAgent != "" || file != "" {
		if id, ok := vendors.Identify(userAgent, file); ok {
			if id.Conflict {
				return "", true
			}
			mac = id.MAC
		}
	}
	if certMAC != "" {
		if mac != "" && mac != certMAC {
			return "", true
		}
		mac = certMAC
	}
	return mac, false
}
