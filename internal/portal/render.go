package portal

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// view is what every template gets: the locale (T, Date, Number), the
// person logged in, the form token, the navigation and the page's data.
type view struct {
	*locale
	Title   string
	Session *switchboard.PortalSession
	CSRF    string
	Nav     []link
	Path    string
	// Errors are the messages of the domain rules, by the field they are
	// about; "" is the form as a whole.
	Errors map[string]string
	Notice string
	Data   any
}

// link is a navigation entry.
type link struct {
	Href, Label string
	Current     bool
}

// parsePages parses each page template together with the layout and the
// parts several pages share (part_*.html).
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "part_") {
			continue
		}
		t, err := template.New(name).ParseFS(templateFS, "templates/layout.html", "templates/part_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse portal page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes the page with status and data under the title's key.
func (rq *request) render(status int, name, title string, data any, errs map[string]string) error {
	v := &view{locale: rq.loc, Title: rq.loc.T(title), Session: rq.sess, CSRF: rq.csrf(), Path: rq.r.URL.Path,
		Errors: errs, Notice: rq.r.URL.Query().Get("notice"), Data: data}
	if _, ok := catalogues[rq.loc.Lang]["notice."+v.Notice]; ok {
		v.Notice = rq.loc.T("notice." + v.Notice)
	} else {
		v.Notice = ""
	}
	v.Nav = rq.nav()
	var buf bytes.Buffer
	if err := rq.h.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	rq.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	rq.w.WriteHeader(status)
	_, err := rq.w.Write(buf.Bytes())
	return err
}

// show renders a page with status 200.
func (rq *request) show(name, title string, data any) error {
	return rq.render(http.StatusOK, name, title, data, nil)
}

// nav lists the pages of the logged-in person's role.
func (rq *request) nav() []link {
	if rq.sess == nil {
		return nil
	}
	var ls []link
	add := func(href, key string) {
		ls = append(ls, link{Href: href, Label: rq.loc.T(key), Current: rq.r.URL.Path == href})
	}
	add("/", "nav.start")
	switch rq.sess.Role {
	case switchboard.RoleOperator:
		add("/customers", "nav.customers")
		add("/fleet", "nav.fleet")
		add("/firmware", "nav.firmware")
		add("/audit", "nav.audit")
		add("/outbox", "nav.outbox")
	case switchboard.RoleAdmin:
		add("/customers/"+rq.sess.CustomerID, "nav.customer")
		add("/customers/"+rq.sess.CustomerID+"/devices", "nav.devices")
		add("/customers/"+rq.sess.CustomerID+"/orders", "nav.orders")
		add("/customers/"+rq.sess.CustomerID+"/workplaces", "nav.workplaces")
		add("/customers/"+rq.sess.CustomerID+"/fleet", "nav.fleet")
		add("/customers/"+rq.sess.CustomerID+"/audit", "nav.audit")
		add("/customers/"+rq.sess.CustomerID+"/outbox", "nav.outbox")
	}
	if rq.sess.Role == switchboard.RoleUser {
		add("/calls", "nav.calls")
	}
	add("/account", "nav.account")
	return ls
}

// fail answers a page's error: the domain rule's own message for an
// application error, "internal error" (logged in detail) for anything
// else.
func (rq *request) fail(err error) {
	status := httpstatus.Of(switchboard.ErrorCode(err))
	msg := switchboard.ErrorMessage(err)
	var e *switchboard.Error
	if status >= http.StatusInternalServerError || !errors.As(err, &e) {
		rq.h.log.ErrorContext(rq.r.Context(), "portal page", "path", rq.r.URL.Path, "err", err)
		status, msg = http.StatusInternalServerError, rq.loc.T("error.internal")
	}
	if status == http.StatusNotFound {
		msg = rq.loc.T("error.notfound")
	}
	if err := rq.render(status, "error", "error.title", msg, nil); err != nil {
		rq.h.log.ErrorContext(rq.r.Context(), "portal error page", "err", err)
	}
}

// fieldErrors turns a domain rule's refusal into the message next to its
// field; nil when err is not a refusal of the input.
func fieldErrors(err error) map[string]string {
	if switchboard.ErrorCode(err) != switchboard.EINVALID {
		return nil
	}
	return map[string]string{switchboard.ErrorField(err): switchboard.ErrorMessage(err)}
}
