// Package snomtest is a fake of Snom SRAPS's XML-RPC API for tests: the
// path, Basic authentication, methods and answer texts of package snom's
// sources, over a redirecttest.Fake table. The text for a MAC without a
// redirection is not documented; the fake answers "Error:not_found".
package snomtest

import (
	"net/http"
	"net/url"
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

// Path is where the fake answers, as SRAPS does, trailing slash included.
const Path = "/xmlrpc/"

// Fake is the SRAPS fake. Accounts maps user names to passwords; the
// account redirecttest.Ours and redirecttest.Other must be among them.
type Fake struct {
	*redirecttest.Fake
	Accounts map[string]string
}

// New returns a fake with the two accounts redirecttest uses, Ours with
// password ourPassword.
func New(ourPassword string) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), Accounts: redirecttest.Accounts(ourPassword)}
}

var macPattern = regexp.MustCompile(`^[0-9A-F]{12}$`)

// ServeHTTP answers registerPhone, deregisterPhone and getPhoneRedirection.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(redirecttest.XMLRPC(Path, redirecttest.BasicLogin(f.Accounts, nil), map[string]redirecttest.Method{
		"redirect.registerPhone":       f.register,
		"redirect.deregisterPhone":     f.deregister,
		"redirect.getPhoneRedirection": f.redirection,
	})).ServeHTTP(w, r)
}

func (f *Fake) lookup(account string, params []any, n int) ([]string, redirect.MAC, []any, *xmlrpc.Fault) {
	args, fault := redirecttest.Strings(params, n)
	if fault != nil {
		return nil, "", nil, fault
	}
	if !macPattern.MatchString(args[0]) {
		return nil, "", []any{false, "Error:malformed_mac"}, nil
	}
	mac, _ := redirect.ParseMAC(args[0])
	if e, ok := f.Get(mac); ok && e.Owner != account {
		return nil, "", []any{false, "Error:owned_by_other_user"}, nil
	}
	return args, mac, nil, nil
}

func (f *Fake) register(account string, params []any) (any, *xmlrpc.Fault) {
	args, mac, answer, fault := f.lookup(account, params, 2)
	if answer != nil || fault != nil {
		return answer, fault
	}
	if u, err := url.Parse(args[1]); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return []any{false, "Error:malformed_url"}, nil
	}
	f.Put(mac, redirecttest.Entry{URL: args[1], Owner: account})
	return []any{true, "Ok"}, nil
}

func (f *Fake) deregister(account string, params []any) (any, *xmlrpc.Fault) {
	_, mac, answer, fault := f.lookup(account, params, 1)
	if answer != nil || fault != nil {
		return answer, fault
	}
	if _, ok := f.Get(mac); !ok {
		return []any{false, "Error:not_found"}, nil
	}
	f.Delete(mac)
	return []any{true, "Ok"}, nil
}

func (f *Fake) redirection(account string, params []any) (any, *xmlrpc.Fault) {
	_, mac, answer, fault := f.lookup(account, params, 1)
	if answer != nil || fault != nil {
		return answer, fault
	}
	e, ok := f.Get(mac)
	if !ok {
		return []any{false, "Error:not_found"}, nil
	}
	return []any{true, "Example Telecom, Inc., " + e.URL}, nil
}
