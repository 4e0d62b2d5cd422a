package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// fetchProfile records that the device fetched its profile as it is now,
// as the provisioning server's bookkeeping does, ten minutes after the
// last change and ten minutes before the next, so the settings history
// tells the fetches and changes apart.
func (e *env) fetchProfile(id string) {
	e.t.Helper()
	ctx := context.Background()
	var key string
	err := e.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := tx.Device(id)
		if err == nil {
			key = d.AccessKey
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	prov, err := e.svc.ProvisioningByKey(ctx, key)
	if err != nil {
		e.t.Fatal(err)
	}
	files, err := renderTest(prov.Profile(false), prov.Model)
	if err != nil {
		e.t.Fatal(err)
	}
	e.now = e.now.Add(10 * time.Minute)
	err = e.svc.RecordFetchedFiles(ctx, []*switchboard.FetchedFile{{DeviceID: id, Name: files[0].Name,
		Hash: switchboard.FileHash(files[0].Body), Body: files[0].Body, FetchedAt: e.now}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.now = e.now.Add(10 * time.Minute)
}

// TestProfileDiffAPI records a fetch of a device's profile, renames the
// workplace and reads what a sync would change: the display name, with the
// SIP password masked; another customer's administrator gets 404.
func TestProfileDiffAPI(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	path := "/api/v1/devices/" + a.dev1 + "/profile-diff"
	e.fetchProfile(a.dev1)
	if d := e.must(200, "GET", path, a.admin, nil).obj(); d["changes"] != false {
		t.Errorf("right after the fetch: %v", d)
	}
	e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.admin, `{"first_name": "Zoe"}`)
	r := e.must(200, "GET", path, a.admin, nil)
	password := e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).str("password")
	if d := r.obj(); d["changes"] != true || !strings.Contains(string(r.raw), "Zoe") || !strings.Contains(string(r.raw), "sip_password = (secret)") {
		t.Errorf("after the rename: %s", r.raw)
	}
	if strings.Contains(string(r.raw), password) {
		t.Errorf("the SIP password is shown: %s", r.raw)
	}
	e.must(404, "GET", path, b.admin, nil)
	e.must(403, "GET", path, a.user1, nil)
}
