package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
)

// TestCallControlAcrossNodes runs two serve nodes on one PostgreSQL
// database. Anna's and Bob's phones register with the first node, which
// carries their calls; a CTI client reaches only the second. Through it
// the administrator clicks to dial from Anna to Bob (the first node rings
// Anna's phone), lists and reads the call, holds it and hangs it up, and
// a monitoring account's channel on the second node sees each step.
func TestCallControlAcrossNodes(t *testing.T) {
	first, second, data, db := twoNodes(t)
	cust := newCTICustomer(t, first, data)
	cust.db = db
	anna, bob := cust.workplace("anna.schmidt", "Anna", "200", 1), cust.workplace("bob.schmidt", "Bob", "201", 1)
	cust.online(first, anna[0], bob[0])
	// The second node learns of the registrations from the store.
	onSecond := newAPIClient(t, second.http, data)
	onSecond.waitState(anna[0].device, "online")

	watcher, admin := cust.monitor(), cust.admin()
	watcher.Base, admin.Base = "http://"+second.http, "http://"+second.http
	ch := watcher.OpenChannel("xphone", 1, 3600)
	watcher.Subscribe("enterprise/"+cust.id, "xphone", "Advanced Call")

	started := admin.Do(http.MethodPost, xsitest.Actions("anna.schmidt", "calls/new?address=201"), "").Want(t, http.StatusCreated)
	id := xsitest.Between(started, "<callId>", "</callId>")
	if id == "" {
		t.Fatalf("click-to-dial through the second node answered no call id: %s", started)
	}
	ofAnna := `<xsi:call><xsi:callId>` + id + `</xsi:callId>`
	ch.Until(`xsi1:type="xsi:CallOriginatingEvent">` + ofAnna)
	ch.Until(`xsi1:type="xsi:CallAnsweredEvent">` + ofAnna)

	if list := admin.Do(http.MethodGet, xsitest.Actions("anna.schmidt", "calls"), "").Want(t, http.StatusOK); !strings.Contains(list, id) {
		t.Errorf("the second node's list of Anna's calls lacks %s: %s", id, list)
	}
	if one := admin.Do(http.MethodGet, xsitest.Actions("anna.schmidt", "calls/"+id), "").Want(t, http.StatusOK); !strings.Contains(one, "Active") {
		t.Errorf("the call read through the second node is not active: %s", one)
	}
	admin.Do(http.MethodGet, xsitest.Actions("bob.schmidt", "calls/"+id), "").Want(t, http.StatusNotFound)
	watcher.Do(http.MethodPut, xsitest.Actions("anna.schmidt", "calls/"+id+"/Hold"), "").Want(t, http.StatusForbidden)
	admin.Do(http.MethodPut, xsitest.Actions("anna.schmidt", "calls/"+id+"/Hold"), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallHeldEvent">` + ofAnna)
	admin.Do(http.MethodDelete, xsitest.Actions("anna.schmidt", "calls/"+id), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallReleasedEvent">` + ofAnna)
	admin.Do(http.MethodGet, xsitest.Actions("anna.schmidt", "calls/"+id), "").Want(t, http.StatusNotFound)
}
