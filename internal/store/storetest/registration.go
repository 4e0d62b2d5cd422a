package storetest

import (
	"bytes"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testRegistrations checks the SIP registrar's records: saved and replaced
// per device, read back byte for byte, listed per node without the expired
// ones and in pages, and ENOTFOUND for a device that never registered.
func testRegistrations(t *testing.T, s switchboard.Store) {
	recs := []*switchboard.Registration{
		{DeviceID: "dev_b", Node: "n1", Data: []byte(`{"b":1}`), ExpiresAtMillis: 5000, UpdatedAtMillis: 100},
		{DeviceID: "dev_a", Node: "n1", Data: []byte(`{"a":1}`), ExpiresAtMillis: 6000, UpdatedAtMillis: 100},
		{DeviceID: "dev_c", Node: "n1", Data: []byte(`{"c":1}`), ExpiresAtMillis: 0, UpdatedAtMillis: 100},
		{DeviceID: "dev_d", Node: "n2", Data: []byte(`{"d":1}`), ExpiresAtMillis: 9000, UpdatedAtMillis: 100},
	}
	update(t, s, func(tx switchboard.Tx) error { return tx.SaveRegistrations(recs) })
	moved := &switchboard.Registration{DeviceID: "dev_b", Node: "n2", Data: []byte(`{"b":2}`), ExpiresAtMillis: 7000, UpdatedAtMillis: 200}
	update(t, s, func(tx switchboard.Tx) error { return tx.SaveRegistrations([]*switchboard.Registration{moved}) })

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Registration("dev_b")
		if err != nil {
			t.Fatal(err)
		}
		if got.Node != "n2" || !bytes.Equal(got.Data, moved.Data) || got.ExpiresAtMillis != 7000 || got.UpdatedAtMillis != 200 {
			t.Errorf("replaced registration = %+v, want %+v", got, moved)
		}
		_, err = tx.Registration("dev_none")
		wantError(t, err, switchboard.ENOTFOUND)

		n1, err := tx.Registrations("n1", 1000, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(n1) != 1 || n1[0].DeviceID != "dev_a" {
			t.Errorf("node n1 live registrations = %v, want only dev_a (dev_b moved, dev_c expired)", deviceIDs(n1))
		}
		n2, err := tx.Registrations("n2", 8000, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(n2) != 1 || n2[0].DeviceID != "dev_d" {
			t.Errorf("node n2 registrations expiring after 8000 = %v, want dev_d", deviceIDs(n2))
		}
		page, err := tx.Registrations("n2", 0, "dev_b", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 1 || page[0].DeviceID != "dev_d" {
			t.Errorf("page after dev_b = %v, want dev_d", deviceIDs(page))
		}
		return nil
	})
}

func deviceIDs(rs []*switchboard.Registration) []string {
	return keys(rs, func(r *switchboard.Registration) string { return r.DeviceID })
}
