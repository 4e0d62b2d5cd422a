package app_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// history reads a device's settings history as tn's administrator.
func (e *env) history(p switchboard.Principal, id string) []app.HistoryEntry {
	e.t.Helper()
	h, err := e.svc.DeviceHistory(e.ctx, p, id)
	e.must(err)
	return h.Versions
}

// TestSettingsHistory changes a phone's profile through its keys and its
// workplace, and reads the history: one version per distinct profile the
// phone fetched, each with the change that caused it, the files with
// secrets masked, the difference between two. Rolling back to the first
// version restores its settings, tells the phone, and its next fetch is
// that version's profile again.
func TestSettingsHistory(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	d := tn.desk1
	e.fetchProfile(d)
	e.fetchProfile(d)
	if h := e.history(tn.admin, d.ID); len(h) != 1 || h[0].Version != 1 || len(h[0].Files) == 0 || h[0].Size == 0 {
		t.Fatalf("history after two fetches of one profile: %+v", h)
	}
	_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
	e.must(err)
	e.fetchProfile(d)
	name := "Erna"
	_, err = e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{FirstName: &name})
	e.must(err)
	e.advance(time.Hour)
	e.fetchProfile(d)

	h := e.history(tn.admin, d.ID)
	if len(h) != 3 {
		t.Fatalf("history has %d versions, want 3: %+v", len(h), h)
	}
	for i, want := range []struct {
		action, object string
	}{{"workplace.update", tn.wp1.ID}, {"device.keys", d.ID}} {
		if c := h[i].Cause; c == nil || c.Action != want.action || c.Object != want.object {
			t.Errorf("version %d caused by %+v, want %s of %s", h[i].Version, c, want.action, want.object)
		}
	}
	v3, err := e.svc.DeviceHistoryVersion(e.ctx, tn.admin, d.ID, 3)
	e.must(err)
	var all strings.Builder
	for _, f := range v3.Contents {
		all.WriteString(f.Content)
	}
	stored := e.stored(d.ID)
	if !strings.Contains(all.String(), "Erna") || strings.Contains(all.String(), stored.SIP.Password) || strings.Contains(all.String(), stored.AccessKey) {
		t.Errorf("version 3 does not show the new name or shows a secret:\n%s", all.String())
	}
	diff, err := e.svc.DeviceHistoryDiff(e.ctx, tn.admin, d.ID, 0, 0)
	e.must(err)
	if text := diffText(diff.Files); diff.From != 2 || diff.To != 3 || !diff.Changes || !strings.Contains(text, "-") || !strings.Contains(text, "Erika") || !strings.Contains(text, "+") {
		t.Errorf("difference of versions 2 and 3 does not show the name change: %+v", diff)
	}

	res, err := e.svc.RollbackDevice(e.ctx, tn.admin, d.ID, app.DeviceRollbackInput{Version: 1})
	e.must(err)
	if len(res.Devices) != 1 || res.Devices[0].Version != 1 || res.Devices[0].Device != d.ID {
		t.Errorf("rollback answered %+v", res)
	}
	if got := e.stored(d.ID); len(got.Keys) != 0 || got.PendingAction != switchboard.ActionSync {
		t.Errorf("after the rollback: keys %+v, pending %q; want none and a sync", got.Keys, got.PendingAction)
	}
	if w := e.storedWorkplace(tn.wp1.ID); w.FirstName != "Erika" {
		t.Errorf("workplace's first name %q after the rollback, want Erika", w.FirstName)
	}
	e.wantAudit("device.rollback " + d.ID)
	e.advance(time.Hour)
	e.fetchProfile(d)
	h = e.history(tn.admin, d.ID)
	if len(h) != 4 || h[0].Cause == nil || h[0].Cause.Action != "device.rollback" {
		t.Fatalf("history after the rollback: %+v", h)
	}
	back, err := e.svc.DeviceHistoryDiff(e.ctx, tn.admin, d.ID, 1, 4)
	e.must(err)
	if back.Changes {
		t.Errorf("the profile after the rollback differs from version 1:\n%s", diffText(back.Files))
	}

	for _, c := range []struct {
		name string
		p    switchboard.Principal
		want string
	}{{"another customer's administrator", other.admin, switchboard.ENOTFOUND}, {"the workplace's user", tn.user1, switchboard.EFORBIDDEN}} {
		_, err := e.svc.DeviceHistory(e.ctx, c.p, d.ID)
		wantCode(t, c.name+" reads the history", err, c.want)
		_, err = e.svc.RollbackDevice(e.ctx, c.p, d.ID, app.DeviceRollbackInput{Version: 1})
		wantCode(t, c.name+" rolls back", err, c.want)
		_, err = e.svc.RollbackSite(e.ctx, c.p, tn.site.ID, app.SiteRollbackInput{At: e.clock()})
		wantCode(t, c.name+" rolls back the site", err, c.want)
	}
	_, err = e.svc.DeviceHistoryVersion(e.ctx, tn.admin, d.ID, 99)
	wantCode(t, "a version the device never had", err, switchboard.ENOTFOUND)
}

// diffText joins the differences of files.
func diffText(fs []app.FileDiff) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Diff)
	}
	return b.String()
}

// TestSiteRollback changes a site's language and its phones' keys, then
// returns the site to a time before: the site's settings and each phone's
// keys are as they were, and both phones are told.
func TestSiteRollback(t *testing.T) {
	e, tn := acme(t)
	for _, d := range []*app.DeviceView{tn.desk1, tn.desk2} {
		e.fetchProfile(d)
	}
	e.advance(time.Hour)
	before := e.clock()
	e.advance(time.Hour)
	en := "en"
	_, err := e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Language: &en})
	e.must(err)
	_, err = e.svc.SetKeys(e.ctx, tn.admin, tn.desk2.ID, []switchboard.FunctionKey{{Index: 2, Type: switchboard.KeySpeedDial, Value: "+4930123", Label: "Taxi"}})
	e.must(err)
	for _, d := range []*app.DeviceView{tn.desk1, tn.desk2} {
		e.fetchProfile(d)
	}
	if h := e.history(tn.admin, tn.desk2.ID); len(h) != 2 {
		t.Fatalf("desk 2 has %d versions, want 2", len(h))
	}
	res, err := e.svc.RollbackSite(e.ctx, tn.admin, tn.site.ID, app.SiteRollbackInput{At: before})
	e.must(err)
	if res.Site == nil || res.Site.Language != "de" || len(res.Devices) != 2 {
		t.Fatalf("site rollback answered %+v", res)
	}
	if got := e.stored(tn.desk2.ID); len(got.Keys) != 0 {
		t.Errorf("desk 2 keeps its keys %+v after the site's rollback", got.Keys)
	}
	e.wantAudit("site.rollback " + tn.site.ID)
	_, err = e.svc.RollbackSite(e.ctx, tn.admin, tn.site.ID, app.SiteRollbackInput{At: before.Add(-24 * time.Hour)})
	wantCode(t, "a time before any fetch", err, switchboard.EINVALID)
}

// TestSettingsHistoryBound: a device keeps its last HistoryKeep versions;
// the oldest are gone, and asking for one says how many are kept.
func TestSettingsHistoryBound(t *testing.T) {
	e, tn := acme(t)
	d := tn.desk1
	for i := range app.HistoryKeep + 2 {
		_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: strings.Repeat("x", i+1)}})
		e.must(err)
		e.advance(time.Hour)
		e.fetchProfile(d)
	}
	h := e.history(tn.admin, d.ID)
	if len(h) != app.HistoryKeep || h[0].Version != app.HistoryKeep+2 || h[len(h)-1].Version != 3 {
		t.Fatalf("%d versions from %d to %d, want %d from %d to 3", len(h), h[0].Version, h[len(h)-1].Version, app.HistoryKeep, app.HistoryKeep+2)
	}
	_, err := e.svc.DeviceHistoryVersion(e.ctx, tn.admin, d.ID, 2)
	if wantCode(t, "a version dropped", err, switchboard.ENOTFOUND); err != nil && !strings.Contains(err.Error(), "last 20") {
		t.Errorf("the refusal does not say how many are kept: %v", err)
	}
}

// TestHistoryVersionHoldsEveryFile records a phone's files as the
// provisioning server may: one batch each, then, after a change, only the
// files that changed, then every file again with an unchanged one whose
// content the server no longer held. Each version holds every file the phone has, with
// the content it fetched, whichever batch brought it.
func TestHistoryVersionHoldsEveryFile(t *testing.T) {
	e, tn := acme(t)
	d := tn.desk1
	render := func() []switchboard.File {
		prov, err := e.svc.ProvisioningByKey(e.ctx, key(d))
		e.must(err)
		files, err := vendors.Render(prov.Profile(prov.SiteEncryption), prov.Model)
		e.must(err)
		if len(files) < 2 {
			t.Fatalf("%s renders %d files; the test needs two", d.Model, len(files))
		}
		return files
	}
	record := func(fs []switchboard.File, bodyless string) {
		var batch []*switchboard.FetchedFile
		for _, f := range fs {
			ff := &switchboard.FetchedFile{DeviceID: d.ID, Name: f.Name, Hash: switchboard.FileHash(f.Body), Body: f.Body, FetchedAt: e.clock()}
			if f.Name == bodyless {
				ff.Body = nil
			}
			batch = append(batch, ff)
		}
		e.must(e.svc.RecordFetchedFiles(e.ctx, batch))
	}
	contents := func(number int) map[string]string {
		v, err := e.svc.DeviceHistoryVersion(e.ctx, tn.admin, d.ID, number)
		e.must(err)
		out := map[string]string{}
		for _, f := range v.Contents {
			out[f.Name] = f.Content
		}
		return out
	}
	first := render()
	for _, f := range first {
		record([]switchboard.File{f}, "")
	}
	if h := e.history(tn.admin, d.ID); len(h) != 1 || len(h[0].Files) != len(first) {
		t.Fatalf("after one file per batch: %+v, want one version of %d files", h, len(first))
	}

	_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
	e.must(err)
	e.advance(time.Hour)
	second := render()
	var changed []switchboard.File
	unchanged := ""
	for i, f := range second {
		if !bytes.Equal(f.Body, first[i].Body) {
			changed = append(changed, f)
		} else {
			unchanged = f.Name
		}
	}
	if len(changed) == 0 || len(changed) == len(second) {
		t.Fatalf("%d of %d files changed with a key; the test needs some, not all", len(changed), len(second))
	}
	record(changed, "")
	v2 := contents(2)
	if len(v2) != len(second) || !strings.Contains(strings.Join(slices.Collect(maps.Values(v2)), ""), "Anna") {
		t.Errorf("version 2 after a batch of the changed files holds %d files (want %d) or lacks the key's label", len(v2), len(second))
	}

	_, err = e.svc.SetKeys(e.ctx, tn.admin, d.ID, nil)
	e.must(err)
	e.advance(time.Hour)
	third := render()
	record(third, unchanged)
	v3 := contents(3)
	if len(v3) != len(third) || strings.Contains(strings.Join(slices.Collect(maps.Values(v3)), ""), "Anna") {
		t.Errorf("version 3, with a file recorded without content, holds %d files (want %d) or still the key's label", len(v3), len(third))
	}
}
