package provision

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// ZeroTouch is what the shared zero-touch URLs need from the use cases
// (*app.Service implements it).
type ZeroTouch interface {
	ClaimInitialLogin(ctx context.Context, a app.LoginAttempt) (*app.Bootstrap, error)
	ClaimMACProvisioning(ctx context.Context, mac, ip string, accept func(m switchboard.Model) (serve, spend bool)) (*app.Bootstrap, error)
}

// The shared URLs (DESIGN §4): a phone pointed at "/login/" appends the
// file names its firmware asks for, as it does at its own directory URL;
// the vendors' redirect services send a factory-fresh phone to "/ztp/".
const (
	loginPrefix = "/login/"
	ztpPrefix   = "/ztp/"
)

// Refusal reasons of the shared URLs.
const (
	reasonBadLogin    = "wrong initial login"
	reasonBadDigest   = "malformed or replayed initial login answer"
	reasonNoMAC       = "no MAC in the request"
	reasonNotArmed    = "no device with this MAC is armed for MAC provisioning"
	reasonLoginRefuse = "initial login refused"
)

// sharedFile returns the file name after prefix in an escaped path, ""
// for the prefix itself; ok is false for another path or a malformed name
// (the rules of parsePath).
func sharedFile(escaped, prefix string) (file string, ok bool) {
	file, ok = strings.CutPrefix(escaped, prefix)
	if !ok || file == "" {
		return "", ok
	}
	if len(file) > maxFileName || file[0] == '.' || !isFileName(file) {
		return "", false
	}
	return file, true
}

// serveShared answers the shared URLs; false when the path is neither.
func (s *Server) serveShared(w http.ResponseWriter, r *http.Request, addr netip.Addr, now time.Time) bool {
	if s.zt == nil {
		return false
	}
	path, prefix := r.URL.EscapedPath(), loginPrefix
	if !strings.HasPrefix(path, prefix) {
		if prefix = ztpPrefix; !strings.HasPrefix(path, prefix) {
			return false
		}
	}
	file, ok := sharedFile(path, prefix)
	if !ok || r.URL.RawQuery != "" {
		s.refuse(w, r, addr, now, refusal{reason: reasonMalformed}, http.StatusNotFound)
		return true
	}
	if prefix == loginPrefix {
		s.serveLogin(w, r, addr, now, file)
	} else {
		s.serveZTP(w, r, addr, now, file)
	}
	return true
}

// serveZTP answers "/ztp/<file>": the device with the MAC the request
// shows gets its bootstrap if its MAC provisioning is "once", and the file
// that carries its URL turns it "done". Everything else gets the one
// refusal and counts as a miss.
func (s *Server) serveZTP(w http.ResponseWriter, r *http.Request, addr netip.Addr, now time.Time, file string) {
	mac, conflict := shownMAC(r.UserAgent(), file, s.certs.mac(r))
	switch {
	case conflict:
		s.refuse(w, r, addr, now, refusal{reason: reasonWrongMAC, file: file}, http.StatusNotFound)
		return
	case mac == "":
		s.refuse(w, r, addr, now, refusal{reason: reasonNoMAC, file: file}, http.StatusNotFound)
		return
	}
	b, err := s.zt.ClaimMACProvisioning(r.Context(), mac, ipString(addr), func(m switchboard.Model) (bool, bool) {
		return vendors.BootstrapFile(m, file, mac)
	})
	switch {
	case err == nil:
		s.answerBootstrap(w, r, b, file, addr, now)
	case errors.Is(err, app.ErrFileNotServed):
		notFound(w, r, http.StatusNotFound)
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		s.refuse(w, r, addr, now, refusal{reason: reasonNotArmed, file: file}, http.StatusNotFound)
	default:
		s.unavailable(w, r, err)
	}
}

// serveLogin answers "/login/<file>" (seed 000): a request without
// credentials is challenged; the one that presents a device's initial
// login gets that device's bootstrap and binds its MAC (app). Every
// refusal is the same challenge, so it tells nothing; wrong credentials
// and malformed or replayed answers count as misses, an initial login
// presented by a MAC other than the one it is bound to does not (the use
// case records it as a security event of the device).
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request, addr netip.Addr, now time.Time, file string) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		s.challenge(w, r, now, false)
		return
	}
	c, err := digest.ParseCredentials(auth)
	if err != nil || c.URI != r.RequestURI {
		s.refuseLogin(w, r, addr, now, refusal{reason: reasonBadDigest, file: file}, true)
		return
	}
	switch s.nonces.check(c, now) {
	case nonceStale:
		s.challenge(w, r, now, true)
		return
	case nonceBad:
		s.refuseLogin(w, r, addr, now, refusal{reason: reasonBadDigest, file: file}, true)
		return
	}
	mac, conflict := shownMAC(r.UserAgent(), file, s.certs.mac(r))
	if conflict {
		s.refuseLogin(w, r, addr, now, refusal{reason: reasonWrongMAC, file: file}, true)
		return
	}
	b, err := s.zt.ClaimInitialLogin(r.Context(), app.LoginAttempt{
		Username: c.Username, Verify: func(pw string) bool { return verifyLogin(c, r.Method, pw) },
		MAC: mac, IP: ipString(addr),
		Accept: func(m switchboard.Model) (bool, bool) { return vendors.BootstrapFile(m, file, mac) },
	})
	switch {
	case err == nil:
		s.answerBootstrap(w, r, b, file, addr, now)
	case errors.Is(err, app.ErrFileNotServed):
		notFound(w, r, http.StatusNotFound)
	case switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED:
		s.refuseLogin(w, r, addr, now, refusal{reason: reasonBadLogin, file: file}, true)
	case switchboard.ErrorCode(err) == switchboard.EFORBIDDEN:
		s.log.Warn("switchboard provisioning refused from " + describe(addr) + ": " + reasonLoginRefuse + ": " + switchboard.ErrorMessage(err))
		s.challenge(w, r, now, false)
	default:
		s.unavailable(w, r, err)
	}
}

// challenge answers 401 with a new nonce for each algorithm offered.
func (s *Server) challenge(w http.ResponseWriter, r *http.Request, now time.Time, stale bool) {
	const body = "initial login required\n"
	h := w.Header()
	h["Www-Authenticate"] = s.nonces.challenge(now, stale)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusUnauthorized)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(body))
	}
}

// refuseLogin answers a refused login with the same challenge as any
// other and records it like a refused fetch; miss counts it against the
// address.
func (s *Server) refuseLogin(w http.ResponseWriter, r *http.Request, addr netip.Addr, now time.Time, why refusal, miss bool) {
	s.challenge(w, r, now, false)
	s.record(r, addr, now, why, miss)
}

// answerBootstrap writes the bootstrap file asked for (the one carrying
// the URL when none is named) and records the fetch as the device's last
// access. Bootstraps hold a key URL: never cached anywhere.
func (s *Server) answerBootstrap(w http.ResponseWriter, r *http.Request, b *app.Bootstrap, file string, addr netip.Addr, now time.Time) {
	files, err := vendors.Bootstrap(b.Model, b.MAC, b.URL)
	if err != nil || len(files) == 0 {
		s.unavailable(w, r, err)
		return
	}
	f, name := files[len(files)-1], file
	if file == "" {
		name = f.Name
	} else if f, err = findBootstrap(files, file, b.MAC); err != nil {
		s.unavailable(w, r, err)
		return
	}
	s.writeBootstrap(w, r, f)
	s.journal.fetch(app.Fetch{DeviceID: b.DeviceID, Access: switchboard.Access{
		At: now.UTC().Truncate(time.Microsecond), IP: ipString(addr), UserAgent: clean(r.UserAgent(), 256), File: clean(name, maxFileName),
	}})
}

// writeBootstrap writes one bootstrap file.
func (s *Server) writeBootstrap(w http.ResponseWriter, r *http.Request, f switchboard.File) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Body)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(f.Body)
	}
}

// findBootstrap returns the bootstrap file asked for.
func findBootstrap(files []switchboard.File, file, mac string) (switchboard.File, error) {
	if f, ok := vendors.FindFile(files, file, mac, ""); ok {
		return f, nil
	}
	return switchboard.File{}, errors.New("the bootstrap has no file " + file)
}
