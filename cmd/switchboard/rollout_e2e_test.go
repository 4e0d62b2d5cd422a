package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// rolloutBed is serve with simulated phones of one customer running, and
// the firmware versions uploaded for them.
type rolloutBed struct {
	t        *testing.T
	api      *apiclient.Client
	fleet    *sim.Fleet
	phones   []sim.Phone
	customer string
	// old is the version the phones run and the pin names; next the
	// version rolled out.
	old, next     string
	oldID, nextID string
}

// startRolloutBed runs serve (rollouts looked at every 100 ms) and n
// simulated Yealink phones of a new customer, pins the version they run
// and uploads the next; phones whose MAC is in failing fail to install.
func startRolloutBed(t *testing.T, n int, failing func(phones []sim.Phone) []string) *rolloutBed {
	return startVendorBed(t, "yealink", "66.86.0.200", n, failing)
}

// startVendorBed is startRolloutBed with n simulated phones of the
// vendor, next the version rolled out to them.
func startVendorBed(t *testing.T, vendor, next string, n int, failing func(phones []sim.Phone) []string) *rolloutBed {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data, "--rollout-poll", "100ms")
	t.Cleanup(stop)
	b := &rolloutBed{t: t, api: apiclient.New("http://"+addr, readToken(t, data))}
	ctx := context.Background()
	models, err := sim.Models([]string{vendor})
	if err != nil {
		t.Fatal(err)
	}
	b.phones, b.customer, err = sim.Setup(ctx, b.api, sim.SetupOptions{Phones: n, Models: models[:1]})
	if err != nil {
		t.Fatal(err)
	}
	tc, err := sim.ClientTLS(filepath.Join(data, "tls.crt"), false)
	if err != nil {
		t.Fatal(err)
	}
	o := sim.Options{TLS: tc, KeepRunning: true, Expires: time.Hour, BootTimeout: 60 * time.Second, RetryAfter: time.Second}
	if failing != nil {
		o.FailFirmwareMACs = failing(b.phones)
	}
	if b.fleet, err = sim.Start(ctx, b.phones, o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.fleet.Stop)
	if !b.fleet.Wait(ctx) {
		t.Fatalf("phones did not come online: %s", b.fleet.Progress())
	}
	model := b.phones[0].Model.ID
	b.old = sim.FactoryVersion(vendor)
	b.next = next
	b.oldID = b.upload(model, b.old)
	b.nextID = b.upload(model, b.next)
	b.call("PUT", "/api/v1/customers/"+b.customer+"/firmware-pins", map[string]any{"model": model, "firmware": b.oldID}, nil)
	return b
}

func (b *rolloutBed) upload(model, version string) string {
	b.t.Helper()
	img := sim.Image(version, 200_000)
	raw, err := b.api.UploadFirmware(context.Background(), model, version, "image-"+version+".bin", "", bytes.NewReader(img), int64(len(img)))
	if err != nil {
		b.t.Fatalf("upload %s: %v", version, err)
	}
	var fw switchboard.Firmware
	if err := json.Unmarshal(raw, &fw); err != nil {
		b.t.Fatal(err)
	}
	return fw.ID
}

func (b *rolloutBed) call(method, path string, in, out any) {
	b.t.Helper()
	if err := b.api.Do(context.Background(), method, path, in, out); err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
}

// rollout starts a rollout and waits until it leaves the running state.
func (b *rolloutBed) rollout(body map[string]any, within time.Duration) (out struct {
	ID, State, Detail string
	Devices           []struct{ Device, State string }
}) {
	b.t.Helper()
	body["model"], body["firmware"] = b.phones[0].Model.ID, b.nextID
	b.call("POST", "/api/v1/customers/"+b.customer+"/rollouts", body, &out)
	deadline := time.Now().Add(within)
	for out.State == "running" {
		if time.Now().After(deadline) {
			b.t.Fatalf("after %s the rollout still runs: %s", within, out.Detail)
		}
		time.Sleep(100 * time.Millisecond)
		b.call("GET", "/api/v1/rollouts/"+out.ID, nil, &out)
	}
	return out
}

// status reads a device's status.
func (b *rolloutBed) status(id string) (st switchboard.DeviceStatus) {
	b.call("GET", "/api/v1/devices/"+url.PathEscape(id)+"/status", nil, &st)
	return st
}

// waitVersion waits until every device given shows running version
// and being told target.
func (b *rolloutBed) waitVersion(ids []string, version, target string, within time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(within)
	for _, id := range ids {
		for {
			st := b.status(id)
			if st.State == "online" && st.Firmware == version && st.TargetFirmware == target {
				break
			}
			if time.Now().After(deadline) {
				b.t.Fatalf("device %s: %s with firmware %q, target %q; want online with %s, target %s", id, st.State, st.Firmware, st.TargetFirmware, version, target)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func deviceIDs(phones []sim.Phone) []string {
	out := make([]string, len(phones))
	for i, p := range phones {
		out[i] = p.DeviceID
	}
	return out
}

// TestRolloutOverSimulatedPhones rolls a new firmware out to ten
// simulated phones in three rings: each ring's phones are told, download
// the file under their key URL, restart and register with the new version
// in their User-Agent; then the pin names the new version.
func TestRolloutOverSimulatedPhones(t *testing.T) {
	b := startRolloutBed(t, 10, nil)
	ids := deviceIDs(b.phones)
	r := b.rollout(map[string]any{"first_ring": ids[:1], "percents": []int{50, 100}, "ring_timeout": 30}, 90*time.Second)
	if r.State != "done" || len(r.Devices) != len(ids) {
		t.Fatalf("rollout ended %s with %d devices: %s", r.State, len(r.Devices), r.Detail)
	}
	for _, d := range r.Devices {
		if d.State != "upgraded" {
			t.Errorf("device %s ended the rollout %s", d.Device, d.State)
		}
	}
	b.waitVersion(ids, b.next, b.next, 10*time.Second)
	var pins []switchboard.FirmwarePin
	b.call("GET", "/api/v1/customers/"+b.customer+"/firmware-pins", nil, &pins)
	if len(pins) != 1 || pins[0].FirmwareID != b.nextID {
		t.Errorf("pins after the rollout: %+v, want the new firmware %s", pins, b.nextID)
	}
	for _, p := range b.phones {
		if st, _ := b.fleet.Status(p.DeviceID); st.Version != b.next || st.Installs < 1 {
			t.Errorf("phone %s runs %s after %d install(s)", p.DeviceID, st.Version, st.Installs)
		}
	}
}

// TestRolloutOverSimulatedVendors rolls a new firmware out to simulated
// desk phones of further vendors (Fanvil's Auto_Image_URL): every phone
// installs it and the pin moves.
func TestRolloutOverSimulatedVendors(t *testing.T) {
	for _, c := range []struct{ vendor, next string }{
		{"fanvil", "2.12.1.7012"},
	} {
		t.Run(c.vendor, func(t *testing.T) {
			b := startVendorBed(t, c.vendor, c.next, 3, nil)
			ids := deviceIDs(b.phones)
			r := b.rollout(map[string]any{"first_ring": ids[:1], "percents": []int{100}, "ring_timeout": 30}, 90*time.Second)
			if r.State != "done" || len(r.Devices) != len(ids) {
				t.Fatalf("rollout ended %s with %d devices: %s", r.State, len(r.Devices), r.Detail)
			}
			b.waitVersion(ids, b.next, b.next, 10*time.Second)
			for _, p := range b.phones {
				if st, _ := b.fleet.Status(p.DeviceID); st.Version != b.next || st.Installs < 1 {
					t.Errorf("phone %s runs %s after %d install(s)", p.DeviceID, st.Version, st.Installs)
				}
			}
		})
	}
}

// TestRolloutWithFailingRingRollsBack makes one of the two phones of the
// first ring fail to install: the ring does not come back within its
// time, so the rollout stops by itself, the phone that did install goes
// back to the pinned version, and no phone of a later ring is touched.
func TestRolloutWithFailingRingRollsBack(t *testing.T) {
	b := startRolloutBed(t, 6, func(ps []sim.Phone) []string { return []string{ps[1].MAC} })
	ids := deviceIDs(b.phones)
	r := b.rollout(map[string]any{"first_ring": ids[:2], "ring_timeout": 5}, 60*time.Second)
	if r.State != "rolled_back" || !strings.Contains(r.Detail, "1 of 2") {
		t.Fatalf("rollout ended %s: %s", r.State, r.Detail)
	}
	if len(r.Devices) != 2 {
		t.Errorf("the rollout took %d devices, want only the first ring's 2", len(r.Devices))
	}
	b.waitVersion(ids, b.old, b.old, 30*time.Second)
	var pins []switchboard.FirmwarePin
	b.call("GET", "/api/v1/customers/"+b.customer+"/firmware-pins", nil, &pins)
	if len(pins) != 1 || pins[0].FirmwareID != b.oldID {
		t.Errorf("pins after the rollback: %+v, want the old firmware %s", pins, b.oldID)
	}
	// The first ring's phones were told twice (the new version, then the
	// pinned one again) and downloaded both; no other phone downloaded.
	for i, p := range b.phones {
		st, _ := b.fleet.Status(p.DeviceID)
		want := 0
		if i < 2 {
			want = 2
		}
		if st.Installs != want {
			t.Errorf("phone %d (%s) downloaded %d image(s), want %d", i, p.DeviceID, st.Installs, want)
		}
	}
	t.Log("rolled back:", r.Detail)
}
