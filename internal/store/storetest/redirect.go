package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

func newRedirectAccount(id, customerID, service string) *switchboard.RedirectAccount {
	return &switchboard.RedirectAccount{ID: id, CustomerID: customerID, Service: service, Name: "Account " + id,
		URL: "http://127.0.0.1:9/", Settings: map[string]string{"site_id": "7"},
		Credentials: map[string]string{"user": "u-" + id, "password": "secret-" + id},
		CreatedAt:   utc(at), UpdatedAt: utc(at)}
}

// newRedirectCall is a pending redirect call for device through account,
// created at created.
func newRedirectCall(t *testing.T, id, device, account string, created time.Time) *switchboard.Message {
	t.Helper()
	body, err := json.Marshal(switchboard.RedirectCall{AccountID: account, DeviceID: device, MAC: "001565000001"})
	if err != nil {
		t.Fatal(err)
	}
	m := switchboard.NewMessage(switchboard.MessageRedirectRegister, switchboard.ChannelRedirect, device, "", created)
	m.ID, m.Subject, m.Text, m.CreatedAt, m.NextAttemptAt = id, account, string(body), utc(created), utc(at)
	return m
}

// testRedirectAccounts checks accounts (sealed credentials, one per owner
// and service, the customer's preferred over the operator's, deletion
// refused while calls wait) and the redirect status and label code of
// devices.
func testRedirectAccounts(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	op := newRedirectAccount("rda_op", "", "yealink")
	own := newRedirectAccount("rda_c1", w.c1.ID, "yealink")
	snom := newRedirectAccount("rda_c1snom", w.c1.ID, "snom")
	dev := newDevice("dev_1", w.w1, "001565000001", "u1", "k1")
	dev.LabelCode = "SN-42"
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateRedirectAccount, op, own, snom); err != nil {
			return err
		}
		return tx.CreateDevice(dev)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateRedirectAccount(newRedirectAccount("rda_x", "", "yealink"))
	}),
		switchboard.ECONFLICT, "already an account")
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateRedirectAccount(newRedirectAccount("rda_y", w.c1.ID, "snom"))
	}),
		switchboard.ECONFLICT, "already an account")
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateRedirectAccount(newRedirectAccount("rda_z", "cus_missing", "snom"))
	}), switchboard.ENOTFOUND)
	c3 := newCustomer(3)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(c3); err != nil {
			return err
		}
		return tx.CreateRedirectAccount(newRedirectAccount("rda_c3", c3.ID, "snom"))
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteCustomer(c3.ID) }), switchboard.ECONFLICT, "redirect service accounts")

	status := switchboard.RedirectStatus{State: switchboard.RedirectRegistered, Service: "Yealink RPS", AccountID: own.ID,
		MAC: dev.MAC, Message: "Registered.", At: utc(later)}
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.RedirectAccount(own.ID)
		if err != nil {
			return err
		}
		same(t, "account", got, own)
		ops, _, err := tx.RedirectAccounts("", switchboard.Page{})
		wantKeys(t, "operator accounts", keys(ops, accountID), err, []string{op.ID})
		c1, _, err := tx.RedirectAccounts(w.c1.ID, switchboard.Page{})
		wantKeys(t, "customer accounts", keys(c1, accountID), err, []string{own.ID, snom.ID})
		for _, c := range []struct{ customer, service, want string }{
			{w.c1.ID, "yealink", own.ID}, {w.c2.ID, "yealink", op.ID}, {w.c1.ID, "snom", snom.ID},
		} {
			a, err := tx.RedirectAccountFor(c.customer, c.service)
			if err != nil || a.ID != c.want {
				t.Errorf("account for %s/%s = %v, %v; want %s", c.customer, c.service, a, err, c.want)
			}
		}
		_, err = tx.RedirectAccountFor(w.c2.ID, "snom")
		wantError(t, err, switchboard.ENOTFOUND)
		return nil
	})

	own.Credentials = map[string]string{"user": "new-user", "password": "new-secret"}
	own.Name, own.UpdatedAt = "Renamed", utc(later)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.UpdateRedirectAccount(own); err != nil {
			return err
		}
		if err := tx.SetDeviceRedirect(dev.ID, status); err != nil {
			return err
		}
		d, err := tx.Device(dev.ID)
		if err != nil {
			return err
		}
		d.Description = "changed"
		return tx.UpdateDevice(d)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.SetDeviceRedirect("dev_missing", status) }), switchboard.ENOTFOUND)
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.RedirectAccount(own.ID)
		if err == nil {
			same(t, "updated account", got, own)
		}
		d, err := tx.Device(dev.ID)
		if err != nil {
			return err
		}
		same(t, "device redirect status after a device write", d.Redirect, status)
		same(t, "label code", d.LabelCode, "SN-42")
		return nil
	})

	call := newRedirectCall(t, "msg_r1", dev.ID, own.ID, at)
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateMessage(call) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteRedirectAccount(own.ID) }), switchboard.ECONFLICT, "waiting")
	if err := outboxOf(t, s).MarkSent(context.Background(), call.ID, later); err != nil {
		t.Fatal(err)
	}
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteRedirectAccount(own.ID) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteRedirectAccount(own.ID) }), switchboard.ENOTFOUND)
}

func accountID(a *switchboard.RedirectAccount) string { return a.ID }

// testRedirectCallOrder checks that one device's redirect calls are
// claimed one after the other in the order they were written, even when
// the first waits for a retry, while other devices' calls go on.
func testRedirectCallOrder(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	ob := outboxOf(t, s)
	ctx := context.Background()
	first := newRedirectCall(t, "msg_r2", "dev_1", "rda_1", at)
	second := newRedirectCall(t, "msg_r1", "dev_1", "rda_1", at.Add(time.Microsecond))
	other := newRedirectCall(t, "msg_r3", "dev_2", "rda_1", at.Add(time.Second))
	for _, m := range []*switchboard.Message{first, second, other} {
		m.CustomerID = w.c1.ID
	}
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateMessage, first, second, other) })
	claim := func(now time.Time, want ...string) {
		t.Helper()
		ms, err := ob.Claim(ctx, switchboard.OutboxClaim{Channels: []switchboard.Channel{switchboard.ChannelRedirect},
			Now: now, Until: now.Add(time.Minute), Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantKeys(t, "claimed at "+now.String(), ids(ms), nil, want)
	}
	claim(at, first.ID, other.ID)
	if err := ob.MarkSent(ctx, other.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := ob.MarkRetry(ctx, first.ID, at.Add(time.Hour), "unavailable"); err != nil {
		t.Fatal(err)
	}
	claim(at.Add(30 * time.Minute))
	claim(at.Add(2*time.Hour), first.ID)
	if err := ob.MarkSent(ctx, first.ID, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	claim(at.Add(3*time.Hour), second.ID)
}
