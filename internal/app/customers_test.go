package app_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestCustomerSIPDomains creates customers one after the other: a domain
// is derived from the name under the installation's domain and numbered
// when taken; one given by hand must be free.
func TestCustomerSIPDomains(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct {
		name, domain, want, code string
		duplicate                bool
	}{
		{"Müller & Söhne GmbH", "", "mueller-soehne-gmbh.sip.example.test", "", false},
		{"Müller und Söhne", "", "mueller-und-soehne.sip.example.test", "", false},
		{"Müller & Söhne GmbH", "", "mueller-soehne-gmbh-2.sip.example.test", "", true},
		{"Müller & Söhne GmbH", "", "mueller-soehne-gmbh-3.sip.example.test", "", true},
		{"Own Domain", "PBX.Own.Example", "pbx.own.example", "", false},
		{"Copycat", "pbx.own.example", "", switchboard.ECONFLICT, false},
		{"Copycat", "mueller-soehne-gmbh-2.sip.example.test", "", switchboard.ECONFLICT, false},
		{"Bad Domain", "not a domain", "", switchboard.EINVALID, false},
		{"", "", "", switchboard.EINVALID, false},
	} {
		got, err := e.svc.CreateCustomer(e.ctx, switchboard.System, app.CustomerInput{Name: c.name, AdminEmail: "admin@example.com", SIPDomain: c.domain,
			AllowDuplicateName: c.duplicate})
		wantCode(t, c.name+" "+c.domain, err, c.code)
		if err == nil && got.SIPDomain != c.want {
			t.Errorf("%s: SIP domain %q, want %q", c.name, got.SIPDomain, c.want)
		}
	}
	list, _, err := e.svc.SearchCustomers(e.ctx, switchboard.System, "", switchboard.Page{})
	e.must(err)
	if len(list) != 5 {
		t.Errorf("%d customers after 5 were created", len(list))
	}
}

// TestCustomerDuplicateName creates a second customer with the name of
// an existing one: it is refused with a conflict naming the existing
// customer, whatever the case and spacing, unless the request says the
// duplicate is intended.
func TestCustomerDuplicateName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	in := app.CustomerInput{Name: "Acme GmbH", AdminEmail: "admin@example.com"}
	first, err := e.svc.CreateCustomer(e.ctx, switchboard.System, in)
	e.must(err)
	in.Name = "  acme gmbh "
	_, err = e.svc.CreateCustomer(e.ctx, switchboard.System, in)
	wantCode(t, "same name", err, switchboard.ECONFLICT)
	if err == nil || !strings.Contains(err.Error(), first.ID) || !strings.Contains(err.Error(), "allow_duplicate_name") ||
		switchboard.ErrorField(err) != "name" {
		t.Errorf("conflict %v (field %q) does not name %s, the field and the way out", err, switchboard.ErrorField(err), first.ID)
	}
	in.AllowDuplicateName = true
	second, err := e.svc.CreateCustomer(e.ctx, switchboard.System, in)
	e.must(err)
	if second.ID == first.ID || second.SIPDomain == first.SIPDomain {
		t.Errorf("intended duplicate got %s/%s, the first is %s/%s", second.ID, second.SIPDomain, first.ID, first.SIPDomain)
	}
}

// TestCustomerLifecycle changes and deletes customers: the operator may
// rename one and move its SIP domain (the registrar drops every cached
// account); a customer with objects cannot be deleted, an empty one can,
// and its tokens go with it.
func TestCustomerLifecycle(t *testing.T) {
	e, tn := acme(t)
	domain := "voice.acme.example"
	e.sip.Take()
	c, err := e.svc.UpdateCustomer(e.ctx, switchboard.System, tn.cust.ID, app.CustomerPatch{SIPDomain: &domain})
	e.must(err)
	sip, err := e.svc.SIPAccount(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	if c.SIPDomain != domain || sip.Domain != domain {
		t.Errorf("SIP domain after the change: customer %q, account %q", c.SIPDomain, sip.Domain)
	}
	if _, inv := e.sip.Take(); len(inv) != 1 || inv[0] != "*" {
		t.Errorf("invalidations after a domain change: %v", inv)
	}
	e.wantAudit("customer.update " + tn.cust.ID)

	wantCode(t, "delete a customer with objects", e.svc.DeleteCustomer(e.ctx, switchboard.System, tn.cust.ID), switchboard.ECONFLICT)
	empty, err := e.svc.CreateCustomer(e.ctx, switchboard.System, app.CustomerInput{Name: "Empty", AdminEmail: "a@empty.example"})
	e.must(err)
	tok, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: empty.ID})
	e.must(err)
	e.must(e.svc.DeleteCustomer(e.ctx, switchboard.System, empty.ID))
	_, err = e.svc.Authenticate(e.ctx, tok.Secret)
	wantCode(t, "token of a deleted customer", err, switchboard.EUNAUTHORIZED)
	_, err = e.svc.Customer(e.ctx, switchboard.System, empty.ID)
	wantCode(t, "deleted customer", err, switchboard.ENOTFOUND)
	e.wantAudit("customer.delete " + empty.ID)
}

// TestSitesAndNumbers covers a customer's sites and numbers: site rules,
// a site in use, numbers canonicalised and listed free or all, an
// assigned number kept.
func TestSitesAndNumbers(t *testing.T) {
	e, tn := acme(t)
	for _, c := range []struct {
		name string
		in   app.SiteInput
		code string
	}{
		{"branch", app.SiteInput{Name: "Branch", TimeZone: "Europe/Paris", Language: "fr"}, ""},
		{"unknown time zone", app.SiteInput{Name: "Moon", TimeZone: "Moon/Base"}, switchboard.EINVALID},
		{"unknown language", app.SiteInput{Name: "Babel", Language: "xx"}, switchboard.EINVALID},
		{"no name", app.SiteInput{}, switchboard.EINVALID},
	} {
		_, err := e.svc.CreateSite(e.ctx, tn.admin, tn.cust.ID, c.in)
		wantCode(t, c.name, err, c.code)
	}
	sites, _, err := e.svc.Sites(e.ctx, tn.admin, tn.cust.ID, switchboard.Page{})
	e.must(err)
	if len(sites) != 2 {
		t.Fatalf("%d sites, want HQ and the branch", len(sites))
	}
	wantCode(t, "delete the site in use", e.svc.DeleteSite(e.ctx, tn.admin, tn.site.ID), switchboard.ECONFLICT)
	wantCode(t, "delete the empty site", e.svc.DeleteSite(e.ctx, tn.admin, sites[1].ID), "")

	added, err := e.svc.AddNumbers(e.ctx, tn.admin, tn.cust.ID, app.NumbersInput{Numbers: []string{"+49 (30) 555-0100", "+4930 5550101"}})
	e.must(err)
	if len(added) != 2 || added[0].E164 != "+49305550100" || added[1].E164 != "+49305550101" {
		t.Errorf("numbers added: %+v", added)
	}
	for _, bad := range [][]string{nil, {"030 5550102"}, {"+49123456789012345"}} {
		_, err := e.svc.AddNumbers(e.ctx, tn.admin, tn.cust.ID, app.NumbersInput{Numbers: bad})
		wantCode(t, "numbers "+switchboard.ErrorMessage(err), err, switchboard.EINVALID)
	}
	all, _, err := e.svc.Numbers(e.ctx, tn.admin, tn.cust.ID, false, switchboard.Page{})
	e.must(err)
	free, _, err := e.svc.Numbers(e.ctx, tn.admin, tn.cust.ID, true, switchboard.Page{})
	e.must(err)
	if len(all) != 6 || len(free) != 5 {
		t.Errorf("%d numbers, %d free; want 6 and 5 (one assigned to wp1)", len(all), len(free))
	}
	wantCode(t, "delete a free number", e.svc.DeleteNumber(e.ctx, tn.admin, tn.cust.ID, "+49 30 5550100"), "")
	wantCode(t, "delete it again", e.svc.DeleteNumber(e.ctx, tn.admin, tn.cust.ID, "+49305550100"), switchboard.ENOTFOUND)
}

// TestWorkplaceRulesAcrossCustomers checks what is unique where: a
// username in the whole installation, an extension within one customer.
func TestWorkplaceRulesAcrossCustomers(t *testing.T) {
	e, a := acme(t)
	b := e.bare("beta", 2)
	_, err := e.svc.CreateWorkplace(e.ctx, b.admin, b.cust.ID, workplaceInput(b, "beta.one", "201", nil))
	wantCode(t, "extension used by another customer", err, "")
	_, err = e.svc.CreateWorkplace(e.ctx, b.admin, b.cust.ID, workplaceInput(b, a.wp1.Username, "299", nil))
	wantCode(t, "username used by another customer", err, switchboard.ECONFLICT)
	e.must(e.svc.DeleteWorkplace(e.ctx, a.admin, a.wp1.ID))
	_, err = e.svc.CreateWorkplace(e.ctx, b.admin, b.cust.ID, workplaceInput(b, a.wp1.Username, "299", nil))
	wantCode(t, "username of a deleted workplace", err, "")
	ws, _, err := e.svc.Workplaces(e.ctx, a.admin, a.cust.ID, switchboard.Page{})
	e.must(err)
	if len(ws) != 2 || ws[0].State != switchboard.WorkplaceDeleted {
		t.Errorf("workplaces listed with the deleted one: %d, first %s", len(ws), ws[0].State)
	}
}

// TestMessagesAreRedacted lists the outbox: the operator reads the bodies
// (they may carry passwords), a customer's administrator only the
// envelopes, and the operator's list across customers filters by channel.
func TestMessagesAreRedacted(t *testing.T) {
	e, tn := bareAcme(t)
	e.workplace(tn, "acme.one", "201", func(in *app.WorkplaceInput) { in.NoMobile, in.Mobile = false, "+491701234567" })
	e.processOrders()
	for _, c := range []struct {
		name   string
		list   func() ([]*switchboard.Message, string, error)
		n      int
		bodies bool
	}{
		{"operator, customer", func() ([]*switchboard.Message, string, error) {
			return e.svc.CustomerMessages(e.ctx, switchboard.System, tn.cust.ID, app.MessageFilter{}, switchboard.Page{})
		}, 3, true},
		{"admin, customer", func() ([]*switchboard.Message, string, error) {
			return e.svc.CustomerMessages(e.ctx, tn.admin, tn.cust.ID, app.MessageFilter{}, switchboard.Page{})
		}, 3, false},
		{"operator, SMS of all", func() ([]*switchboard.Message, string, error) {
			return e.svc.Messages(e.ctx, switchboard.System, app.MessageFilter{Channel: switchboard.ChannelSMS}, switchboard.Page{})
		}, 1, true},
		{"operator, failed of the customer", func() ([]*switchboard.Message, string, error) {
			return e.svc.Messages(e.ctx, switchboard.System, app.MessageFilter{Customer: tn.cust.ID, State: switchboard.MessageFailed}, switchboard.Page{})
		}, 0, true},
	} {
		ms, _, err := c.list()
		e.must(err)
		if len(ms) != c.n {
			t.Errorf("%s: %d messages, want %d", c.name, len(ms), c.n)
		}
		for _, m := range ms {
			if (m.Text != "") != c.bodies {
				t.Errorf("%s: %s message body shown: %v", c.name, m.Kind, m.Text != "")
			}
		}
	}
}
