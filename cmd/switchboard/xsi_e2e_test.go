package main

import (
	"net/http"
	"strings"
	"testing"

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
	cust := newCTICustomer(t, n, data)
	anna, bob := cust.workplace("anna.schmidt", "Anna", "200", 1), cust.workplace("bob.schmidt", "Bob", "201", 1)
	annaPhone := cust.online(n, anna[0], bob[0])[0]
	watcher, admin := cust.monitor(), cust.admin()
	ch := watcher.OpenChannel("xphone", 1, 3600)
	watcher.Subscribe("enterprise/"+cust.id, "xphone", "Advanced Call")
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
