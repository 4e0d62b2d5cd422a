// Package fanviltest is a fake of Fanvil FDPS's XML-RPC API for tests: the
// path, the digested Basic password, the server entries and the calls of
// package fanvil's sources, over a redirecttest.Fake table.
package fanviltest

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

// Path is where the fake answers, as FDPS does.
const Path = "/xmlrpc.php"

// Fake is the FDPS fake. Accounts maps user names to clear passwords; the
// fake expects their digests on the wire.
type Fake struct {
	*redirecttest.Fake
	Accounts map[string]string

	mu      sync.Mutex
	servers map[string]string // account + "/" + server name → URL
}

// New returns a fake with the two accounts redirecttest uses, Ours with
// password ourPassword.
func New(ourPassword string) *Fake {
	return &Fake{Fake: redirecttest.NewFake(), servers: map[string]string{}, Accounts: redirecttest.Accounts(ourPassword)}
}

var macPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)

// ServeHTTP answers deleteServer, addMaterialServer, registerDevice and
// deRegisterDevice.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Wrap(redirecttest.XMLRPC(Path, redirecttest.BasicLogin(f.Accounts, fanvil.Digest), map[string]redirecttest.Method{
		"redirect.deleteServer":      f.deleteServer,
		"redirect.addMaterialServer": f.addServer,
		"redirect.registerDevice":    f.register,
		"redirect.deRegisterDevice":  f.deregister,
	})).ServeHTTP(w, r)
}

func (f *Fake) deleteServer(account string, params []any) (any, *xmlrpc.Fault) {
	args, fault := redirecttest.Strings(params, 1)
	if fault != nil {
		return nil, fault
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key := account + "/" + args[0]
	if _, ok := f.servers[key]; !ok {
		return []any{false, "Error:server_not_exist"}, nil
	}
	delete(f.servers, key)
	return []any{true, "ok"}, nil
}

func (f *Fake) addServer(account string, params []any) (any, *xmlrpc.Fault) {
	if len(params) != 1 {
		return nil, &xmlrpc.Fault{Code: -32602, Message: "want one array"}
	}
	list, _ := params[0].([]any)
	cfg := map[string]string{}
	for _, item := range list {
		s, _ := item.(string)
		k, v, _ := strings.Cut(s, "=")
		cfg[k] = v
	}
	scheme := ""
	for name, number := range fanvil.Protocols {
		if number == cfg["cfgPfProt"] {
			scheme = name
		}
	}
	if cfg["cfgName"] == "" || cfg["cfgPfSrv"] == "" || scheme == "" || cfg["cfgPfMode"] != "1" {
		return []any{false, "invalid_server_config"}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key := account + "/" + cfg["cfgName"]
	if _, ok := f.servers[key]; ok {
		return []any{false, "server_exist"}, nil
	}
	f.servers[key] = scheme + "://" + cfg["cfgPfSrv"] + cfg["cfgPfName"]
	return []any{true, "ok"}, nil
}

func (f *Fake) device(account string, params []any, n int) ([]string, redirect.MAC, []any, *xmlrpc.Fault) {
	args, fault := redirecttest.Strings(params, n)
	if fault != nil {
		return nil, "", nil, fault
	}
	if !macPattern.MatchString(args[0]) {
		return nil, "", []any{false, "mac_error"}, nil
	}
	mac, _ := redirect.ParseMAC(args[0])
	if e, ok := f.Get(mac); ok && e.Owner != account {
		return nil, "", []any{false, "device_owned_by_other_user"}, nil
	}
	return args, mac, nil, nil
}

func (f *Fake) register(account string, params []any) (any, *xmlrpc.Fault) {
	args, mac, answer, fault := f.device(account, params, 2)
	if answer != nil || fault != nil {
		return answer, fault
	}
	f.mu.Lock()
	target, ok := f.servers[account+"/"+args[1]]
	f.mu.Unlock()
	if !ok {
		return []any{false, "Error:server_not_exist"}, nil
	}
	if _, taken := f.Get(mac); taken {
		return []any{false, "device_exist"}, nil
	}
	f.Put(mac, redirecttest.Entry{URL: target, Owner: account})
	return []any{true, "ok"}, nil
}

func (f *Fake) deregister(account string, params []any) (any, *xmlrpc.Fault) {
	_, mac, answer, fault := f.device(account, params, 1)
	if answer != nil || fault != nil {
		return answer, fault
	}
	if _, ok := f.Get(mac); !ok {
		return []any{false, "device_not_exist"}, nil
	}
	f.Delete(mac)
	return []any{true, "ok"}, nil
}
