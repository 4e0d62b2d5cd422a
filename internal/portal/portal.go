// Package portal serves Switchboard's web portal (DESIGN §2, issue 15):
// server-rendered pages for operators, company administrators and users,
// on the same listener as the API. Templates and assets are embedded;
// every form works without JavaScript, which only adds conveniences such
// as the copy button. Pages call the use cases of internal/app with the
// logged-in principal, so they obey exactly the API's roles and tenant
// rules: another customer's ids answer 404.
//
// Wiring: build it with New and mount it at "/" next to the API's
// "/api/" (cmd/switchboard does).
package portal

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the portal.
type Options struct {
	// SecureCookies marks the session cookie Secure. Set it when browsers
	// reach the portal over HTTPS (a TLS listener, or --public-url https
	// behind a TLS proxy); a request that arrived over TLS gets a Secure
	// cookie either way.
	SecureCookies bool
	// Logger receives internal errors; nil discards.
	Logger *slog.Logger
	// Done, when closed, ends the open live event streams, so a graceful
	// shutdown of the listener does not wait for them; nil never ends them.
	Done <-chan struct{}
}

// handler holds what the pages share.
type handler struct {
	svc    *app.Service
	log    *slog.Logger
	secure bool
	pages  map[string]*template.Template
	done   <-chan struct{}
}

// New returns the portal's handler.
func New(svc *app.Service, opts Options) (http.Handler, error) {
	h := &handler{svc: svc, log: opts.Logger, secure: opts.SecureCookies, done: opts.Done}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	h.authRoutes(mux)
	h.inviteRoutes(mux)
	h.totpRoutes(mux)
	h.customerRoutes(mux)
	h.deviceRoutes(mux)
	h.workplaceRoutes(mux)
	h.wizardRoutes(mux)
	h.workplaceDeleteRoutes(mux)
	h.workplaceEditRoutes(mux)
	h.siteRoutes(mux)
	h.numberRoutes(mux)
	h.liveRoutes(mux)
	h.fleetRoutes(mux)
	h.qrRoutes(mux)
	h.keyRoutes(mux)
	h.linkRoutes(mux)
	h.dectRoutes(mux)
	h.hotDeskRoutes(mux)
	h.auditRoutes(mux)
	h.outboxRoutes(mux)
	h.passwordRoutes(mux)
	h.deviceNewRoutes(mux)
	h.callRoutes(mux)
	h.trunkRoutes(mux)
	h.ctiRoutes(mux)
	h.firmwareRoutes(mux)
	h.pinRoutes(mux)
	h.rolloutRoutes(mux)
	h.historyRoutes(mux)
	h.siteRollbackRoutes(mux)
	return securityHeaders(mux), nil
}

// securityHeaders forbids framing and content from elsewhere: the pages
// load only their own stylesheet and script.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
