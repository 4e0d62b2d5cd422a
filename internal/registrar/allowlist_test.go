package registrar_test

import (
	"context"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// TestAllowListRefusesRegister registers the device from loopback with
// its customer's IP allow-list in several states, through the real SIP
// stack and the store's account source: from outside the list the right
// credentials get a bare 403, recorded as a security event and in the
// device's last access; wrong credentials are challenged as ever, so the
// list tells an attacker nothing.
func TestAllowListRefusesRegister(t *testing.T) {
	for _, tc := range []struct {
		name     string
		list     switchboard.AllowList
		password string
		want     int
		refused  bool
	}{
		{"list off", switchboard.AllowList{}, password, 200, false},
		{"inside the list", switchboard.AllowList{Enabled: true, CIDRs: []string{"127.0.0.0/8"}}, password, 200, false},
		{"outside the list", switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24"}}, password, 403, true},
		{"outside, wrong password", switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24"}}, "wrong", 401, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := openStore(t)
			ctx := context.Background()
			err := store.Update(ctx, func(tx switchboard.Tx) error {
				c, err := tx.Customer(device.CustomerID)
				if err != nil {
					return err
				}
				c.AllowList = tc.list
				return tx.UpdateCustomer(c)
			})
			if err != nil {
				t.Fatal(err)
			}
			n := startNodeWith(t, store, bus.NewLocal(), "a", "127.0.0.1:0", app.NewSIPAccounts(store, realm), registrar.Options{})
			phone := siptest.Dial(t, "UDP", n.addr)
			code, reason := phone.Register(user, realm, tc.password, 300)
			if code != tc.want {
				t.Fatalf("REGISTER answered %d %s, want %d", code, reason, tc.want)
			}
			if tc.want == 403 && reason != "Forbidden" {
				t.Errorf("refusal reason %q tells more than Forbidden", reason)
			}
			if !tc.refused {
				return
			}
			eventually(t, "refusal in the device's last access", func() bool {
				return lastAccess(t, store).Refusal != ""
			})
			if a := lastAccess(t, store); a.IP != "127.0.0.1" || a.UserAgent == "" {
				t.Errorf("last access = %+v, want the refused address and User-Agent", a)
			}
			var evs []*switchboard.Event
			err = store.View(ctx, func(tx switchboard.Tx) error {
				evs, _, err = tx.Events(switchboard.EventFilter{CustomerID: device.CustomerID, Kind: switchboard.EventSecurity}, switchboard.Page{})
				return err
			})
			if err != nil || len(evs) != 1 || evs[0].Action != "sip."+sip.EventAddressRefused {
				t.Errorf("security events = %v, %v; want one sip.address_refused", evs, err)
			}
		})
	}
}

func lastAccess(t *testing.T, store switchboard.Store) switchboard.Access {
	t.Helper()
	var a switchboard.Access
	err := store.View(context.Background(), func(tx switchboard.Tx) error {
		d, err := tx.Device(device.ID)
		if err == nil {
			a = d.LastAccess
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
