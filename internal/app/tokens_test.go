package app_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestIssueToken lets each role ask for tokens: the operator may issue
// any, an administrator admin and user tokens of its own customer, a user
// none; a token's scope must fit its role.
func TestIssueToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("alpha", 1)
	b := e.tenant("beta", 2)
	past := start.Add(-time.Hour)
	for _, c := range []struct {
		name string
		by   switchboard.Principal
		in   app.TokenInput
		code string
	}{
		{"operator issues operator", switchboard.System, app.TokenInput{Role: switchboard.RoleOperator, Name: "ops"}, ""},
		{"operator issues admin", switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: a.cust.ID}, ""},
		{"admin issues admin of own customer by default", a.admin, app.TokenInput{Role: switchboard.RoleAdmin}, ""},
		{"admin issues user", a.admin, app.TokenInput{Role: switchboard.RoleUser, Workplace: a.wp2.ID}, ""},
		{"admin issues operator", a.admin, app.TokenInput{Role: switchboard.RoleOperator}, switchboard.EFORBIDDEN},
		{"admin issues for another customer", a.admin, app.TokenInput{Role: switchboard.RoleAdmin, Customer: b.cust.ID}, switchboard.ENOTFOUND},
		{"admin issues user of another customer's workplace", a.admin, app.TokenInput{Role: switchboard.RoleUser, Workplace: b.wp1.ID}, switchboard.ENOTFOUND},
		{"user issues user", a.user1, app.TokenInput{Role: switchboard.RoleUser, Workplace: a.wp1.ID}, switchboard.EFORBIDDEN},
		{"operator token tied to a customer", switchboard.System, app.TokenInput{Role: switchboard.RoleOperator, Customer: a.cust.ID}, switchboard.EINVALID},
		{"admin token without customer", switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin}, switchboard.EINVALID},
		{"user token without workplace", switchboard.System, app.TokenInput{Role: switchboard.RoleUser, Customer: a.cust.ID}, switchboard.EINVALID},
		{"unknown role", switchboard.System, app.TokenInput{Role: "root"}, switchboard.EINVALID},
		{"unknown customer", switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: "cus_nonexistent"}, switchboard.ENOTFOUND},
		{"expired at birth", switchboard.System, app.TokenInput{Role: switchboard.RoleOperator, ExpiresAt: past}, switchboard.EINVALID},
		{"name with a line break", switchboard.System, app.TokenInput{Role: switchboard.RoleOperator, Name: "a\nb"}, switchboard.EINVALID},
	} {
		tok, err := e.svc.IssueToken(e.ctx, c.by, c.in)
		wantCode(t, c.name, err, c.code)
		if err != nil {
			continue
		}
		p, err := e.svc.Authenticate(e.ctx, tok.Secret)
		if err != nil || p.TokenID != tok.ID || p.Role != c.in.Role || !strings.HasPrefix(tok.Secret, app.TokenPrefix) {
			t.Errorf("%s: the new token authenticates as %+v (%v)", c.name, p, err)
		}
		if c.by.Role == switchboard.RoleAdmin && p.CustomerID != c.by.CustomerID {
			t.Errorf("%s: token of customer %q, want the administrator's", c.name, p.CustomerID)
		}
	}
}

// TestAuthenticate turns secrets into principals and refuses, with one
// answer, unknown, revoked and expired tokens and user tokens of deleted
// workplaces.
func TestAuthenticate(t *testing.T) {
	e, tn := acme(t)
	issue := func(in app.TokenInput) *app.CreatedToken {
		tok, err := e.svc.IssueToken(e.ctx, switchboard.System, in)
		e.must(err)
		return tok
	}
	admin := issue(app.TokenInput{Role: switchboard.RoleAdmin, Customer: tn.cust.ID})
	user, err := e.svc.CreateToken(e.ctx, tn.admin, switchboard.RoleUser, tn.cust.ID, tn.wp1.ID)
	e.must(err)
	expiring := issue(app.TokenInput{Role: switchboard.RoleOperator, ExpiresAt: start.Add(time.Hour)})
	revoked := issue(app.TokenInput{Role: switchboard.RoleAdmin, Customer: tn.cust.ID})

	p, err := e.svc.Authenticate(e.ctx, user.Secret)
	e.must(err)
	if p != (switchboard.Principal{TokenID: user.ID, Role: switchboard.RoleUser, CustomerID: tn.cust.ID, WorkplaceID: tn.wp1.ID}) {
		t.Errorf("user principal: %+v", p)
	}
	_, err = e.svc.Authenticate(e.ctx, expiring.Secret)
	wantCode(t, "expiring token before its time", err, "")

	e.must(e.svc.DeleteToken(e.ctx, tn.admin, revoked.ID))
	e.must(e.svc.DeleteWorkplace(e.ctx, tn.admin, tn.wp1.ID))
	e.advance(time.Hour)
	for name, secret := range map[string]string{
		"empty": "", "unknown": app.TokenPrefix + strings.Repeat("0", 64), "too long": strings.Repeat("x", 201),
		"revoked": revoked.Secret, "expired": expiring.Secret, "user of a deleted workplace": user.Secret,
	} {
		_, err := e.svc.Authenticate(e.ctx, secret)
		wantCode(t, name, err, switchboard.EUNAUTHORIZED)
		if err != nil && switchboard.ErrorMessage(err) != "the token is unknown or expired; send Authorization: Bearer <token>" {
			t.Errorf("%s: refusal says %q", name, switchboard.ErrorMessage(err))
		}
	}
	_, err = e.svc.Authenticate(e.ctx, admin.Secret)
	wantCode(t, "admin token after the others were refused", err, "")
}

// TestTokenScopes lists and revokes tokens: the operator sees all, an
// administrator only the own customer's and cannot revoke another's, a
// user may do neither; secrets are never listed.
func TestTokenScopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("alpha", 1)
	b := e.tenant("beta", 2)
	ta, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: a.cust.ID, Name: "alpha"})
	e.must(err)
	tb, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: b.cust.ID, Name: "beta"})
	e.must(err)
	for _, c := range []struct {
		name string
		by   switchboard.Principal
		want []string
		code string
	}{
		{"operator", switchboard.System, []string{ta.ID, tb.ID}, ""},
		{"alpha's admin", a.admin, []string{ta.ID}, ""},
		{"alpha's user", a.user1, nil, switchboard.EFORBIDDEN},
	} {
		toks, _, err := e.svc.Tokens(e.ctx, c.by, switchboard.Page{})
		wantCode(t, c.name, err, c.code)
		var ids []string
		for _, tok := range toks {
			ids = append(ids, tok.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s lists %v, want %v", c.name, ids, c.want)
		}
	}
	wantCode(t, "admin revokes another customer's token", e.svc.DeleteToken(e.ctx, a.admin, tb.ID), switchboard.ENOTFOUND)
	wantCode(t, "user revokes a token", e.svc.DeleteToken(e.ctx, a.user1, ta.ID), switchboard.EFORBIDDEN)
	wantCode(t, "admin revokes own customer's token", e.svc.DeleteToken(e.ctx, a.admin, ta.ID), "")
	wantCode(t, "revoked twice", e.svc.DeleteToken(e.ctx, a.admin, ta.ID), switchboard.ENOTFOUND)
	// Deleting a customer deletes its tokens first; refused because the
	// customer still has objects, it keeps them too.
	wantCode(t, "customer with tokens and objects", e.svc.DeleteCustomer(e.ctx, switchboard.System, b.cust.ID), switchboard.ECONFLICT)
	if _, err := e.svc.Authenticate(e.ctx, tb.Secret); err != nil {
		t.Errorf("beta's token stopped working: %v", err)
	}
}

// TestEventActorNames lists events caused by a named and an unnamed
// token: each carries its token's id for the audit and a readable actor,
// the token's name or its role and customer.
func TestEventActorNames(t *testing.T) {
	e, tn := acme(t)
	named, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: tn.cust.ID, Name: "Anna's laptop"})
	e.must(err)
	unnamed, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: tn.cust.ID})
	e.must(err)
	for _, secret := range []string{named.Secret, unnamed.Secret} {
		p, err := e.svc.Authenticate(e.ctx, secret)
		e.must(err)
		desc := "by " + p.TokenID
		_, err = e.svc.UpdateDevice(e.ctx, p, tn.desk1.ID, app.DevicePatch{Description: &desc})
		e.must(err)
	}
	events, _, err := e.svc.CustomerEvents(e.ctx, switchboard.System, tn.cust.ID, switchboard.EventAudit, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	want := map[string]string{named.ID: "Anna's laptop", unnamed.ID: "admin of " + tn.cust.ID}
	for _, ev := range events {
		if name, ok := want[ev.Actor]; ok && ev.Action == "device.update" {
			if ev.ActorName != name {
				t.Errorf("event by %s names its actor %q, want %q", ev.Actor, ev.ActorName, name)
			}
			delete(want, ev.Actor)
		}
	}
	if len(want) > 0 {
		t.Errorf("no device.update event by %v", want)
	}
}
