package registrar_test

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// newAccount is the SIP account the tests give the device in place of
// its first one.
var newAccount = switchboard.SIPAccount{Username: "u2", AuthName: "u2", Password: "pw2"}

// rotate gives the stored device newAccount, keeping the old one as its
// previous account, as the use case does, and returns the device.
func rotate(t *testing.T, store switchboard.Store) *switchboard.Device {
	t.Helper()
	var d *switchboard.Device
	err := store.Update(context.Background(), func(tx switchboard.Tx) error {
		var err error
		if d, err = tx.Device(device.ID); err != nil {
			return err
		}
		d.PreviousSIP, d.SIP, d.SIPRotatedAt = d.SIP, newAccount, time.Now().UTC().Truncate(time.Microsecond)
		return tx.UpdateDevice(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// revokeWhile runs Revoke through n while phone challenges the NOTIFY; it
// returns the outcomes and the user name the NOTIFY authenticated as.
func revokeWhile(t *testing.T, n *node, d *switchboard.Device, phone *siptest.Phone) ([]switchboard.BindingOutcome, string) {
	t.Helper()
	var as string
	outs := whilePhone(t, "Revoke", func(ctx context.Context) ([]switchboard.BindingOutcome, error) {
		return n.r.Revoke(ctx, d, false)
	}, func() { _, as = phone.ChallengeNotify(5*time.Second, realm, user, password) })
	return outs, as
}

// TestRevokeOnTheHoldingNode registers a phone over UDP with the device's
// account, replaces the account in the store and revokes the old one: the
// phone gets a NOTIFY whose challenge is answered with the old account,
// its binding is gone (status offline, also as persisted), the old account
// is refused at once although it was cached, and the new one registers.
func TestRevokeOnTheHoldingNode(t *testing.T) {
	store := openStore(t)
	n := startNodeWith(t, store, bus.NewLocal(), "a", "127.0.0.1:0", app.NewSIPAccounts(store, realm), registrar.Options{})
	phone, code := n.register(t, password)
	if code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	d := rotate(t, store)
	outs, as := revokeWhile(t, n, d, phone)
	if as != user || len(outs) != 1 || outs[0].State != sip.OutcomeAnswered || outs[0].Code != 200 {
		t.Errorf("NOTIFY authenticated as %q, outcomes %+v; want %q answered 200", as, outs, user)
	}
	if st := n.r.Status(device.ID); st.State != switchboard.StateOffline || st.LastIP != "127.0.0.1" {
		t.Errorf("status after revoking: %+v; want offline with the last address kept", st)
	}
	eventually(t, "the dropped binding is persisted", func() bool {
		var rec *switchboard.Registration
		err := store.View(context.Background(), func(tx switchboard.Tx) error {
			var err error
			rec, err = tx.Registration(device.ID)
			return err
		})
		return err == nil && rec.ExpiresAtMillis == 0
	})
	if code, _ := phone.Register(user, realm, password, 300); code == 200 {
		t.Errorf("REGISTER with the old account answered 200")
	}
	if n.r.Status(device.ID).State != switchboard.StateOffline {
		t.Errorf("the old account registered again")
	}
	fresh := siptest.Dial(t, "UDP", n.addr)
	if code, _ := fresh.Register(newAccount.Username, realm, newAccount.Password, 300); code != 200 {
		t.Errorf("REGISTER with the new account answered %d", code)
	}
	if _, err := n.r.Revoke(context.Background(), d, false); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("revoking again: %v, want ENOTFOUND (nothing left with the old account)", err)
	}
	if st := n.r.Status(device.ID); st.State != switchboard.StateOnline {
		t.Errorf("revoking again dropped the new account's binding: %+v", st)
	}
}

// TestRevokeOnAnotherNode asks the node without the phone's socket to
// revoke: it reports the binding as sent, and the holding node, told over
// the bus, sends the NOTIFY with the old account and drops the binding.
func TestRevokeOnAnotherNode(t *testing.T) {
	store, b := openStore(t), bus.NewLocal()
	src := app.NewSIPAccounts(store, realm)
	holder := startNodeWith(t, store, b, "a", "127.0.0.1:0", src, registrar.Options{})
	other := startNodeWith(t, store, b, "b", "127.0.0.1:0", src, registrar.Options{})
	phone, code := holder.register(t, password)
	if code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	eventually(t, "the other node shows the device online", func() bool {
		return other.r.Status(device.ID).State == switchboard.StateOnline
	})
	d := rotate(t, store)
	outs, as := revokeWhile(t, other, d, phone)
	if as != user || len(outs) != 1 || outs[0].State != sip.OutcomeSent {
		t.Errorf("NOTIFY authenticated as %q, outcomes %+v; want %q and one binding sent", as, outs, user)
	}
	eventually(t, "both nodes show the device offline", func() bool {
		return holder.r.Status(device.ID).State == switchboard.StateOffline && other.r.Status(device.ID).State == switchboard.StateOffline
	})
	if code, _ := phone.Register(user, realm, password, 300); code == 200 {
		t.Errorf("REGISTER with the old account answered 200 on the holding node")
	}
}

// TestSightings registers the same account from two phones whose
// User-Agents name two MACs: each current binding is reported with its
// MAC and address, so the fraud signal sees two devices.
func TestSightings(t *testing.T) {
	store := openStore(t)
	w := app.NewFraudWatch()
	n := startNodeWith(t, store, bus.NewLocal(), "a", "127.0.0.1:0", app.NewSIPAccounts(store, realm), registrar.Options{OnSighting: w.Observe})
	for i, mac := range []string{"80:5e:c0:11:22:33", "80:5e:c0:44:55:66"} {
		p := siptest.Dial(t, "UDP", n.addr)
		p.SetUserAgent("Yealink SIP-T54W 96.86.0.100 " + mac)
		if code, _ := p.Register(user, realm, password, 300); code != 200 {
			t.Fatalf("phone %d: REGISTER answered %d", i, code)
		}
	}
	select {
	case s := <-w.Suspicions():
		if s.Later.Via != switchboard.ViaSIP || s.Earlier.MAC == s.Later.MAC || s.Later.DeviceID != device.ID {
			t.Errorf("suspicion %+v: want two MACs of %s over SIP", s, device.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no fraud signal within 5 s")
	}
}
