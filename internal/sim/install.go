package sim

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ImagePrefix starts a simulated firmware image; the version follows on
// the same line. A simulated phone reads the version it installs from it,
// as a real one reads it from the image's header.
const ImagePrefix = "switchboard-sim-firmware "

// Image returns a simulated firmware image of version, padded to size
// bytes (at least its first line).
func Image(version string, size int) []byte {
	head := ImagePrefix + version + "\n"
	if size < len(head) {
		size = len(head)
	}
	b := make([]byte, size)
	copy(b, head)
	for i := len(head); i < size; i++ {
		b[i] = byte('a' + i%26)
	}
	return b
}

// maxImage bounds what a simulated phone downloads.
const maxImage = switchboard.MaxFirmwareSize

// upgradeURL reads the firmware URL the profile's settings name in the
// vendor's key; "" when they name none or the vendor takes none.
func upgradeURL(m switchboard.Model, parsed map[string]string) string {
	fw := firmwares[m.Vendor]
	if fw.upgradeKey == "" {
		return ""
	}
	u := strings.TrimSpace(parsed[fw.upgradeKey])
	if u != "" && fw.schemeless && !strings.Contains(u, "://") {
		u = "https://" + u
	}
	return u
}

// FailsFirmware reports whether a phone with the MAC fails to install
// firmware under o: its MAC is listed, or it falls in the failing share
// (chosen by a hash of the MAC, so the same phones fail every run).
func (o *Options) FailsFirmware(mac string) bool {
	if slices.Contains(o.FailFirmwareMACs, mac) {
		return true
	}
	if o.FailFirmwareShare <= 0 {
		return false
	}
	sum := sha256.Sum256([]byte("firmware/" + mac))
	return float64(binary.BigEndian.Uint32(sum[:4]))/(1<<32) < o.FailFirmwareShare
}

// upgrade installs the firmware the profile names when it is not the one
// the phone tried last: it downloads the image and, unless the phone is
// one that fails, runs the image's version from then on and reports true,
// so the caller restarts it (it registers anew with the new User-Agent).
// A phone that fails keeps its version and is not tried again until the
// profile names another file. A download that fails is counted and
// tried again at the next fetch.
func (p *phone) upgrade(ctx context.Context, c *http.Client, parsed map[string]string) bool {
	u := upgradeURL(p.spec.Model, parsed)
	if u == "" || u == p.tried {
		return false
	}
	if err := p.fl.checkURL(u); err != nil {
		p.fl.stats.fail("firmware-url", err)
		p.tried = u
		return false
	}
	version, err := download(ctx, c, u, p.httpUA)
	if err != nil {
		p.fl.stats.fail("firmware-download", err)
		return false
	}
	p.tried = u
	p.st.Installs++
	if p.fl.opt.FailsFirmware(p.spec.MAC) || version == "" || version == p.st.Version {
		return false
	}
	p.st.Version = version
	p.httpUA, p.sipUA, _ = UserAgentsWith(p.spec.Model, p.spec.MAC, version)
	return true
}

// download fetches a firmware image and returns the version its first
// line names ("" for an image that is not a simulated one).
func download(ctx context.Context, c *http.Client, u, ua string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fail("firmware-url", "%v", err)
	}
	req.Header.Set("User-Agent", ua)
	resp, err := c.Do(req)
	if err != nil {
		return "", fetchFailure(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fail(fmt.Sprintf("firmware-http-%d", resp.StatusCode), "GET %s answered %s", redact(u), resp.Status)
	}
	r := bufio.NewReader(io.LimitReader(resp.Body, maxImage))
	line, _ := r.ReadString('\n')
	if _, err := io.Copy(io.Discard, r); err != nil {
		return "", fetchFailure(err)
	}
	v, ok := strings.CutPrefix(strings.TrimSpace(line), ImagePrefix)
	if !ok {
		return "", nil
	}
	return strings.TrimSpace(v), nil
}

// restart drops the phone's registration as a reboot does, so the next
// REGISTER starts afresh with the User-Agent of the new firmware.
func (p *phone) restart(ctx context.Context) {
	p.st.State = StateRebooting
	if p.online {
		_, _ = p.transact(ctx, 0)
		p.setOnline(false)
	}
	if p.refresh != nil {
		p.refresh.Stop()
	}
	p.auth = nil
	p.dropLink()
}
