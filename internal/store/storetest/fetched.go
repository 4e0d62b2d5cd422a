package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testFetchedFiles checks the files devices last fetched: read back byte
// for byte per device and name, replaced when the content changed, kept
// with its first time when the same content is fetched again, skipped for
// a device that does not exist, and gone with the device.
func testFetchedFiles(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565000001", "u201", "key1")
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateDevice(d) })
	t0 := utc(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	file := func(name, body string, at time.Time) *switchboard.FetchedFile {
		return &switchboard.FetchedFile{DeviceID: d.ID, Name: name, Hash: []byte(body), Body: []byte(body), FetchedAt: at}
	}
	update(t, s, func(tx switchboard.Tx) error {
		return tx.SaveFetchedFiles([]*switchboard.FetchedFile{file("b.cfg", "b = 1\n", t0), file("a.cfg", "a = 1\n", t0),
			{DeviceID: "dev_none", Name: "x.cfg", Hash: []byte{1}, Body: []byte("x"), FetchedAt: t0}})
	})
	later := t0.Add(time.Hour)
	update(t, s, func(tx switchboard.Tx) error {
		return tx.SaveFetchedFiles([]*switchboard.FetchedFile{file("a.cfg", "a = 2\n", later), file("b.cfg", "b = 1\n", later)})
	})
	view(t, s, func(tx switchboard.Tx) error {
		fs, err := tx.FetchedFiles(d.ID)
		if err != nil {
			return err
		}
		want := []*switchboard.FetchedFile{file("a.cfg", "a = 2\n", later), file("b.cfg", "b = 1\n", t0)}
		if len(fs) != len(want) {
			t.Fatalf("fetched files %d, want %d", len(fs), len(want))
		}
		for i, f := range fs {
			if f.Name != want[i].Name || !bytes.Equal(f.Body, want[i].Body) || !bytes.Equal(f.Hash, want[i].Hash) || !f.FetchedAt.Equal(want[i].FetchedAt) {
				t.Errorf("fetched file %d = %s %q at %v, want %s %q at %v", i, f.Name, f.Body, f.FetchedAt, want[i].Name, want[i].Body, want[i].FetchedAt)
			}
		}
		none, err := tx.FetchedFiles("dev_none")
		if err == nil && len(none) != 0 {
			t.Errorf("a device that does not exist has fetched files %v", none)
		}
		return err
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteDevice(d.ID) })
	view(t, s, func(tx switchboard.Tx) error {
		fs, err := tx.FetchedFiles(d.ID)
		if err == nil && len(fs) != 0 {
			t.Errorf("a deleted device still has %d fetched files", len(fs))
		}
		return err
	})
}
