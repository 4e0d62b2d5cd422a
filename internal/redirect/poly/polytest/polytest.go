// Package polytest is a fake of Poly ZTP's Zero Touch Partner API for
// tests: the paths, API-KEY header, bodies and status codes of package
// poly's sources, over a redirecttest.Fake table.
package polytest

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

// Fake is the ZTP fake. Keys maps API keys to account names; Profiles maps
// profile IDs to the provisioning URLs they hold.
type Fake struct {
	*redirecttest.Fake
	Keys     map[string]string
	Profiles map[string]string
}

// New returns a fake with the two accounts redirecttest uses, Ours with key
// ourKey, and the given profiles.
func New(ourKey string, profiles map[string]string) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), Profiles: profiles, Keys: map[string]string{
		ourKey: redirecttest.Ours, "other-key": redirecttest.Other}}
}

var macPattern = regexp.MustCompile(`^[0-9a-fA-F]{12}$`)

// ServeHTTP answers GET, POST and DELETE on /devices.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(http.HandlerFunc(f.serve)).ServeHTTP(w, r)
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	account, ok := f.Keys[r.Header.Get(poly.HeaderKey)]
	if !ok {
		answer(w, http.StatusUnauthorized, map[string]string{"message": "Unauthorized"})
		return
	}
	if r.Method == http.MethodPost && r.URL.Path == "/devices" {
		f.register(w, r, account)
		return
	}
	text, found := strings.CutPrefix(r.URL.Path, "/devices/")
	if !found {
		answer(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	if !macPattern.MatchString(text) {
		answer(w, http.StatusBadRequest, map[string]string{"message": "Bad Request"})
		return
	}
	mac, _ := redirect.ParseMAC(text)
	e, exists := f.Get(mac)
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodDelete:
		answer(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method Not Allowed"})
	case !exists || (e.Owner != account && r.Method == http.MethodGet):
		answer(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	case e.Owner != account:
		answer(w, http.StatusConflict, map[string]string{"message": "Conflict"})
	case r.Method == http.MethodGet:
		answer(w, http.StatusOK, map[string]string{"id": text, "profileid": f.profileOf(e.URL)})
	default:
		f.Delete(mac)
		answer(w, http.StatusOK, map[string]string{"id": text})
	}
}

func (f *Fake) register(w http.ResponseWriter, r *http.Request, account string) {
	var in struct {
		ID      string `json:"id"`
		Profile string `json:"profile"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	target, known := "", false
	if json.Unmarshal(body, &in) == nil {
		target, known = f.Profiles[in.Profile]
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || !known || !macPattern.MatchString(in.ID) {
		answer(w, http.StatusBadRequest, map[string]string{"message": "Bad Request"})
		return
	}
	mac, _ := redirect.ParseMAC(in.ID)
	if _, exists := f.Get(mac); exists {
		answer(w, http.StatusConflict, map[string]string{"message": "Conflict"})
		return
	}
	f.Put(mac, redirecttest.Entry{URL: target, Owner: account})
	answer(w, http.StatusOK, map[string]string{"id": in.ID, "profileid": in.Profile})
}

func (f *Fake) profileOf(url string) string {
	for id, u := range f.Profiles {
		if u == url {
			return id
		}
	}
	return ""
}

func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
