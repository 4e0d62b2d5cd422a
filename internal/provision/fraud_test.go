package provision_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// TestFraudSignalFromFetches fetches one device's profile with its key
// from two phones (two MACs in the User-Agents) and two networks within
// one bookkeeping interval, and a second device's from one phone: the
// flush hands the fraud watch both uses of the first key with their MACs,
// so it raises exactly one suspicion, for that device.
func TestFraudSignalFromFetches(t *testing.T) {
	e := newEnv(t, 1000)
	w := app.NewFraudWatch()
	svc := app.New(app.Options{Store: e.store, Catalogue: e.cat, ProvisioningURL: provURL, Fraud: w})
	srv, err := provision.New(provision.Options{Source: svc, Changes: bus.NewLocal(), FlushInterval: time.Hour, Now: e.clock.Now, ClientAddr: testClientAddr})
	e.must(err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	e.must(err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-served
		_ = srv.Close()
	})
	e.url = "http://" + ln.Addr().String()

	leaked := e.device("yealink-t54w", "", true)
	honest := e.device("yealink-t54w", "", false)
	for _, f := range []struct {
		d      *app.DeviceView
		mac    string
		remote string
	}{
		{leaked, "80:5e:c0:11:22:33", "192.0.2.7:5060"},
		{honest, "80:5e:c0:77:88:99", "192.0.2.8:5060"},
		{leaked, "80:5e:c0:44:55:66", "203.0.113.50:5060"},
		{honest, "80:5e:c0:77:88:99", "192.0.2.8:5060"},
	} {
		if r := e.get("/"+key(f.d)+".cfg", "Yealink SIP-T54W 96.86.0.100 "+f.mac, f.remote); r.status != http.StatusOK {
			t.Fatalf("fetch of %s from %s: %d", f.d.ID, f.remote, r.status)
		}
	}
	if n := len(w.Suspicions()); n != 0 {
		t.Fatalf("%d suspicions before the bookkeeping's flush; the request path must not feed the watch", n)
	}
	e.must(srv.Flush(context.Background()))
	if n := len(w.Suspicions()); n != 1 {
		t.Fatalf("%d suspicions after the flush, want 1", n)
	}
	s := <-w.Suspicions()
	macs := map[string]bool{s.Earlier.MAC: true, s.Later.MAC: true}
	if s.Later.DeviceID != leaked.ID || s.Later.Via != switchboard.ViaProvisioning || !macs["805ec0112233"] || !macs["805ec0445566"] {
		t.Errorf("suspicion %+v: want both phones of %s", s, leaked.ID)
	}
	if la := e.lastAccess(leaked.ID); la.IP != "203.0.113.50" {
		t.Errorf("last access %+v: the later fetch must stay the one recorded", la)
	}
}
