package app_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestRollbackTellsEveryPhoneItChanges rolls back phones whose settings
// other phones show. A device rollback that gives a multi-login workplace
// its old name back tells both of the workplace's phones, each with
// exactly one NOTIFY, and the second phone's profile shows the name
// again; the phone of another workplace is not told. A site rollback that
// restores the site's language tells every phone at the site once, also
// one that had fetched nothing by then, and not the free device.
func TestRollbackTellsEveryPhoneItChanges(t *testing.T) {
	e, tn := acme(t)
	other := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "yealink-t54w", Description: "desk 2, second phone"})
	for _, id := range []string{tn.desk1.ID, tn.desk2.ID, other.ID, tn.free.ID} {
		e.sip.SetOnline(id, switchboard.DeviceStatus{})
	}
	e.fetchProfile(tn.desk2)
	e.advance(time.Hour)
	first := "Max"
	_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp2.ID, app.WorkplacePatch{FirstName: &first})
	e.must(err)
	e.fetchProfile(tn.desk2)
	if name := e.line(other).DisplayName; !strings.Contains(name, "Max") {
		t.Fatalf("the second phone shows %q before the rollback", name)
	}
	e.sip.Take()
	res, err := e.svc.RollbackDevice(e.ctx, tn.admin, tn.desk2.ID, app.DeviceRollbackInput{Version: 1})
	e.must(err)
	e.wantToldOnce("device rollback", tn.desk2.ID, other.ID)
	if len(res.Resynced) != 1 || res.Resynced[0].Device != other.ID {
		t.Errorf("resynced besides the rolled-back phone: %+v; want the second phone", res.Resynced)
	}
	if name := e.line(other).DisplayName; !strings.Contains(name, "Erika") {
		t.Errorf("the second phone shows %q after the rollback; want the old first name", name)
	}

	e.fetchProfile(tn.desk1)
	e.advance(time.Hour)
	before := e.clock()
	e.advance(time.Hour)
	en := "en"
	_, err = e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Language: &en})
	e.must(err)
	e.sip.Take()
	_, err = e.svc.RollbackSite(e.ctx, tn.admin, tn.site.ID, app.SiteRollbackInput{At: before})
	e.must(err)
	e.wantToldOnce("site rollback", tn.desk1.ID, tn.desk2.ID, other.ID)
}
