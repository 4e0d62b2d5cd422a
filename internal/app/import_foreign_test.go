package app_test

import (
	"errors"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestImportForeignDevices matches other systems' vendor and model words
// to the catalogue (case, spaces and dashes aside, Polycom as Poly), and
// refuses the whole list when one model is unknown, naming its line.
func TestImportForeignDevices(t *testing.T) {
	e, tn := acme(t)
	ds := []app.ForeignDevice{
		{MAC: "00:15:65:aa:bb:01", Vendor: "Yealink", Model: "T54W", Description: "Reception"},
		{MAC: "000413aabb02", Vendor: "snom", Model: "D 785"},
		{MAC: "0c383eaabb03", Vendor: "Aastra", Model: "6731i"},
	}
	before := e.snapshot()
	_, err := e.svc.ImportForeignDevices(e.ctx, tn.admin, tn.cust.ID, ds)
	var ie *app.ImportError
	if !errors.As(err, &ie) || len(ie.Lines) != 1 || ie.Lines[0].Line != 4 || !strings.Contains(ie.Lines[0].Message, "Aastra 6731i") {
		t.Fatalf("a list with an unknown model: %v", err)
	}
	if e.snapshot() != before {
		t.Error("a refused list created devices")
	}
	res, err := e.svc.ImportForeignDevices(e.ctx, tn.admin, tn.cust.ID, ds[:2])
	e.must(err)
	for i, want := range []string{"yealink-t54w", "snom-d785"} {
		if d := e.stored(res.Devices[i]); d.Model != want || d.WorkplaceID != "" {
			t.Errorf("device %d: model %q, workplace %q; want %s, free", i, d.Model, d.WorkplaceID, want)
		}
	}
	other := e.tenant("other", 2)
	_, err = e.svc.ImportForeignDevices(e.ctx, other.admin, tn.cust.ID, ds[:1])
	wantCode(t, "another customer's administrator", err, switchboard.ENOTFOUND)
}
