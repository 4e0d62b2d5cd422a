package provision

import (
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// notFoundBody is the one answer to every refusal.
const notFoundBody = "not found\n"

// Refusal reasons, as they appear in the log line and the security event.
const (
	reasonMalformed  = "malformed request path"
	reasonUnknownKey = "unknown key"
	reasonWrongMAC   = "MAC does not match the device"
	reasonBlocked    = "address not on the customer's allow-list"
	reasonNoProfile  = "the device's model fetches no profile"
	reasonNoFile     = "unknown file"
	// reasonOtherFile is not a refusal: a file the model's firmware asks
	// for that Switchboard does not serve (Model.OtherFiles), answered 404
	// without counting against the address, so an office booting behind
	// one address is never taken for someone guessing keys.
	reasonOtherFile = "file the firmware asks for but Switchboard does not serve"
)

// ServeHTTP answers a fetch, for a Server mounted in a net/http server;
// serve itself answers phones through Serve, which is cheaper.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r)
}

// serve answers one fetch.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	addr := s.clientAddr(r)
	if blocked, left := s.limit.blocked(addr, now); blocked {
		h := w.Header()
		h.Set("Retry-After", retryAfter(left))
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte("too many refused requests from this address; try again later\n"))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	switch {
	case len(r.RequestURI) > maxURI:
		s.refuse(w, r, addr, now, refusal{reason: "request path too long"}, http.StatusRequestURITooLong)
		return
	case headerBytes(r.Header) > maxHeaderBytes || len(r.UserAgent()) > maxUserAgent:
		s.refuse(w, r, addr, now, refusal{reason: "request headers too large"}, http.StatusRequestHeaderFieldsTooLarge)
		return
	}
	if s.serveShared(w, r, addr, now) {
		return
	}
	t, ok := parsePath(r.URL.EscapedPath())
	if !ok || r.URL.RawQuery != "" && len(r.URL.RawQuery) > maxURI {
		s.refuse(w, r, addr, now, refusal{reason: reasonMalformed}, http.StatusNotFound)
		return
	}
	e, fromCache, err := s.lookup(r.Context(), t.key)
	if err != nil {
		if errors.Is(err, errShed) {
			s.shedding.answer(w, r)
			return
		}
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			s.refuse(w, r, addr, now, refusal{reason: reasonUnknownKey, file: t.file}, http.StatusNotFound)
			return
		}
		s.unavailable(w, r, err)
		return
	}
	if s.serveFirmware(w, r, e, t, addr, now) {
		return
	}
	phonebook := t.file != "" && vendors.IsPhonebook(e.prov.Model, t.file)
	var f renderedFile
	var reason string
	if phonebook {
		f, reason, err = s.phonebook(r, e, t, addr)
		if err != nil {
			s.unavailable(w, r, err)
			return
		}
	} else {
		f, reason = s.choose(e, t, r.UserAgent(), s.certs.mac(r), addr)
	}
	if reason != "" && fromCache {
		s.equalize(r.Context(), t.key)
	}
	if reason == reasonOtherFile {
		// The same answer as a refusal, so it tells nothing more, but no
		// miss, no security event and no warning.
		notFound(w, r, http.StatusNotFound)
		return
	}
	if reason != "" {
		s.refuse(w, r, addr, now, refusal{reason: reason, file: t.file, device: e.prov}, http.StatusNotFound)
		return
	}
	s.answer(w, r, f)
	if !phonebook {
		// A phonebook fetch carries out no pending action and delivers
		// nothing the bookkeeping records, and is no profile file.
		s.journal.fetch(fetchOf(e.prov, f.Name, t.file, r.UserAgent(), addr, now))
		if r.Method != http.MethodHead {
			s.served.add(served{e: e, variant: variantOf(e.prov.MustEncrypt(addr, s.nets)), name: f.Name, etag: f.etag,
				remoteEncrypt: switchboard.MustEncrypt(false, addr, s.nets), at: now.UTC().Truncate(time.Microsecond)})
		}
	}
}

// admit applies the checks every file of a device is served after: the
// MAC the request shows, the customer's allow-list and that the model
// fetches a profile. reason is non-empty when the request must be
// refused; mac is the device's MAC, else the one the request shows.
func (s *Server) admit(e *entry, t target, userAgent, certMAC string, addr netip.Addr) (mac, reason string) {
	p := e.prov
	var id switchboard.Identity
	identified := false
	if userAgent != "" || t.file != "" {
		id, identified = vendors.Identify(userAgent, t.file)
	}
	if certMAC != "" {
		id.Conflict = id.Conflict || id.MAC != "" && id.MAC != certMAC
		id.MAC, identified = certMAC, true
	}
	switch {
	case id.Conflict || identified && id.MAC != "" && p.MAC != "" && id.MAC != p.MAC:
		return "", reasonWrongMAC
	case !p.AllowList.Allows(addr):
		return "", reasonBlocked
	case !p.HasProfile():
		return "", reasonNoProfile
	}
	mac = p.MAC
	if mac == "" && identified {
		mac = id.MAC
	}
	return mac, ""
}

// choose applies the checks and finds the file asked for; reason is
// non-empty when the request must be refused.
func (s *Server) choose(e *entry, t target, userAgent, certMAC string, addr netip.Addr) (renderedFile, string) {
	mac, reason := s.admit(e, t, userAgent, certMAC, addr)
	if reason != "" {
		return renderedFile{}, reason
	}
	p := e.prov
	encrypt := p.MustEncrypt(addr, s.nets)
	files, err := e.files(encrypt)
	if err != nil || len(files) == 0 {
		s.log.Error("provisioning: profile cannot be rendered", "device", p.DeviceID, "model", p.Model.ID, "err", err)
		return renderedFile{}, reasonNoProfile
	}
	if t.file == "" {
		return files[0], ""
	}
	for _, f := range files {
		if _, ok := vendors.FindFile([]switchboard.File{f.File}, t.file, mac, t.key); ok {
			return f, ""
		}
	}
	if vendors.IsOtherFile(p.Model, t.file, mac) {
		return renderedFile{}, reasonOtherFile
	}
	return renderedFile{}, reasonNoFile
}

// notFound writes the one refusal answer with status, so every refusal
// looks the same. An oversized request (414, 431) gets its status text
// and ends the connection: what follows it on the connection is not
// worth reading.
func notFound(w http.ResponseWriter, r *http.Request, status int) {
	body := notFoundBody
	h := w.Header()
	if status != http.StatusNotFound {
		body = http.StatusText(status) + "\n"
		h.Set("Connection", "close")
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(body))
	}
}

// answer writes the file, or 304 when the device already has it.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, f renderedFile) {
	h := w.Header()
	if match := r.Header["If-None-Match"]; len(match) > 0 && etagMatches(strings.Join(match, ","), f.etag) {
		h["Etag"], h["Cache-Control"] = f.header["Etag"], f.header["Cache-Control"]
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for k, v := range f.header {
		h[k] = v
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(f.Body)
	}
}

// etagMatches implements If-None-Match's weak comparison against one tag.
func etagMatches(header, etag string) bool {
	for _, v := range strings.Split(header, ",") {
		v = strings.TrimSpace(v)
		if v == "*" || strings.TrimPrefix(v, "W/") == etag {
			return true
		}
	}
	return false
}

// refusal is why a request is refused and what is known about it.
type refusal struct {
	reason string
	file   string
	device *app.DeviceProvisioning
}

// refuse answers the identical refusal, counts the miss, writes the log
// line and queues the security event. status is 404 for everything a
// device could send; only oversized requests get their own 4xx.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, addr netip.Addr, now time.Time, why refusal, status int) {
	notFound(w, r, status)
	s.record(r, addr, now, why, true)
}

// record writes the log line and queues the security event of a refusal;
// miss counts it against the address.
func (s *Server) record(r *http.Request, addr netip.Addr, now time.Time, why refusal, miss bool) {
	ev := app.Refusal{At: now, IP: ipString(addr), Reason: why.reason, File: clean(why.file, maxFileName),
		UserAgent: clean(r.UserAgent(), 256)}
	if why.device != nil {
		ev.CustomerID, ev.DeviceID = why.device.CustomerID, why.device.DeviceID
	}
	s.log.Warn("switchboard provisioning refused from "+describe(addr)+": "+why.reason,
		slog.String("file", ev.File), slog.String("user_agent", clean(r.UserAgent(), 120)))
	s.journal.refusal(ev)
	if miss && s.limit.miss(addr, now) {
		s.log.Warn("switchboard provisioning blocked " + describe(addr) + " after too many refused requests")
		s.journal.refusal(app.Refusal{At: now, IP: ev.IP, Reason: "address blocked for a while after too many refused requests"})
	}
}

// unavailable answers a failure of the store: the phone retries later.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return
	}
	s.log.Error("provisioning: lookup failed", "err", err)
	w.Header().Set("Retry-After", "30")
	http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
}

// fetchOf is the bookkeeping of an answered fetch.
func fetchOf(p *app.DeviceProvisioning, served, asked, userAgent string, addr netip.Addr, now time.Time) app.Fetch {
	file := asked
	if file == "" {
		file = served
	}
	f := app.Fetch{
		DeviceID: p.DeviceID,
		Access: switchboard.Access{At: now.UTC().Truncate(time.Microsecond), IP: ipString(addr),
			UserAgent: clean(userAgent, 256), File: clean(file, maxFileName)},
		Version: p.Version, PendingAction: p.PendingAction, Pairs: p.Pairs,
	}
	if p.DeliversWorkplacePassword {
		f.WorkplaceID, f.WorkplaceVersion = p.WorkplaceID, p.WorkplaceVersion
	}
	return f
}

// ipString is the address for records; empty when unknown.
func ipString(addr netip.Addr) string {
	if !addr.IsValid() {
		return ""
	}
	return addr.String()
}
