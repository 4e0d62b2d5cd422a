package storetest

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// Sealed writes records whose secrets and message bodies are distinctive
// strings and searches what the database holds for them, in clear and
// hex-encoded (as a BYTEA holding them would print). open returns a new
// empty store and a function returning everything the database holds, as
// one who reads its files or rows would see it.
func Sealed(t *testing.T, open func(t *testing.T) (switchboard.Store, func() []byte)) {
	ctx := context.Background()
	s, dump := open(t)
	now := time.Now().UTC()
	secrets := []string{
		"accesskey0123456789abcdef0123456789abcdef0123", "adminpw-7a1f", "webpw-9c2e", "sippw-4d8b",
		"loginpw-2f6a", "hotdeskpin-5e3c", "devadminpw-8b7d", "tokensecret-1c9e", "pw-text-7c1e", "pw-html-4d2a",
		"rpssecret-6b1f",
		"prevsippw-3b5f",
		"fetchedpw-6d2c",
		"trunkpw-5a9d",
	}
	update(t, s, func(tx switchboard.Tx) error {
		c := &switchboard.Customer{ID: "cus_1", Name: "Acme", SIPDomain: "acme.example", CreatedAt: now}
		if err := tx.CreateCustomer(c); err != nil {
			return err
		}
		w := &switchboard.Workplace{ID: "wp_1", CustomerID: c.ID, Username: "anna.schmidt", Extension: "201",
			Package: switchboard.PackageNone, State: switchboard.WorkplaceActive,
			HotDeskPIN: secrets[5], DeviceAdminPassword: secrets[6], CreatedAt: now}
		if err := tx.CreateWorkplace(w); err != nil {
			return err
		}
		d := &switchboard.Device{ID: "dev_1", CustomerID: c.ID, WorkplaceID: w.ID, AccessKey: secrets[0],
			AdminPassword: secrets[1], WebPassword: secrets[2],
			SIP:          switchboard.SIPAccount{Username: "u201", Password: secrets[3]},
			InitialLogin: switchboard.InitialLogin{Username: "il201", Password: secrets[4]}, CreatedAt: now,
			PreviousSIP: switchboard.SIPAccount{Username: "u200", AuthName: "u200", Password: secrets[11]}}
		if err := tx.CreateDevice(d); err != nil {
			return err
		}
		if err := tx.SaveFetchedFiles([]*switchboard.FetchedFile{{DeviceID: d.ID, Name: "dev.cfg", Hash: []byte{1},
			Body: []byte("account.1.password = " + secrets[12]), FetchedAt: now}}); err != nil {
			return err
		}
		if err := tx.CreateToken(&switchboard.Token{ID: "tok_1", Role: switchboard.RoleOperator, CreatedAt: now}, secrets[7]); err != nil {
			return err
		}
		if err := tx.CreateRedirectAccount(&switchboard.RedirectAccount{ID: "rda_1", Service: "yealink", Name: "RPS",
			Credentials: map[string]string{"access_key_secret": secrets[10]}, CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		if err := tx.CreateTrunk(&switchboard.Trunk{ID: "trk_1", CustomerID: c.ID, Name: "carrier", Proxy: "sip.carrier.example",
			Transport: "udp", Password: secrets[13], CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna.schmidt@example.com", "de", now)
		m.Subject, m.Text, m.HTML = "Passwort", "Ihr Passwort: "+secrets[8], "<p>Ihr Passwort: "+secrets[9]+"</p>"
		return tx.CreateMessage(m)
	})
	err := s.View(ctx, func(tx switchboard.Tx) error {
		d, err := tx.DeviceByAccessKey(secrets[0])
		if err == nil && d.SIP.Password != secrets[3] {
			t.Errorf("SIP password read back as %q", d.SIP.Password)
		}
		return err
	})
	if err != nil {
		t.Fatalf("device not readable by its access key: %v", err)
	}
	all := dump()
	for _, plain := range []string{"anna.schmidt", "anna.schmidt@example.com"} {
		if !bytes.Contains(all, []byte(plain)) {
			t.Fatalf("%q is not visible either; the search proves nothing", plain)
		}
	}
	for _, secret := range secrets {
		if bytes.Contains(all, []byte(secret)) || bytes.Contains(all, []byte(hex.EncodeToString([]byte(secret)))) {
			t.Errorf("secret %q is stored in clear", secret)
		}
	}
}
