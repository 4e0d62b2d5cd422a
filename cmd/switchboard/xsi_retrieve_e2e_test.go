package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
)

// TestCallRetrieveThroughXsi: Anna has a desk phone and a second phone;
// she clicks to dial Bob, the first of her phones to answer takes the
// call; POST calls/CallRetrieve pulls it to her other phone (the channel
// shows CallUpdated with the same call), and it hangs up from there.
// Bob, with one phone and no call, is refused 409.
func TestCallRetrieveThroughXsi(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	cust := newCTICustomer(t, n, data)
	anna, bob := cust.workplace("anna.schmidt", "Anna", "200", 2), cust.workplace("bob.schmidt", "Bob", "201", 1)
	cust.online(n, append(anna, bob...)...)
	admin := cust.admin()
	ch := admin.OpenChannel("xphone", 1, 3600)
	admin.Subscribe("enterprise/"+cust.id, "xphone", "Advanced Call")

	admin.Do(http.MethodPost, xsitest.Actions("bob.schmidt", "calls/CallRetrieve"), "").Want(t, http.StatusConflict)
	started := admin.Do(http.MethodPost, xsitest.Actions("anna.schmidt", "calls/new?address=201"), "").Want(t, http.StatusCreated)
	id := xsitest.Between(started, "<callId>", "</callId>")
	ofAnna := `<xsi:call><xsi:callId>` + id + `</xsi:callId>`
	ch.Until(`xsi1:type="xsi:CallAnsweredEvent">` + ofAnna)

	pulled := admin.Do(http.MethodPost, xsitest.Actions("anna.schmidt", "calls/CallRetrieve"), "").Want(t, http.StatusCreated)
	if got := xsitest.Between(pulled, "<callId>", "</callId>"); got != id {
		t.Fatalf("CallRetrieve answered call %q, want the call %q it pulled", got, id)
	}
	updated := ch.Until(`xsi1:type="xsi:CallUpdatedEvent">` + ofAnna)
	if !strings.Contains(updated, "<xsi:state>Active</xsi:state>") {
		t.Errorf("the pulled call is not active: %s", updated)
	}
	admin.Do(http.MethodDelete, xsitest.Actions("anna.schmidt", "calls/"+id), "").Want(t, http.StatusOK)
	ch.Until(`xsi1:type="xsi:CallReleasedEvent">` + ofAnna)
}
