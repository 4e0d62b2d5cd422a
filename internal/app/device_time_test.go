package app_test

import (
	"slices"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestSiteTimeReachesTheProfile checks that a phone keeps time and checks
// for changes by itself: the operator's time servers and resync interval by
// default, the site's own once it names them, back to the default when
// cleared; and that bad values are refused and change nothing.
func TestSiteTimeReachesTheProfile(t *testing.T) {
	e, tn := acme(t)
	profile := func() *switchboard.Profile {
		p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
		e.must(err)
		return p.Profile(false)
	}
	if p := profile(); !slices.Equal(p.NTPServers, []string{"ntp.operator.example"}) || p.Resync != 24*time.Hour {
		t.Errorf("operator defaults: NTP %v, resync %v", p.NTPServers, p.Resync)
	}
	ntp, minutes := []string{" NTP1.Site.Example ", "192.0.2.123"}, 240
	site, err := e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{NTPServers: &ntp, ResyncMinutes: &minutes})
	e.must(err)
	if !slices.Equal(site.NTPServers, []string{"ntp1.site.example", "192.0.2.123"}) {
		t.Errorf("site NTP servers stored as %q", site.NTPServers)
	}
	if p := profile(); !slices.Equal(p.NTPServers, site.NTPServers) || p.Resync != 4*time.Hour {
		t.Errorf("site override: NTP %v, resync %v", p.NTPServers, p.Resync)
	}
	for name, patch := range map[string]app.SitePatch{
		"five servers":     {NTPServers: &[]string{"a.example", "b.example", "c.example", "d.example", "e.example"}},
		"not a host":       {NTPServers: &[]string{"ntp server"}},
		"resync too short": {ResyncMinutes: ptr(5)},
	} {
		_, err := e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, patch)
		wantCode(t, name, err, switchboard.EINVALID)
		if p := profile(); !slices.Equal(p.NTPServers, site.NTPServers) || p.Resync != 4*time.Hour {
			t.Errorf("%s changed the profile: NTP %v, resync %v", name, p.NTPServers, p.Resync)
		}
	}
	none, zero := []string{}, 0
	_, err = e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{NTPServers: &none, ResyncMinutes: &zero})
	e.must(err)
	if p := profile(); !slices.Equal(p.NTPServers, []string{"ntp.operator.example"}) || p.Resync != 24*time.Hour {
		t.Errorf("cleared site: NTP %v, resync %v, want the operator's again", p.NTPServers, p.Resync)
	}
}

func ptr[T any](v T) *T { return &v }

// TestHandsetPairing checks the DECT base's side of a new handset: the base
// has a PIN the administrator sees, its profile opens the registration
// window for a handset not yet delivered, and a fetch of that profile
// closes it (the next profile pairs nothing); a base with a workplace of
// its own rings its line on every handset.
func TestHandsetPairing(t *testing.T) {
	e, tn := acme(t)
	base := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "gigaset-n670"})
	if len(base.HandsetPIN) != 4 || base.HandsetPIN != switchboard.HandsetPIN(e.stored(base.ID).AccessKey) {
		t.Fatalf("base shows PIN %q", base.HandsetPIN)
	}
	if tn.desk1.HandsetPIN != "" {
		t.Errorf("a desk phone shows a handset PIN %q", tn.desk1.HandsetPIN)
	}
	h := e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "gigaset-s700h", Base: base.ID})
	p, err := e.svc.ProvisioningByKey(e.ctx, key(base))
	e.must(err)
	prof := p.Profile(false)
	if prof.HandsetPIN != base.HandsetPIN || len(prof.Handsets) != 1 || !prof.Handsets[0].Pair || !slices.Equal(p.Pairs, []string{h.ID}) ||
		prof.BuiltAt.IsZero() || !prof.BuiltAt.Before(e.clock()) {
		t.Fatalf("base profile before the fetch: PIN %q, handsets %+v, pairs %v", prof.HandsetPIN, prof.Handsets, p.Pairs)
	}
	// The base's own line (1) rings on the handset beside the handset's
	// own (2), which it dials out with.
	if !slices.Equal(prof.Handsets[0].Lines, []int{2, 1}) || len(prof.Lines) != 2 {
		t.Errorf("handset lines %v of %d, want [2 1]", prof.Handsets[0].Lines, len(prof.Lines))
	}
	e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{{DeviceID: base.ID, Version: p.Version, Pairs: p.Pairs,
		Access: switchboard.Access{At: e.clock(), IP: "10.0.0.9", File: "7c2f80aabbcc.xml"}}}))
	if la := e.stored(h.ID).LastAccess; la.IP != "10.0.0.9" {
		t.Errorf("handset's last access after pairing: %+v", la)
	}
	p, err = e.svc.ProvisioningByKey(e.ctx, key(base))
	e.must(err)
	if hs := p.Profile(false).Handsets; len(hs) != 1 || hs[0].Pair || len(p.Pairs) != 0 {
		t.Errorf("after the fetch the base still pairs: %+v", hs)
	}
}
