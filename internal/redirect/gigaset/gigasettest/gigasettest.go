// Package gigasettest is a fake of Gigaset's legacy redirect XML-RPC API
// for tests: the path, Basic authentication, calls and MAC-ID check of
// package gigaset's sources, over a redirecttest.Fake table.
package gigasettest

import (
	"net/http"
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

// Path is where the fake answers, as the service does.
const Path = "/apxml/rpc.do"

// Fake is the Gigaset fake. Accounts maps user names to passwords.
type Fake struct {
	*redirecttest.Fake
	Accounts map[string]string
}

// New returns a fake with the two accounts redirecttest uses, Ours with
// password ourPassword.
func New(ourPassword string) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), Accounts: redirecttest.Accounts(ourPassword)}
}

var (
	macPattern   = regexp.MustCompile(`^[0-9A-F]{12}$`)
	macIDPattern = regexp.MustCompile(`^([0-9A-F]{12})-([0-9A-F]{4})$`)
)

// ServeHTTP answers autoprov.registerDevice and autoprov.deregisterDevice.
// A MAC-ID whose code does not match redirecttest.Code is refused, as the
// service refuses a MAC-ID not printed on a device.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(redirecttest.XMLRPC(Path, redirecttest.BasicLogin(f.Accounts, nil), map[string]redirecttest.Method{
		"autoprov.registerDevice":   f.register,
		"autoprov.deregisterDevice": f.deregister,
	})).ServeHTTP(w, r)
}

func (f *Fake) register(account string, params []any) (any, *xmlrpc.Fault) {
	args, fault := redirecttest.Strings(params, 3)
	if fault != nil {
		return nil, fault
	}
	m := macIDPattern.FindStringSubmatch(args[0])
	if m == nil {
		return []any{false, "invalid mac-id"}, nil
	}
	mac, _ := redirect.ParseMAC(m[1])
	if m[2] != redirecttest.Code(mac) {
		return []any{false, "invalid mac-id"}, nil
	}
	if e, ok := f.Get(mac); ok {
		if e.Owner != account {
			return []any{false, "device_owned_by_other_user"}, nil
		}
		return []any{false, "device already registered"}, nil
	}
	f.Put(mac, redirecttest.Entry{URL: args[1], Owner: account})
	return []any{true, "ok"}, nil
}

func (f *Fake) deregister(account string, params []any) (any, *xmlrpc.Fault) {
	args, fault := redirecttest.Strings(params, 1)
	if fault != nil {
		return nil, fault
	}
	if !macPattern.MatchString(args[0]) {
		return []any{false, "invalid mac"}, nil
	}
	mac, _ := redirect.ParseMAC(args[0])
	e, ok := f.Get(mac)
	switch {
	case !ok:
		return []any{false, "device not found"}, nil
	case e.Owner != account:
		return []any{false, "device_owned_by_other_user"}, nil
	}
	f.Delete(mac)
	return []any{true, "ok"}, nil
}
