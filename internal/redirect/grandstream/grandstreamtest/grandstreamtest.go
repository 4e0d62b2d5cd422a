// Package grandstreamtest is a fake of GDMS's open API for tests: the
// token call, the signed query, the device calls and the pushed P-values of
// package grandstream's sources, over a redirecttest.Fake table.
package grandstreamtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

// Account is a GDMS user with its API developer pair.
type Account struct {
	Password, ClientID, ClientSecret string
}

// Fake is the GDMS fake. Accounts maps user names to their secrets.
type Fake struct {
	*redirecttest.Fake
	Accounts map[string]Account

	mu     sync.Mutex
	tokens map[string]string // token → user
}

// New returns a fake with the two accounts redirecttest uses; Ours has the
// given secrets.
func New(ours Account) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), tokens: map[string]string{}, Accounts: map[string]Account{
		redirecttest.Ours:  ours,
		redirecttest.Other: {Password: "other", ClientID: "2", ClientSecret: "other-secret"}}}
}

var macPattern = regexp.MustCompile(`^[0-9A-F]{12}$`)

// ServeHTTP answers the token call and device add, config and delete.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(http.HandlerFunc(f.serve)).ServeHTTP(w, r)
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == grandstream.PathToken {
		f.token(w, r)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	user, ok := f.verify(r, body)
	if !ok {
		http.Error(w, `{"error":"invalid_token"}`, http.StatusUnauthorized)
		return
	}
	switch r.URL.Path {
	case grandstream.PathAdd:
		f.add(w, user, body)
	case grandstream.PathConfig:
		f.config(w, user, body)
	case grandstream.PathDelete:
		f.remove(w, user, body)
	default:
		http.NotFound(w, r)
	}
}

func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	a, ok := f.Accounts[r.PostFormValue("username")]
	if r.PostFormValue("grant_type") != "password" || !ok || r.PostFormValue("client_id") != a.ClientID ||
		r.PostFormValue("client_secret") != a.ClientSecret || r.PostFormValue("password") != grandstream.PasswordDigest(a.Password) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	f.mu.Lock()
	f.tokens[token] = r.PostFormValue("username")
	f.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": token, "refresh_token": token + "r", "expires_in": 3600})
}

// verify checks the token, the timestamp (15 minutes either side) and the
// signature over the body.
func (f *Fake) verify(r *http.Request, body []byte) (string, bool) {
	q := r.URL.Query()
	f.mu.Lock()
	user, ok := f.tokens[q.Get("access_token")]
	f.mu.Unlock()
	ms, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
	if !ok || err != nil || time.Since(time.UnixMilli(ms)).Abs() > 15*time.Minute {
		return "", false
	}
	a := f.Accounts[user]
	return user, q.Get("signature") == grandstream.Signature(q.Get("access_token"), a.ClientID, a.ClientSecret, q.Get("timestamp"), body)
}

func reply(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"retCode": code, "msg": msg, "data": nil})
}

func (f *Fake) add(w http.ResponseWriter, user string, body []byte) {
	var in []struct {
		MAC    string `json:"mac"`
		SN     string `json:"sn"`
		SiteID *int   `json:"siteId"`
	}
	if json.Unmarshal(body, &in) != nil || len(in) != 1 || !macPattern.MatchString(in[0].MAC) || in[0].SiteID == nil {
		reply(w, 1, "invalid parameter")
		return
	}
	mac, _ := redirect.ParseMAC(in[0].MAC)
	if in[0].SN != redirecttest.Code(mac) {
		reply(w, 2, "MAC and serial number do not match")
		return
	}
	if _, exists := f.Get(mac); exists {
		reply(w, 3, "device has been added")
		return
	}
	f.Put(mac, redirecttest.Entry{Owner: user})
	reply(w, 0, "success")
}

func (f *Fake) config(w http.ResponseWriter, user string, body []byte) {
	var in struct {
		MAC string `json:"mac"`
		XML string `json:"xml"`
	}
	var doc struct {
		P212 string `xml:"config>P212"`
		P237 string `xml:"config>P237"`
	}
	if json.Unmarshal(body, &in) != nil || xml.Unmarshal([]byte(in.XML), &doc) != nil || doc.P237 == "" {
		reply(w, 1, "invalid parameter")
		return
	}
	mac, err := redirect.ParseMAC(in.MAC)
	e, exists := f.Get(mac)
	if err != nil || !exists || e.Owner != user {
		reply(w, 4, "device does not exist")
		return
	}
	scheme := map[string]string{"1": "http", "2": "https"}[doc.P212]
	f.Put(mac, redirecttest.Entry{Owner: user, URL: scheme + "://" + doc.P237})
	reply(w, 0, "success")
}

func (f *Fake) remove(w http.ResponseWriter, user string, body []byte) {
	var in struct {
		MACs []string `json:"macList"`
	}
	if json.Unmarshal(body, &in) != nil || len(in.MACs) == 0 {
		reply(w, 1, "invalid parameter")
		return
	}
	for _, m := range in.MACs {
		mac, err := redirect.ParseMAC(m)
		e, exists := f.Get(mac)
		if err != nil || !exists || e.Owner != user {
			reply(w, 4, "device does not exist")
			return
		}
		f.Delete(mac)
	}
	reply(w, 0, "success")
}
