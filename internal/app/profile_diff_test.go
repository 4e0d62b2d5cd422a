package app_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// fetchProfile records that d fetched every file of its profile as it is
// now, as the provisioning server's bookkeeping does.
func (e *env) fetchProfile(d *app.DeviceView) {
	e.t.Helper()
	prov, err := e.svc.ProvisioningByKey(e.ctx, key(d))
	e.must(err)
	files, err := vendors.Render(prov.Profile(prov.SiteEncryption), prov.Model)
	e.must(err)
	var fs []*switchboard.FetchedFile
	for _, f := range files {
		fs = append(fs, &switchboard.FetchedFile{DeviceID: d.ID, Name: f.Name, Hash: switchboard.FileHash(f.Body), Body: f.Body, FetchedAt: e.clock()})
	}
	e.must(e.svc.RecordFetchedFiles(e.ctx, fs))
}

// TestProfileDiff changes what a Yealink phone's profile says, one thing at
// a time, and reads what a sync would change: the function key's label,
// the display name, the site's encryption, the SIP password (masked, shown
// as changed). After each fetch nothing is left to change.
func TestProfileDiff(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	d := tn.desk1
	_, err := e.svc.ProfileDiff(e.ctx, tn.admin, d.ID)
	e.must(err)
	e.fetchProfile(d)
	wantNoChange := func(when string) {
		t.Helper()
		diff, err := e.svc.ProfileDiff(e.ctx, tn.admin, d.ID)
		e.must(err)
		if diff.Changes || len(diff.Files) == 0 {
			t.Fatalf("%s: %+v, want files without changes", when, diff)
		}
	}
	wantNoChange("right after the fetch")
	yes, no := true, false
	for _, c := range []struct {
		name   string
		change func()
		want   []string
		// hidden are values that must not appear in the difference.
		hidden func() []string
	}{
		{"function key label", func() {
			_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
			e.must(err)
		}, []string{"+", "Anna"}, nil},
		{"display name", func() {
			name := "Erna"
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{FirstName: &name})
			e.must(err)
		}, []string{"-", "Erika", "+", "Erna"}, nil},
		{"site encryption on", func() {
			_, err := e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Encryption: &yes})
			e.must(err)
		}, []string{"5061"}, nil},
		{"site encryption off", func() {
			_, err := e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Encryption: &no})
			e.must(err)
		}, []string{"5060"}, nil},
		{"new SIP password", func() {
			_, err := e.svc.NewSIPCredentials(e.ctx, tn.admin, d.ID)
			e.must(err)
		}, []string{"(changed)"}, func() []string {
			s := e.stored(d.ID)
			return []string{s.SIP.Password, s.PreviousSIP.Password}
		}},
	} {
		c.change()
		diff, err := e.svc.ProfileDiff(e.ctx, tn.admin, d.ID)
		e.must(err)
		var all strings.Builder
		for _, f := range diff.Files {
			all.WriteString(f.Diff)
		}
		text := all.String()
		if !diff.Changes || !strings.Contains(text, "@@ -") {
			t.Errorf("%s: no change shown: %+v", c.name, diff)
		}
		rest := text
		for _, w := range c.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: %q missing (in order %q) from:\n%s", c.name, w, c.want, text)
				break
			}
			rest = rest[i+len(w):]
		}
		if c.hidden != nil {
			for _, s := range c.hidden() {
				if strings.Contains(text, s) {
					t.Errorf("%s: a secret is shown:\n%s", c.name, text)
				}
			}
		}
		e.fetchProfile(d)
		wantNoChange("after the fetch following " + c.name)
	}

	_, err = e.svc.ProfileDiff(e.ctx, other.admin, d.ID)
	wantCode(t, "another customer's administrator", err, switchboard.ENOTFOUND)
	_, err = e.svc.ProfileDiff(e.ctx, tn.user1, d.ID)
	wantCode(t, "the workplace's user", err, switchboard.EFORBIDDEN)
}
