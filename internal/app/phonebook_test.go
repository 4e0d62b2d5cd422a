package app_test

import (
	"errors"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestPhonebook checks what phones of a customer are given: its active
// workplaces but those that opted out and its shared contacts, sorted by
// name, and nothing of another customer.
func TestPhonebook(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("globex", 2)
	e.processOrders()
	_, err := e.svc.CreateContact(e.ctx, tn.admin, tn.cust.ID, app.ContactInput{Name: "Zentrale & Empfang", Company: "Acme", Numbers: []string{"+49 30 999999", "100"}})
	e.must(err)
	_, err = e.svc.CreateContact(e.ctx, other.admin, other.cust.ID, app.ContactInput{Name: "Globex secret", Numbers: []string{"300"}})
	e.must(err)
	optOut := true
	_, err = e.svc.UpdateWorkplace(e.ctx, tn.user1, tn.wp1.ID, app.WorkplacePatch{PhonebookOptOut: &optOut})
	e.must(err)

	got, err := e.svc.Phonebook(e.ctx, tn.cust.ID)
	e.must(err)
	var names []string
	for _, en := range got {
		names = append(names, en.Name+" "+strings.Join(en.Numbers, ","))
	}
	want := []string{"Erika Mustermann 202", "Zentrale & Empfang +4930999999,100"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("phonebook = %q, want %q", names, want)
	}
}

// TestContactsAccess checks who may see and change a customer's contacts:
// its administrators, while its users are forbidden and another customer's
// administrator finds nothing.
func TestContactsAccess(t *testing.T) {
	e, tn := acme(t)
	other := e.bare("globex", 2)
	c, err := e.svc.CreateContact(e.ctx, tn.admin, tn.cust.ID, app.ContactInput{Name: "Lieferant", Numbers: []string{"+4930123456"}})
	e.must(err)
	name := "Neu"
	for _, tc := range []struct {
		what string
		err  error
		want string
	}{
		{"user reads", func() error { _, err := e.svc.Contact(e.ctx, tn.user1, tn.cust.ID, c.ID); return err }(), switchboard.EFORBIDDEN},
		{"user creates", func() error {
			_, err := e.svc.CreateContact(e.ctx, tn.user1, tn.cust.ID, app.ContactInput{Name: "x", Numbers: []string{"100"}})
			return err
		}(), switchboard.EFORBIDDEN},
		{"stranger reads", func() error { _, err := e.svc.Contact(e.ctx, other.admin, tn.cust.ID, c.ID); return err }(), switchboard.ENOTFOUND},
		{"stranger via own customer", func() error { _, err := e.svc.Contact(e.ctx, other.admin, other.cust.ID, c.ID); return err }(), switchboard.ENOTFOUND},
		{"stranger lists", func() error {
			_, _, err := e.svc.Contacts(e.ctx, other.admin, tn.cust.ID, switchboard.Page{})
			return err
		}(), switchboard.ENOTFOUND},
		{"stranger patches", func() error {
			_, err := e.svc.UpdateContact(e.ctx, other.admin, other.cust.ID, c.ID, app.ContactPatch{Name: &name})
			return err
		}(), switchboard.ENOTFOUND},
		{"stranger deletes", e.svc.DeleteContact(e.ctx, other.admin, tn.cust.ID, c.ID), switchboard.ENOTFOUND},
		{"bad number", func() error {
			_, err := e.svc.CreateContact(e.ctx, tn.admin, tn.cust.ID, app.ContactInput{Name: "x", Numbers: []string{"030 1234"}})
			return err
		}(), switchboard.EINVALID},
	} {
		if got := switchboard.ErrorCode(tc.err); got != tc.want {
			t.Errorf("%s: error %v, want code %q", tc.what, tc.err, tc.want)
		}
	}
	got, err := e.svc.UpdateContact(e.ctx, tn.admin, tn.cust.ID, c.ID, app.ContactPatch{Name: &name})
	if err != nil || got.Name != name || got.Numbers[0] != "+4930123456" {
		t.Errorf("UpdateContact = %+v, %v", got, err)
	}
	e.must(e.svc.DeleteContact(e.ctx, tn.admin, tn.cust.ID, c.ID))
	wantCode(t, "read deleted", func() error { _, err := e.svc.Contact(e.ctx, tn.admin, tn.cust.ID, c.ID); return err }(), switchboard.ENOTFOUND)
}

// TestImportContacts checks that an import is all or nothing, names each
// bad line, and adds every contact of a good file.
func TestImportContacts(t *testing.T) {
	e, tn := bareAcme(t)
	bad := "Name;Numbers;Company\nEinkauf;+49 30 1234567|200;Acme\n;+4930555;\nLager;030 55;\n"
	_, err := e.svc.ImportContacts(e.ctx, tn.admin, tn.cust.ID, strings.NewReader(bad))
	var ie *app.ImportError
	if !errors.As(err, &ie) || len(ie.Lines) != 2 || ie.Lines[0].Line != 3 || ie.Lines[1].Line != 4 {
		t.Fatalf("import with bad lines = %v, want lines 3 and 4 named", err)
	}
	if cs, _, _ := e.svc.Contacts(e.ctx, tn.admin, tn.cust.ID, switchboard.Page{}); len(cs) != 0 {
		t.Errorf("a refused import added %d contacts", len(cs))
	}
	good := "name,numbers,label\n\"Müller, Anna\",+49 30 1234567|200,Supplier\nEmpfang,100,\n"
	res, err := e.svc.ImportContacts(e.ctx, tn.admin, tn.cust.ID, strings.NewReader(good))
	if err != nil || res.Created != 2 {
		t.Fatalf("import = %+v, %v; want 2 created", res, err)
	}
	c, err := e.svc.Contact(e.ctx, tn.admin, tn.cust.ID, res.Contacts[0])
	if err != nil || c.Name != "Müller, Anna" || strings.Join(c.Numbers, " ") != "+49301234567 200" || c.Label != "Supplier" {
		t.Errorf("imported contact = %+v, %v", c, err)
	}
	wantCode(t, "a caller without a role imports", func() error {
		_, err := e.svc.ImportContacts(e.ctx, tn.user1, tn.cust.ID, strings.NewReader(good))
		return err
	}(), switchboard.ENOTFOUND)
}
