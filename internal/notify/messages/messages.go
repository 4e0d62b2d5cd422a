// Package messages writes the e-mails and SMS of workplace setup (seed 001):
// the welcome mail with the username, the initial password (by SMS when the
// workplace has a mobile number, else by e-mail), the order confirmation to
// the customer's administrators and the new password after a reset. Texts
// are German and English by the workplace's language (the welcome also in
// French), as plain text and HTML; the HTML escapes all user data.
package messages

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Env holds what every message needs besides its own data.
type Env struct {
	// Brand names the service in greetings and subjects; empty means
	// "Switchboard".
	Brand string
	// PortalURL is the user portal's login page, where the credentials are
	// used and the password is changed.
	PortalURL string
}

// DefaultLanguage is used when a workplace has no language.
const DefaultLanguage = "de"

// languages lists, per message kind, the languages it is written in; any
// other language gets English.
var languages = map[string][]string{
	switchboard.MessageWelcome:           {"de", "en", "fr"},
	switchboard.MessageInitialPassword:   {"de", "en"},
	switchboard.MessageOrderConfirmation: {"de", "en"},
	switchboard.MessagePasswordReset:     {"de", "en"},
	switchboard.MessageFraudAlert:        {"de", "en"},
	switchboard.MessagePortalInvitation:  {"de", "en", "fr"},
	switchboard.MessageTopStop:           {"de", "en", "fr"},
}

// Language returns the language a message of kind is written in for a
// workplace language: that language when the kind has it, German when none
// is set, English otherwise.
func Language(kind, lang string) string {
	if lang == "" {
		return DefaultLanguage
	}
	for _, l := range languages[kind] {
		if l == lang {
			return l
		}
	}
	return "en"
}

//go:embed templates
var files embed.FS

// set is the parsed templates of one kind in one language.
type set struct {
	text *texttemplate.Template // defines "subject", "text" and, if it can go by SMS, "sms"
	html *htmltemplate.Template // the layout with the kind's "content"
}

var sets = parseAll()

func parseAll() map[string]*set {
	funcs := texttemplate.FuncMap{"join": strings.Join, "list": func(v ...any) []any { return v }}
	out := map[string]*set{}
	for kind, langs := range languages {
		for _, lang := range langs {
			name := kind + "." + lang
			t := texttemplate.Must(texttemplate.New(name).Funcs(funcs).ParseFS(files,
				"templates/common.txt", "templates/"+name+".txt"))
			h := htmltemplate.Must(htmltemplate.New(name).Funcs(htmltemplate.FuncMap(funcs)).ParseFS(files,
				"templates/layout.html", "templates/"+name+".html"))
			out[name] = &set{text: t, html: h}
		}
	}
	return out
}

// data is what the templates see.
type data struct {
	Lang      string
	Brand     string
	PortalURL string
	Subject   string

	FirstName, LastName string
	Username            string
	Password            string
	// PasswordBySMS says the password goes by SMS; MobileEnd is the last
	// digits of that number, enough for the user to recognise it.
	PasswordBySMS bool
	MobileEnd     string

	Customer  string
	Order     *switchboard.Order
	OrderKind string
	OrderedAt string
	// Items are the order's positions in the message's language.
	Items     []string
	Workplace *switchboard.Workplace
	Package   string

	// Device, Via and Sightings describe a fraud alert: the device, the
	// path its credentials were used on and the two uses, in words.
	Device    *switchboard.Device
	Via       string
	Sightings []string

	// TopStop describes a reached charge limit.
	TopStop topStopData
}

// newData fills the fields every message shares.
func newData(env Env, lang string, w *switchboard.Workplace) *data {
	d := &data{Lang: lang, Brand: env.Brand, PortalURL: env.PortalURL}
	if d.Brand == "" {
		d.Brand = "Switchboard"
	}
	if w != nil {
		d.FirstName, d.LastName, d.Username = w.FirstName, w.LastName, w.Username
		d.PasswordBySMS = passwordBySMS(w)
		if d.PasswordBySMS && len(w.Mobile) > 4 {
			d.MobileEnd = w.Mobile[len(w.Mobile)-4:]
		}
		d.Workplace = w
		d.Package = packageName(lang, w.Package)
	}
	return d
}

// passwordBySMS applies seed 001: with a mobile number, passwords go by SMS
// as a second proof of identity; without one, by e-mail.
func passwordBySMS(w *switchboard.Workplace) bool { return !w.NoMobile && w.Mobile != "" }

// render builds a message of kind from the templates of lang. An SMS takes
// the "sms" template as its text; an e-mail the "subject", "text" and the
// HTML layout.
func render(kind, lang string, ch switchboard.Channel, to string, d *data, now time.Time) (*switchboard.Message, error) {
	s := sets[kind+"."+lang]
	if s == nil {
		return nil, fmt.Errorf("messages: no %s text in %s", kind, lang)
	}
	exec := func(name string) (string, error) {
		var b bytes.Buffer
		if err := s.text.ExecuteTemplate(&b, name, d); err != nil {
			return "", fmt.Errorf("messages: %s.%s %s: %w", kind, lang, name, err)
		}
		return b.String(), nil
	}
	m := switchboard.NewMessage(kind, ch, to, lang, now)
	var err error
	if ch == switchboard.ChannelSMS {
		if m.Text, err = exec("sms"); err != nil {
			return nil, err
		}
		m.Text = strings.TrimSpace(m.Text)
		return m, m.Validate()
	}
	if m.Subject, err = exec("subject"); err != nil {
		return nil, err
	}
	m.Subject = strings.TrimSpace(m.Subject)
	if m.Text, err = exec("text"); err != nil {
		return nil, err
	}
	d.Subject = m.Subject
	var b bytes.Buffer
	if err := s.html.ExecuteTemplate(&b, "layout", d); err != nil {
		return nil, fmt.Errorf("messages: %s.%s html: %w", kind, lang, err)
	}
	m.HTML = b.String()
	return m, m.Validate()
}
