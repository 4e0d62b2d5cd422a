package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
)

// TestClickToDialThroughTheB2BUA is seed 002's CTI server against serve: a
// monitoring account watches the customer's calls on an event channel, the
// administrator clicks to dial from Anna's workplace to Bob's extension,
// Anna's phone answers by itself, then Bob's; the call is held, taken
// back and hung up through Xsi, each step an event on the channel; then
// Anna dials *21 and the forwarding shows. The monitoring account may not
// act.
func TestClickToDialThroughTheB2BUA(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	api := newAPIClient(t, n.http, data)
	cust := api.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
	site := api.call(201, "POST", "/customers/"+cust+"/sites", map[string]any{"name": "HQ"})["id"].(string)
	workplace := func(user, first, ext string) sipAccount {
		t.Helper()
		_, acc := api.newWorkplace(cust, site, user, first, ext)
		return acc
	}
	anna, bob := workplace("anna.schmidt", "Anna", "200"), workplace("bob.schmidt", "Bob", "201")
	annaPhone := newAnsweringPhone(t, n.sip, anna)
	newAnsweringPhone(t, n.sip, bob)
	api.waitState(anna.device, "online")
	api.waitState(bob.device, "online")

	mon := api.call(201, "POST", "/customers/"+cust+"/monitoring-accounts", map[string]any{"username": "acme.cti"})
	// The administrator's portal account, as an invitation would leave it.
	store, svc, err := openService(context.Background(), data, "", "localhost", 8448, 5060, 5061, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const adminPassword = "Correct-Horse-9"
	if _, err := svc.CreatePortalAccount(context.Background(), switchboard.System, app.PortalAccountInput{Username: "acme.admin",
		Role: switchboard.RoleAdmin, CustomerID: cust, Password: adminPassword}); err != nil {
		t.Fatal(err)
	}

	base := "http://" + n.http
	watcher := &xsitest.Client{T: t, Base: base, User: "acme.cti", Password: mon["password"].(string)}
	ch := watcher.OpenChannel("xphone", 1, 3600)
	watcher.Subscribe("enterprise/"+cust, "xphone", "Advanced Call")
	admin := &xsitest.Client{T: t, Base: base, User: "acme.admin", Password: adminPassword}
	started := admin.Do(http.MethodPost, xsitest.Actions("anna.schmidt", "calls/new?address=201"), "").Want(t, http.StatusCreated)
	id := xsitest.Between(started, "<callId>", "</callId>")
	ofAnna := `<xsi:call><xsi:callId>` + id + `</xsi:callId>`
	ch.Until(`xsi1:type="xsi:CallOriginatingEvent">` + ofAnna)
	answered := ch.Until(`xsi1:type="xsi:CallAnsweredEvent">` + ofAnna)
	for _, want := range []string{"<xsi:targetId>anna.schmidt</xsi:targetId>", "<xsi:personality>Click-to-Dial</xsi:personality>",
		"<xsi:state>Active</xsi:state>", "<xsi:address>tel:201</xsi:address>"} {
		if !strings.Contains(answered, want) {
			t.Errorf("answered event lacks %s: %s", want, answered)
		}
	}
	watcher.Do(http.MethodPut, xsitest.Actions("anna.schmidt", "calls/"+id+"/Hold"), "").Want(t, http.StatusForbidden)
	admin.Do(http.MethodPut, xsitest.Actions("anna.schmidt", "calls/"+id+"/Hold"), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallHeldEvent">` + ofAnna)
	admin.Do(http.MethodPut, xsitest.Actions("anna.schmidt", "calls/"+id+"/Talk"), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallRetrievedEvent">` + ofAnna)
	admin.Do(http.MethodDelete, xsitest.Actions("anna.schmidt", "calls/"+id), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallReleasedEvent">` + ofAnna)

	// Anna dials *21 on her phone: the forwarding to the voicemail is seen
	// on the channel, as the CTI server shows it (seed 002).
	watcher.Subscribe("user/anna.schmidt", "xphone", "Call Forwarding Always")
	ch.Until(`xsi1:type="xsi:CallForwardingAlwaysEvent"><xsi:info><xsi:active>false</xsi:active>`)
	if code := annaPhone.dial("*21"); code != 480 {
		t.Errorf("*21 answered %d, want 480 with what it did", code)
	}
	ch.Until(`<xsi:active>true</xsi:active><xsi:forwardToPhoneNumber>*86</xsi:forwardToPhoneNumber>`)
}
