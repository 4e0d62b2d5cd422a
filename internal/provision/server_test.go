package provision_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// unknownKey is a well-formed key no device has.
const unknownKey = "0123456789abcdef0123456789abcdef0123456789abcdef"

// fileNames returns the names a device of the model asks for.
func fileNames(m switchboard.Model, mac, key string) []string { return fill(m.Files, mac, key) }

// fill puts the MAC and key into file name patterns.
func fill(patterns []string, mac, key string) []string {
	r := strings.NewReplacer("{mac}", strings.ToLower(mac), "{MAC}", strings.ToUpper(mac), "{key}", key)
	var out []string
	for _, f := range patterns {
		out = append(out, r.Replace(f))
	}
	return out
}

func TestEveryVendorsFilesAreServedByKey(t *testing.T) {
	e := newEnv(t, 1000)
	n := 0
	for _, f := range vendors.Families() {
		var m switchboard.Model
		for _, c := range f.Models() {
			if c.URLForm != switchboard.URLNone && len(c.Files) > 0 {
				m = c
				break
			}
		}
		if m.ID == "" {
			continue
		}
		n++
		t.Run(m.ID, func(t *testing.T) {
			mac := "02a0b0c0d0" + []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}[n%12]
			d := e.device(m.ID, mac, false)
			var files []switchboard.File
			for _, name := range fileNames(m, mac, key(d)) {
				r := e.get("/"+key(d)+"/"+name, "", "")
				if r.status != http.StatusOK || r.body == "" {
					t.Fatalf("GET /<key>/%s: %d %q", name, r.status, r.body)
				}
				if r.header.Get("ETag") == "" || r.header.Get("Content-Type") == "" {
					t.Errorf("%s: no ETag or Content-Type: %v", name, r.header)
				}
				files = append(files, switchboard.File{Name: name, Body: []byte(r.body)})
			}
			main := e.get("/"+key(d)+".cfg", "", "")
			if main.status != http.StatusOK || main.body == "" {
				t.Fatalf("GET /<key>.cfg: %d", main.status)
			}
			if m.Kind == switchboard.KindDECTBase {
				// A base carries its handsets' lines.
				hs := e.handsetFor(m, d)
				if r := e.get("/"+key(d)+".cfg", "", ""); !strings.Contains(r.body, hs.SIP.Username) {
					t.Errorf("the base's profile lacks its handset's line")
				}
				return
			}
			acc, err := vendors.Account(m, files, 1)
			if err != nil {
				t.Fatalf("the fetched files do not parse: %v", err)
			}
			if acc.Username != d.SIP.Username || acc.Password != d.SIP.Password {
				t.Errorf("fetched account %v is not the device's (%s)", acc, d.SIP.Username)
			}
			if acc.Transport != switchboard.TransportUDP || acc.Port != 5060 {
				t.Errorf("from loopback (an access network) the profile says %s:%d, want udp:5060", acc.Transport, acc.Port)
			}
		})
	}
	if n < 5 {
		t.Fatalf("only %d vendor families have a model with files", n)
	}
}

func TestEveryRefusalGetsTheSameAnswer(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	k := key(d)
	if r := e.get("/"+k+".cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", ""); r.status != http.StatusOK {
		t.Fatalf("the device's own fetch: %d", r.status)
	}
	refusals := map[string]reply{
		"unknown key":  e.get("/"+unknownKey+".cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", ""),
		"wrong MAC":    e.get("/"+k+".cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:11:22:33", ""),
		"MAC in file":  e.get("/"+k+"/001565112233.cfg", "", ""),
		"unknown file": e.get("/"+k+"/secret.xml", "", ""),
		"malformed":    e.get("/"+k+".cfg.bak", "", ""),
		"no key":       e.get("/index.html", "", ""),
	}
	_, err := e.svc.UpdateCustomer(context.Background(), switchboard.System, e.cust.ID,
		app.CustomerPatch{AllowList: &switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24"}}})
	e.must(err)
	refusals["blocked address"] = e.get("/"+k+".cfg", "", "")
	if r := e.get("/"+k+".cfg", "", "192.0.2.10:5060"); r.status != http.StatusOK {
		t.Errorf("from an address on the allow-list: %d", r.status)
	}

	want := refusals["unknown key"]
	if want.status != http.StatusNotFound {
		t.Fatalf("unknown key: %d", want.status)
	}
	for name, r := range refusals {
		if r.comparable() != want.comparable() {
			t.Errorf("%s answered differently from an unknown key:\n%s\nvs\n%s", name, r.comparable(), want.comparable())
		}
	}

	e.must(e.srv.Flush(context.Background()))
	evs, _, err := e.svc.Events(context.Background(), switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: 100})
	e.must(err)
	seen := map[string]bool{}
	for _, ev := range evs {
		seen[strings.SplitN(ev.Detail, ";", 2)[0]] = true
		if ev.IP == "" || ev.Action != "provisioning.refused" {
			t.Errorf("security event without address or action: %+v", ev)
		}
		if strings.Contains(ev.Detail, k) {
			t.Error("a security event contains the access key")
		}
	}
	for _, reason := range []string{"unknown key", "MAC does not match the device", "unknown file", "malformed request path", "address not on the customer's allow-list"} {
		if !seen[reason] {
			t.Errorf("no security event %q among %v", reason, seen)
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "switchboard provisioning refused from 127.0.0.1: unknown key") {
		t.Errorf("no fail2ban line for the unknown key in:\n%s", logs)
	}
	if strings.Contains(logs, k) || strings.Contains(logs, d.SIP.Password) {
		t.Error("the log contains the access key or a password")
	}
}

func TestTooManyMissesAreRefusedForAWhile(t *testing.T) {
	e := newEnv(t, 3)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	attacker := "203.0.113.9:40000"
	for i := range 3 {
		if r := e.get("/"+unknownKey+".cfg", "", attacker); r.status != http.StatusNotFound {
			t.Fatalf("miss %d: %d", i+1, r.status)
		}
	}
	r := e.get("/"+key(d)+".cfg", "", attacker)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("after 3 misses even a good key: %d (Retry-After %q), want 429", r.status, r.header.Get("Retry-After"))
	}
	// Another address of the same IPv4 network is not affected; the same
	// IPv6 /64 is counted together.
	if r := e.get("/"+key(d)+".cfg", "", "203.0.113.10:40000"); r.status != http.StatusOK {
		t.Errorf("a neighbour address: %d", r.status)
	}
	for i := range 3 {
		e.get("/"+unknownKey+".cfg", "", "[2001:db8:1:2::"+string(rune('a'+i))+"]:5000")
	}
	if r := e.get("/"+key(d)+".cfg", "", "[2001:db8:1:2::ffff]:5000"); r.status != http.StatusTooManyRequests {
		t.Errorf("same /64 after 3 misses from it: %d, want 429", r.status)
	}
	e.clock.Advance(61 * time.Second)
	if r := e.get("/"+key(d)+".cfg", "", attacker); r.status != http.StatusOK {
		t.Errorf("after the block: %d, want 200", r.status)
	}
	e.must(e.srv.Flush(context.Background()))
	evs, _, err := e.svc.Events(context.Background(), switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: 100})
	e.must(err)
	blocked := 0
	for _, ev := range evs {
		if strings.HasPrefix(ev.Detail, "address blocked") {
			blocked++
		}
	}
	if blocked != 2 || !strings.Contains(e.logs.String(), "switchboard provisioning blocked 203.0.113.9") {
		t.Errorf("%d block events, want 2 (IPv4 and IPv6 source); log:\n%s", blocked, e.logs.String())
	}
}

func TestNewKeyRetiresTheOldURLAtOnce(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	ctx := context.Background()
	_, err := e.svc.SetKeys(ctx, switchboard.System, d.ID, []switchboard.FunctionKey{{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "202", Label: "Bernd"}})
	e.must(err)
	old := key(d)
	before := e.get("/"+old+".cfg", "", "")
	if before.status != http.StatusOK || !strings.Contains(before.body, "Bernd") {
		t.Fatalf("before: %d", before.status)
	}
	nd, err := e.svc.NewKey(ctx, switchboard.System, d.ID)
	e.must(err)
	if r := e.get("/"+old+".cfg", "", ""); r.status != http.StatusNotFound {
		t.Errorf("old URL right after new-key: %d, want 404", r.status)
	}
	after := e.get("/"+key(nd)+".cfg", "", "")
	if after.status != http.StatusOK {
		t.Fatalf("new URL: %d", after.status)
	}
	if strings.ReplaceAll(after.body, key(nd), old) != before.body {
		t.Errorf("the profile changed beyond the key:\n%s\nvs\n%s", before.body, after.body)
	}
}

// handsetFor attaches a handset of a model that fits the base.
func (e *env) handsetFor(base switchboard.Model, d *app.DeviceView) *app.DeviceView {
	e.t.Helper()
	for _, m := range e.cat.Models() {
		if m.Kind == switchboard.KindDECTHandset && slices.Contains(m.Bases, base.ID) {
			hs, err := e.svc.CreateDevice(context.Background(), switchboard.System, e.cust.ID, "", app.DeviceInput{Model: m.ID, Base: d.ID})
			e.must(err)
			return hs
		}
	}
	e.t.Fatalf("no handset model fits the %s", base.ID)
	return nil
}

// account fetches a device's main file and reads line 1.
func (e *env) account(d *app.DeviceView, remote string) switchboard.LineAccount {
	e.t.Helper()
	m, _ := e.cat.Model(d.Model)
	r := e.get("/"+key(d)+".cfg", "", remote)
	if r.status != http.StatusOK {
		e.t.Fatalf("fetch from %q: %d", remote, r.status)
	}
	acc, err := vendors.Account(m, []switchboard.File{{Name: "main", Body: []byte(r.body)}}, 1)
	e.must(err)
	return acc
}

func TestEncryptionIsDecidedAtFetchTime(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	for _, c := range []struct {
		remote    string
		transport switchboard.Transport
		port      int
		srtp      switchboard.SRTP
	}{
		{"", switchboard.TransportUDP, 5060, switchboard.SRTPOff},
		{"10.1.2.3:5060", switchboard.TransportUDP, 5060, switchboard.SRTPOff},
		{"203.0.113.9:5060", switchboard.TransportTLS, 5061, switchboard.SRTPMandatory},
		{"[2001:db8::9]:5060", switchboard.TransportTLS, 5061, switchboard.SRTPMandatory},
	} {
		a := e.account(d, c.remote)
		if a.Transport != c.transport || a.Port != c.port || a.SRTP != c.srtp {
			t.Errorf("from %q: %s:%d srtp=%s, want %s:%d srtp=%s", c.remote, a.Transport, a.Port, a.SRTP, c.transport, c.port, c.srtp)
		}
	}
	// The site turns encryption on: from inside too, at once.
	on := true
	_, err := e.svc.UpdateSite(context.Background(), switchboard.System, e.site.ID, app.SitePatch{Encryption: &on})
	e.must(err)
	if a := e.account(d, ""); a.Transport != switchboard.TransportTLS || a.SRTP != switchboard.SRTPMandatory {
		t.Errorf("after the site turned encryption on, from inside: %s srtp=%s", a.Transport, a.SRTP)
	}
}

func TestETagAndHead(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	path := "/" + key(d) + "/001565aabbcc.cfg"
	r := e.get(path, "", "")
	tag := r.header.Get("ETag")
	if r.status != http.StatusOK || tag == "" {
		t.Fatalf("%d %q", r.status, tag)
	}
	nm := e.get(path, "", "", "If-None-Match", tag)
	if nm.status != http.StatusNotModified || nm.body != "" || nm.header.Get("ETag") != tag {
		t.Errorf("If-None-Match with the current tag: %d %q", nm.status, nm.body)
	}
	if r := e.get(path, "", "", "If-None-Match", `"stale"`); r.status != http.StatusOK {
		t.Errorf("If-None-Match with another tag: %d", r.status)
	}
	h := e.do(http.MethodHead, path, "", "")
	if h.status != http.StatusOK || h.body != "" || h.header.Get("Content-Length") != r.header.Get("Content-Length") {
		t.Errorf("HEAD: %d, %d bytes, length %q", h.status, len(h.body), h.header.Get("Content-Length"))
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, "PROPFIND"} {
		if r := e.do(m, path, "", ""); r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d, want 405", m, r.status)
		}
	}
	// A change of the workplace changes the file and its tag.
	name := "Annegret"
	_, err := e.svc.UpdateWorkplace(context.Background(), switchboard.System, e.wp.ID, app.WorkplacePatch{FirstName: &name})
	e.must(err)
	r2 := e.get(path, "", "", "If-None-Match", tag)
	if r2.status != http.StatusOK || !strings.Contains(r2.body, "Annegret") || r2.header.Get("ETag") == tag {
		t.Errorf("after the workplace changed: %d, new name shown %v", r2.status, strings.Contains(r2.body, "Annegret"))
	}
}

func TestCacheFollowsChanges(t *testing.T) {
	e := newEnv(t, 1000)
	base := e.device("yealink-w70b", "001565000070", true)
	ctx := context.Background()
	first := e.get("/"+key(base)+".cfg", "", "")
	if first.status != http.StatusOK || e.srv.Cached() != 1 {
		t.Fatalf("%d, cached %d", first.status, e.srv.Cached())
	}
	// A handset attached to the base puts its line into the base's profile.
	hs, err := e.svc.CreateDevice(ctx, switchboard.System, e.cust.ID, "", app.DeviceInput{Model: "yealink-w73h", Base: base.ID, Description: "Lager"})
	e.must(err)
	second := e.get("/"+key(base)+".cfg", "", "")
	if !strings.Contains(second.body, hs.SIP.Username) || !strings.Contains(second.body, "Lager") {
		t.Errorf("the base's profile lacks the new handset's line:\n%s", second.body)
	}
	// A change of the customer (SIP domain, allow-list) drops the profile.
	dom := "acme-neu.sip.example.net"
	_, err = e.svc.UpdateCustomer(ctx, switchboard.System, e.cust.ID, app.CustomerPatch{SIPDomain: &dom})
	e.must(err)
	if r := e.get("/"+unknownKey+".cfg", "", ""); r.status != http.StatusNotFound || e.srv.Cached() != 0 {
		t.Errorf("after the customer changed %d profile(s) are still cached", e.srv.Cached())
	}
	e.must(e.svc.DeleteDevice(ctx, switchboard.System, hs.ID))
	if r := e.get("/"+key(base)+".cfg", "", ""); strings.Contains(r.body, hs.SIP.Username) {
		t.Error("a deleted handset's line is still in the base's profile")
	}
}
