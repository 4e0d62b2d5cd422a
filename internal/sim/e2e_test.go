package sim_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/sim/simtest"
)

// oneModelPerVendor picks the first model of every vendor the simulator
// plays (a DECT base where the vendor has nothing else), in the order of
// sim.Vendors.
func oneModelPerVendor(t testing.TB) []switchboard.Model {
	t.Helper()
	out, err := sim.Models(sim.Vendors())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func startBed(t *testing.T, models []switchboard.Model, perModel int) *simtest.Bed {
	t.Helper()
	bed, err := simtest.Start(context.Background(), models, perModel, simtest.Options{MinExpires: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := bed.Close(); err != nil {
			t.Errorf("close bed: %v", err)
		}
	})
	return bed
}

// eventually polls cond every 20 ms until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPhonesOfEveryVendorComeOnline boots three phones of every vendor
// against a provisioning server rendering real profiles and a real
// registrar, and sees each online with its vendor's User-Agent after asking
// for its vendor's files in order; then they refresh their registrations.
func TestPhonesOfEveryVendorComeOnline(t *testing.T) {
	bed := startBed(t, oneModelPerVendor(t), 3)
	fl, err := sim.Start(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, Expires: 2 * time.Second,
		KeepRunning: true, PhonesPerGroup: 5, BootTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Stop()
	if !fl.Wait(context.Background()) {
		t.Fatalf("not every phone finished booting: %s", fl.Progress())
	}
	r := fl.Report()
	if r.Online != len(bed.Phones) || r.Errors != 0 || !r.AllOnline {
		t.Fatalf("report:\n%s", r.Summary())
	}
	for _, p := range bed.Phones {
		st := bed.SIP.Status(p.DeviceID)
		_, sipUA, _ := sim.UserAgents(p.Model, p.MAC)
		if !st.Online || st.UserAgent != sipUA || st.Transport != "UDP" {
			t.Errorf("%s (%s): registrar shows online=%v UA=%q transport=%s, want online with %q over UDP",
				p.DeviceID, p.Model.ID, st.Online, st.UserAgent, st.Transport, sipUA)
		}
		// A file-form phone asks for its URL; a directory-form phone for
		// the files its firmware wants besides its own, then its own.
		want := []string{strings.TrimPrefix(p.ProvisioningURL[strings.LastIndex(p.ProvisioningURL, "/"):], "/")}
		if p.Model.URLForm == switchboard.URLDirectory {
			want = nil
			for _, f := range p.Model.OtherFiles {
				want = append(want, strings.NewReplacer("{mac}", p.MAC, "{MAC}", strings.ToUpper(p.MAC)).Replace(f))
			}
			want = append(want, sim.FileNames(p.Model, p.MAC)...)
		}
		if got := bed.Requests(p.DeviceID); !slices.Equal(got, want) {
			t.Errorf("%s asked for %v, want %v", p.Model.ID, got, want)
		}
	}
	eventually(t, 10*time.Second, "every phone re-registered before its 2 s expiry", func() bool {
		for _, p := range bed.Phones {
			if st, _ := fl.Status(p.DeviceID); st.Registers < 2 {
				return false
			}
		}
		return true
	})
	for _, p := range bed.Phones {
		if !bed.SIP.Status(p.DeviceID).Online {
			t.Errorf("%s went offline while refreshing", p.DeviceID)
		}
	}
	if r := fl.Report(); r.Errors != 0 {
		t.Errorf("errors while refreshing:\n%s", r.Summary())
	}
}

// TestCheckSyncFetchesAgain sends check-sync NOTIFYs: with reboot=true to
// a phone whose SIP password changed (it can only come back online with
// the password of the profile it fetches again), and without reboot to
// another, which fetches again and stays registered.
func TestCheckSyncFetchesAgain(t *testing.T) {
	var rebooting, syncing switchboard.Model
	for _, m := range oneModelPerVendor(t) {
		switch {
		case m.CanReboot && rebooting.ID == "":
			rebooting = m
		case !m.CanReboot && m.CanSync && m.SyncEvent != "check-sync":
			syncing = m // Cisco's "resync": the phone must obey its own event
		}
	}
	if rebooting.ID == "" || syncing.ID == "" {
		t.Fatal("no model that reboots by NOTIFY, or none with its own sync event")
	}
	bed := startBed(t, []switchboard.Model{rebooting, syncing}, 1)
	fl, err := sim.Start(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, KeepRunning: true, BootTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Stop()
	if !fl.Wait(context.Background()) || fl.Report().Online != 2 {
		t.Fatalf("phones did not come online:\n%s", fl.Report().Summary())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	rebooted := bed.Phones[0].DeviceID
	if err := bed.ChangePassword(rebooted); err != nil {
		t.Fatal(err)
	}
	outs, err := bed.SIP.Notify(ctx, rebooted, rebooting.RebootEvent, true)
	if err != nil || len(outs) != 1 || outs[0].Code != 200 {
		t.Fatalf("NOTIFY reboot: %v %+v", err, outs)
	}
	eventually(t, 10*time.Second, "the rebooted phone registered again with its new password", func() bool {
		st, _ := fl.Status(rebooted)
		return st.Notifies == 1 && st.Fetches == 2 && st.Registers == 2 && st.State == sim.StateOnline
	})
	if !bed.SIP.Status(rebooted).Online {
		t.Error("registrar does not show the rebooted phone online")
	}

	synced := bed.Phones[1].DeviceID
	if _, err := bed.SIP.Notify(ctx, synced, "check-sync", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if st, _ := fl.Status(synced); st.Fetches != 1 {
		t.Errorf("a %s obeyed check-sync, which is not its event (%s)", syncing.Name, syncing.SyncEvent)
	}
	before := len(bed.Requests(synced))
	outs, err = bed.SIP.Notify(ctx, synced, syncing.SyncEvent, false)
	if err != nil || len(outs) != 1 || outs[0].Code != 200 {
		t.Fatalf("NOTIFY sync: %v %+v", err, outs)
	}
	eventually(t, 10*time.Second, "the synced phone fetched again", func() bool {
		st, _ := fl.Status(synced)
		return st.Notifies == 1 && st.Fetches == 2 && len(bed.Requests(synced)) > before
	})
	if st, _ := fl.Status(synced); st.Registers != 1 || st.State != sim.StateOnline {
		t.Errorf("a sync without reboot re-registered or left the phone %s: %+v", st.State, st)
	}
	if r := fl.Report(); r.Errors != 0 || r.Notifies != 2 {
		t.Errorf("report after NOTIFYs:\n%s(notifies %d)", r.Summary(), r.Notifies)
	}
}

// TestRefusals: an untrusted certificate and a non-loopback target are
// errors of their own kind, and the summary's first line has the promised
// form.
func TestRefusals(t *testing.T) {
	bed := startBed(t, oneModelPerVendor(t)[:1], 2)
	phones := slices.Clone(bed.Phones)
	phones[1].ProvisioningURL = "https://192.0.2.1:8448/0123456789abcdef0123456789abcdef0123456789abcdef.cfg"
	r, err := sim.Run(context.Background(), phones, sim.Options{BootTimeout: 20 * time.Second}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Online != 0 || r.ErrorKinds["fetch-tls"] != 1 || r.ErrorKinds["target-not-loopback"] != 1 {
		t.Errorf("want one fetch-tls and one target-not-loopback error:\n%s", r.Summary())
	}
	first, _, _ := strings.Cut(r.Summary(), "\n")
	if !regexp.MustCompile(`^2 phones: 0 online, 2 errors, [0-9]+\.[0-9] s$`).MatchString(first) {
		t.Errorf("summary line %q", first)
	}
}

// TestPhonesOverTCPAndTLS: when the profile says TCP or TLS, each phone
// registers over a connection of its own (TLS checked against the bed's
// certificate), and a check-sync with reboot arrives over that connection.
func TestPhonesOverTCPAndTLS(t *testing.T) {
	for _, tr := range []switchboard.Transport{switchboard.TransportTCP, switchboard.TransportTLS} {
		t.Run(string(tr), func(t *testing.T) {
			bed, err := simtest.Start(context.Background(), oneModelPerVendor(t), 1, simtest.Options{Transport: tr})
			if err != nil {
				t.Fatal(err)
			}
			defer bed.Close()
			fl, err := sim.Start(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, KeepRunning: true, BootTimeout: 20 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer fl.Stop()
			if !fl.Wait(context.Background()) || fl.Report().Online != len(bed.Phones) {
				t.Fatalf("not all online over %s:\n%s", tr, fl.Report().Summary())
			}
			for _, p := range bed.Phones {
				if st := bed.SIP.Status(p.DeviceID); !st.Online || !strings.EqualFold(st.Transport, string(tr)) {
					t.Errorf("%s: registrar shows online=%v over %q, want %s", p.Model.ID, st.Online, st.Transport, tr)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var id, event string
			for _, p := range bed.Phones {
				if p.Model.CanReboot && id == "" {
					id, event = p.DeviceID, p.Model.RebootEvent
				}
			}
			outs, err := bed.SIP.Notify(ctx, id, event, true)
			if err != nil || len(outs) != 1 || outs[0].Code != 200 {
				t.Fatalf("NOTIFY over %s: %v %+v", tr, err, outs)
			}
			eventually(t, 10*time.Second, "the phone registered again after the reboot", func() bool {
				st, _ := fl.Status(id)
				return st.Registers == 2 && st.State == sim.StateOnline
			})
			if st := bed.SIP.Status(id); !st.Online || st.Bindings != 1 {
				t.Errorf("after the reboot: online=%v with %d bindings, want online with 1 (the old one removed)", st.Online, st.Bindings)
			}
		})
	}
}

// TestRefusedRefreshBootsAgain: when the registrar refuses a refresh (the
// SIP password changed behind the phone's back), the phone counts a
// register-401, boots again, fetches the new profile and comes back online.
func TestRefusedRefreshBootsAgain(t *testing.T) {
	bed := startBed(t, oneModelPerVendor(t)[:1], 1)
	fl, err := sim.Start(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, KeepRunning: true, Expires: 2 * time.Second,
		RetryAfter: 100 * time.Millisecond, BootTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Stop()
	if !fl.Wait(context.Background()) || fl.Report().Online != 1 {
		t.Fatalf("phone did not come online:\n%s", fl.Report().Summary())
	}
	id := bed.Phones[0].DeviceID
	if err := bed.ChangePassword(id); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the phone fetched the new profile and registered again", func() bool {
		st, _ := fl.Status(id)
		return st.Fetches == 2 && st.State == sim.StateOnline
	})
	if r := fl.Report(); r.ErrorKinds["register-401"] != 1 || r.Errors != 1 {
		t.Errorf("want exactly one register-401:\n%s", r.Summary())
	}
}

// TestWaveOfCheckSyncs sends check-sync to every phone of one group at
// once, more phones than the group has workers, each rebooting: every
// phone fetches its profile again and registers anew, as after a fleet-wide
// reset, although only two workers serve the group.
func TestWaveOfCheckSyncs(t *testing.T) {
	var model switchboard.Model
	for _, m := range oneModelPerVendor(t) {
		if m.CanReboot && m.RebootEvent != "" {
			model = m
			break
		}
	}
	bed := startBed(t, []switchboard.Model{model}, 12)
	fl, err := sim.Start(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, KeepRunning: true, Concurrency: 2, BootTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Stop()
	if !fl.Wait(context.Background()) || fl.Report().Online != len(bed.Phones) {
		t.Fatalf("phones did not come online:\n%s", fl.Report().Summary())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, p := range bed.Phones {
		go func() { _, _ = bed.SIP.Notify(ctx, p.DeviceID, model.RebootEvent, true) }()
	}
	eventually(t, 8*time.Second, "every phone fetched and registered again after the wave", func() bool {
		for _, p := range bed.Phones {
			if st, _ := fl.Status(p.DeviceID); st.Fetches != 2 || st.Registers != 2 || st.State != sim.StateOnline {
				return false
			}
		}
		return true
	})
}
