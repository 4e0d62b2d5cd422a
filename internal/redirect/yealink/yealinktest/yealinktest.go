// Package yealinktest is a fake of Yealink RPS's JSON API for tests: the
// paths, methods, signed headers and bodies of package yealink's sources,
// over a redirecttest.Fake table.
package yealinktest

import (
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink"
)

// Fake is the RPS fake. Keys maps AccessKey IDs to secrets; an account is
// named by its key ID.
type Fake struct {
	*redirecttest.Fake
	Keys map[string]string

	mu     sync.Mutex
	nonces map[string]bool
}

// New returns a fake with the two accounts redirecttest uses, Ours with
// secret ourSecret.
func New(ourSecret string) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), nonces: map[string]bool{}, Keys: redirecttest.Accounts(ourSecret)}
}

var macPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)

// ServeHTTP checks the signature, then answers list, checkMac, add, edit
// and delete.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(http.HandlerFunc(f.serve)).ServeHTTP(w, r)
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	want := http.MethodPost
	if r.URL.Path == yealink.PathCheckMAC {
		want = http.MethodGet
	}
	if r.Method != want {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	account, ok := f.verify(r, body)
	if !ok {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var in struct {
		Key             string   `json:"key"`
		MACs            []string `json:"macs"`
		IDs             []string `json:"ids"`
		ID              string   `json:"id"`
		UniqueServerURL string   `json:"uniqueServerUrl"`
	}
	if want == http.MethodPost && json.Unmarshal(body, &in) != nil {
		reply(w, nil, map[string]string{"msg": "invalid json"})
		return
	}
	switch r.URL.Path {
	case yealink.PathList:
		f.list(w, account, in.Key)
	case yealink.PathCheckMAC:
		mac, err := redirect.ParseMAC(r.URL.Query().Get("mac"))
		_, taken := f.Get(mac)
		reply(w, err == nil && taken, nil)
	case yealink.PathAdd:
		f.add(w, account, in.MACs, in.UniqueServerURL)
	case yealink.PathEdit, yealink.PathDelete:
		ids := in.IDs
		if r.URL.Path == yealink.PathEdit {
			ids = []string{in.ID}
		}
		f.change(w, account, ids, r.URL.Path == yealink.PathDelete, in.UniqueServerURL)
	default:
		http.NotFound(w, r)
	}
}

// verify recomputes the signature and checks the body digest, the
// timestamp (15 minutes either side) and that the nonce is new.
func (f *Fake) verify(r *http.Request, body []byte) (string, bool) {
	key := r.Header.Get(yealink.HeaderKey)
	secret, ok := f.Keys[key]
	if !ok || r.Header.Get(yealink.HeaderMD5) != yealink.ContentMD5(body) {
		return "", false
	}
	ms, err := strconv.ParseInt(r.Header.Get(yealink.HeaderTimestamp), 10, 64)
	if err != nil || time.Since(time.UnixMilli(ms)).Abs() > 15*time.Minute {
		return "", false
	}
	nonce := r.Header.Get(yealink.HeaderNonce)
	sig := yealink.Sign(secret, r.Method, r.Header.Get(yealink.HeaderMD5), key, nonce, r.Header.Get(yealink.HeaderTimestamp), r.URL)
	if !hmac.Equal([]byte(sig), []byte(r.Header.Get(yealink.HeaderSignature))) {
		return "", false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if nonce == "" || f.nonces[nonce] {
		return "", false
	}
	f.nonces[nonce] = true
	return key, true
}

func id(mac redirect.MAC) string { return "dev-" + string(mac) }

func (f *Fake) list(w http.ResponseWriter, account, key string) {
	type device struct {
		ID              string `json:"id"`
		MAC             string `json:"mac"`
		UniqueServerURL string `json:"uniqueServerUrl"`
	}
	page := struct {
		Total int      `json:"total"`
		Data  []device `json:"data"`
	}{Data: []device{}}
	if mac, err := redirect.ParseMAC(key); err == nil {
		if e, ok := f.Get(mac); ok && e.Owner == account {
			page.Data = append(page.Data, device{ID: id(mac), MAC: string(mac), UniqueServerURL: e.URL})
		}
	}
	page.Total = len(page.Data)
	reply(w, page, nil)
}

func (f *Fake) add(w http.ResponseWriter, account string, macs []string, url string) {
	if len(macs) != 1 || !macPattern.MatchString(macs[0]) || url == "" {
		reply(w, nil, map[string]string{"msg": "invalid parameter"})
		return
	}
	mac, _ := redirect.ParseMAC(macs[0])
	if _, taken := f.Get(mac); taken {
		reply(w, nil, map[string]string{"msg": "device already exists"})
		return
	}
	f.Put(mac, redirecttest.Entry{URL: url, Owner: account})
	reply(w, nil, nil)
}

func (f *Fake) change(w http.ResponseWriter, account string, ids []string, remove bool, url string) {
	for _, i := range ids {
		mac := redirect.MAC(i[min(len(i), len("dev-")):])
		e, ok := f.Get(mac)
		if !ok || e.Owner != account || id(mac) != i {
			reply(w, nil, map[string]string{"msg": "device not found"})
			return
		}
		if remove {
			f.Delete(mac)
		} else {
			f.Put(mac, redirecttest.Entry{URL: url, Owner: account})
		}
	}
	reply(w, nil, nil)
}

func reply(w http.ResponseWriter, data, failure any) {
	w.Header().Set("Content-Type", "application/json")
	ret := 1
	if failure != nil {
		ret = 0
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ret": ret, "data": data, "error": failure})
}
