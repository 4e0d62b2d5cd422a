package provision_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestPhonebookFetch fetches a Yealink phone's phonebook over TLS: it
// holds the customer's workplaces and contacts and nothing of another
// customer, ?q= narrows it, a workplace rename changes its entity tag,
// and it is refused like a profile file to a request showing another MAC
// or for an unknown key.
func TestPhonebookFetch(t *testing.T) {
	e := newEnv(t, 100)
	ctx, sys := context.Background(), switchboard.System
	e.activate()
	d := e.device("yealink-t54w", "001565aabbcc", true)
	_, err := e.svc.CreateContact(ctx, sys, e.cust.ID, app.ContactInput{Name: "Bäckerei <Müller> & Co", Numbers: []string{"+49301234567"}})
	e.must(err)
	other, err := e.svc.CreateCustomer(ctx, sys, app.CustomerInput{Name: "Globex", AdminEmail: "admin@globex.example"})
	e.must(err)
	_, err = e.svc.CreateContact(ctx, sys, other.ID, app.ContactInput{Name: "Globex secret line", Numbers: []string{"+49309999999"}})
	e.must(err)

	const ua = "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:cc"
	path := "/" + key(d) + "/phonebook.xml"
	profile := e.get("/"+key(d)+"/001565aabbcc.cfg", ua, "")
	if !strings.Contains(profile.body, "remote_phonebook.data.1.url = "+provURL+path) {
		t.Errorf("the profile does not point at the phonebook %s:\n%s", path, profile.body)
	}
	r := e.get(path, ua, "")
	if r.status != http.StatusOK || !strings.Contains(r.body, "<YealinkIPPhoneDirectory>") ||
		!strings.Contains(r.body, "<Name>Anna Schmidt</Name>") || !strings.Contains(r.body, "<Telephone>201</Telephone>") ||
		!strings.Contains(r.body, "Bäckerei &lt;Müller&gt; &amp; Co") {
		t.Fatalf("phonebook: %d %s", r.status, r.body)
	}
	if strings.Contains(r.body, "Globex") {
		t.Errorf("the phonebook shows another customer's contact:\n%s", r.body)
	}
	if q := e.get(path+"?q=b%C3%A4ck", ua, ""); strings.Contains(q.body, "Anna") || !strings.Contains(q.body, "Bäckerei") {
		t.Errorf("search for bäck: %s", q.body)
	}

	etag := r.header.Get("Etag")
	if again := e.get(path, ua, "", "If-None-Match", etag); again.status != http.StatusNotModified {
		t.Errorf("unchanged phonebook with its ETag: %d, want 304", again.status)
	}
	name := "Annette"
	_, err = e.svc.UpdateWorkplace(ctx, sys, e.wp.ID, app.WorkplacePatch{FirstName: &name})
	e.must(err)
	renamed := e.get(path, ua, "", "If-None-Match", etag)
	if renamed.status != http.StatusOK || renamed.header.Get("Etag") == etag || !strings.Contains(renamed.body, "Annette Schmidt") {
		t.Errorf("after a rename: %d, ETag %s (was %s):\n%s", renamed.status, renamed.header.Get("Etag"), etag, renamed.body)
	}

	for _, c := range []struct{ path, ua string }{
		{path, "Yealink SIP-T54W 96.86.0.100 00:15:65:dd:ee:ff"},
		{"/" + strings.Repeat("ab", 24) + "/phonebook.xml", ua},
	} {
		if r := e.get(c.path, c.ua, ""); r.status != http.StatusNotFound || strings.Contains(r.body, "Schmidt") {
			t.Errorf("%s as %q: %d %s, want the refusal", c.path, c.ua, r.status, r.body)
		}
	}
}
