package redirecttest

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

// Method answers one XML-RPC call at a fake for the authenticated account.
// It returns the value to send back, or a fault.
type Method func(account string, params []any) (any, *xmlrpc.Fault)

// XMLRPC is the transport of a fake legacy redirect API: it accepts only
// POST to path with Content-Type text/xml and HTTP Basic credentials that
// login maps to an account (401 otherwise), decodes the call and encodes
// what the method returns. Unknown methods and malformed calls get faults,
// as an XML-RPC server answers them.
func XMLRPC(path string, login func(user, password string) (string, bool), methods map[string]Method) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
			http.Error(w, "want text/xml, got "+ct, http.StatusUnsupportedMediaType)
			return
		}
		user, password, _ := r.BasicAuth()
		account, ok := login(user, password)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="xmlrpc"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		name, params, err := xmlrpc.DecodeCall(body)
		if err != nil {
			_, _ = w.Write(xmlrpc.EncodeFault(xmlrpc.Fault{Code: -32700, Message: "parse error"}))
			return
		}
		m, ok := methods[name]
		if !ok {
			_, _ = w.Write(xmlrpc.EncodeFault(xmlrpc.Fault{Code: -32601, Message: "method not found: " + name}))
			return
		}
		v, fault := m(account, params)
		if fault != nil {
			_, _ = w.Write(xmlrpc.EncodeFault(*fault))
			return
		}
		answer, err := xmlrpc.EncodeResponse(v)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = w.Write(answer)
	})
}

// Strings checks that params are n strings, the only parameter type of
// the legacy redirect APIs, and returns them.
func Strings(params []any, n int) ([]string, *xmlrpc.Fault) {
	if len(params) != n {
		return nil, &xmlrpc.Fault{Code: -32602, Message: fmt.Sprintf("want %d params, got %d", n, len(params))}
	}
	out := make([]string, n)
	for i, p := range params {
		s, ok := p.(string)
		if !ok {
			return nil, &xmlrpc.Fault{Code: -32602, Message: fmt.Sprintf("param %d is %T, want string", i, p)}
		}
		out[i] = s
	}
	return out, nil
}

// BasicLogin is the login of XMLRPC for a fake whose accounts maps user
// names to secrets; onWire turns a secret into what the client sends as
// password (nil: the secret itself).
func BasicLogin(accounts map[string]string, onWire func(string) string) func(user, password string) (string, bool) {
	return func(user, password string) (string, bool) {
		secret, ok := accounts[user]
		if ok && onWire != nil {
			secret = onWire(secret)
		}
		return user, ok && secret == password
	}
}
