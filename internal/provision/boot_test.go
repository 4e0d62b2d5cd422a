package provision_test

import (
	"fmt"
	"net/http"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// otherNames returns the names of the model's OtherFiles as its firmware
// asks for them.
func otherNames(m switchboard.Model, mac string) []string { return fill(m.OtherFiles, mac, "") }

// TestBootingOfficeBehindOneAddressIsNeverBlocked boots, three times over,
// one phone of every model that asks for files its firmware wants besides
// its own (boot, common and model files), all from one address, against a
// server that blocks after 3 misses: every own file is served and no
// request is refused. Then a key guesser from the same address is still
// blocked after 3 misses.
func TestBootingOfficeBehindOneAddressIsNeverBlocked(t *testing.T) {
	e := newEnv(t, 3)
	const office = "198.51.100.7:41000"
	type phone struct {
		m   switchboard.Model
		mac string
		key string
	}
	var phones []phone
	for _, f := range vendors.Families() {
		for _, m := range f.Models() {
			if len(m.OtherFiles) == 0 || len(m.Files) == 0 || m.URLForm == switchboard.URLNone {
				continue
			}
			mac := fmt.Sprintf("02a0b0c0%04x", len(phones)+1)
			phones = append(phones, phone{m, mac, key(e.device(m.ID, mac, false))})
		}
	}
	if len(phones) < 3 {
		t.Fatalf("only %d models declare other files", len(phones))
	}
	others := 0
	for range 3 {
		for _, p := range phones {
			for _, name := range otherNames(p.m, p.mac) {
				others++
				if r := e.get("/"+p.key+"/"+name, "", office); r.status != http.StatusNotFound {
					t.Fatalf("%s asks for %s: %d, want 404", p.m.ID, name, r.status)
				}
			}
			for _, name := range fileNames(p.m, p.mac, p.key) {
				if r := e.get("/"+p.key+"/"+name, "", office); r.status != http.StatusOK {
					t.Fatalf("%s asks for its own %s after %d other files: %d, want 200", p.m.ID, name, others, r.status)
				}
			}
		}
	}
	e.must(e.srv.Flush(t.Context()))
	evs, _, err := e.svc.Events(t.Context(), switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: 10})
	e.must(err)
	for _, ev := range evs {
		t.Errorf("a booting phone caused a security event: %s %s", ev.Action, ev.Detail)
	}
	// Guessing keys from the same address is still stopped.
	for range 3 {
		e.get("/"+unknownKey+"/y000000000000.boot", "", office)
	}
	if r := e.get("/"+phones[0].key+"/"+fileNames(phones[0].m, phones[0].mac, phones[0].key)[0], "", office); r.status != http.StatusTooManyRequests {
		t.Errorf("after 3 guessed keys: %d, want 429", r.status)
	}
}

// TestUnknownFileOfAKnownKeyStillCounts checks that only the files the
// firmware is known to ask for are spared: any other name under a valid
// key is refused and counted like any miss.
func TestUnknownFileOfAKnownKeyStillCounts(t *testing.T) {
	e := newEnv(t, 3)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	const from = "198.51.100.8:41000"
	for i := range 3 {
		if r := e.get("/"+key(d)+"/passwd.cfg", "", from); r.status != http.StatusNotFound {
			t.Fatalf("unknown file %d: %d", i+1, r.status)
		}
	}
	if r := e.get("/"+key(d)+".cfg", "", from); r.status != http.StatusTooManyRequests {
		t.Errorf("after 3 unknown files: %d, want 429", r.status)
	}
}
