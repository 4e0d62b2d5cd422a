package messages

import (
	"errors"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Welcome greets the user of a workplace with the username and tells how
// the password will arrive. It goes by e-mail to the workplace's address.
func Welcome(env Env, w *switchboard.Workplace, now time.Time) (*switchboard.Message, error) {
	lang := Language(switchboard.MessageWelcome, w.Language)
	m, err := render(switchboard.MessageWelcome, lang, switchboard.ChannelEmail, w.Email, newData(env, lang, w), now)
	return withCustomer(m, w.CustomerID, err)
}

// InitialPassword carries the password for the first login: by SMS to the
// workplace's mobile number when it has one, else by e-mail (seed 001).
func InitialPassword(env Env, w *switchboard.Workplace, password string, now time.Time) (*switchboard.Message, error) {
	return passwordMessage(switchboard.MessageInitialPassword, env, w, password, now)
}

// PasswordReset carries a new password after a reset of the portal
// password, on the same channel as the initial one: SMS when the workplace
// has a mobile number, else e-mail.
func PasswordReset(env Env, w *switchboard.Workplace, password string, now time.Time) (*switchboard.Message, error) {
	return passwordMessage(switchboard.MessagePasswordReset, env, w, password, now)
}

func passwordMessage(kind string, env Env, w *switchboard.Workplace, password string, now time.Time) (*switchboard.Message, error) {
	if password == "" {
		return nil, errors.New("messages: no password to send")
	}
	lang := Language(kind, w.Language)
	d := newData(env, lang, w)
	d.Password = password
	ch, to := switchboard.ChannelEmail, w.Email
	if d.PasswordBySMS {
		ch, to = switchboard.ChannelSMS, w.Mobile
	}
	m, err := render(kind, lang, ch, to, d, now)
	return withCustomer(m, w.CustomerID, err)
}

// OrderConfirmation tells the customer's administrators (admin_email)
// about an order and its state. w is the workplace the order is about; nil
// for orders about none. The language is the workplace's.
func OrderConfirmation(env Env, c *switchboard.Customer, o *switchboard.Order, w *switchboard.Workplace, now time.Time) (*switchboard.Message, error) {
	kind := switchboard.MessageOrderConfirmation
	var wl string
	if w != nil {
		wl = w.Language
	}
	lang := Language(kind, wl)
	d := newData(env, lang, w)
	d.Customer, d.Order = c.Name, o
	d.OrderKind = orderKindName(lang, o.Kind)
	d.OrderedAt = formatTime(lang, o.CreatedAt)
	for _, it := range o.Items {
		d.Items = append(d.Items, orderItem(lang, it))
	}
	m, err := render(kind, lang, switchboard.ChannelEmail, c.AdminEmail, d, now)
	return withCustomer(m, c.ID, err)
}

func withCustomer(m *switchboard.Message, customerID string, err error) (*switchboard.Message, error) {
	if err != nil {
		return nil, err
	}
	m.CustomerID = customerID
	return m, nil
}

// Order kinds the confirmation has words for; others are shown as they are.
var orderKinds = map[string]map[string]string{
	"de": {
		"create_workplace": "Arbeitsplatz einrichten",
		"change_workplace": "Arbeitsplatz ändern",
		"change_package":   "Konferenzpaket ändern",
		"delete_workplace": "Arbeitsplatz löschen",
	},
	"en": {
		"create_workplace": "Set up workplace",
		"change_workplace": "Change workplace",
		"change_package":   "Change conference package",
		"delete_workplace": "Delete workplace",
	},
}

func orderKindName(lang, kind string) string {
	if s, ok := orderKinds[lang][kind]; ok {
		return s
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// orderItemWords names the kinds of order positions. The workplace use
// cases store a position in English as "<kind> <value>" ("extension
// 205", "package plus", "package none → premium"); a mail shows the kind
// in its language, and a package by its name.
var orderItemWords = map[string]map[string]string{
	"de": {"workplace": "Arbeitsplatz", "username": "Benutzername", "extension": "Durchwahl", "number": "Rufnummer",
		"no numbers": "keine Rufnummern"},
	"en": {"workplace": "Workplace", "username": "Username", "extension": "Extension", "number": "Number",
		"no numbers": "No numbers"},
}

// orderItem writes one stored order position in lang; a position of a
// kind it has no words for is shown as stored.
func orderItem(lang, item string) string {
	if s, ok := orderItemWords[lang][item]; ok {
		return s
	}
	kind, value, _ := strings.Cut(item, " ")
	if kind == "package" {
		from, to, change := strings.Cut(value, " → ")
		if change {
			return packageName(lang, switchboard.Package(from)) + " → " + packageName(lang, switchboard.Package(to))
		}
		return packageName(lang, switchboard.Package(value))
	}
	if s, ok := orderItemWords[lang][kind]; ok && value != "" {
		return s + " " + value
	}
	return item
}

var packageNames = map[string]map[switchboard.Package]string{
	"de": {switchboard.PackageNone: "kein Konferenzpaket", switchboard.PackageBasic: "Konferenz Basic",
		switchboard.PackagePlus: "Konferenz Plus", switchboard.PackagePremium: "Konferenz Premium"},
	"en": {switchboard.PackageNone: "no conference package", switchboard.PackageBasic: "Conference Basic",
		switchboard.PackagePlus: "Conference Plus", switchboard.PackagePremium: "Conference Premium"},
	"fr": {switchboard.PackageNone: "aucun pack de conférence", switchboard.PackageBasic: "Conférence Basic",
		switchboard.PackagePlus: "Conférence Plus", switchboard.PackagePremium: "Conférence Premium"},
}

func packageName(lang string, p switchboard.Package) string {
	if p == "" {
		p = switchboard.PackageNone
	}
	if s, ok := packageNames[lang][p]; ok {
		return s
	}
	return string(p)
}

// formatTime writes t in UTC the way readers of lang expect.
func formatTime(lang string, t time.Time) string {
	t = t.UTC()
	if lang == "de" {
		return t.Format("02.01.2006, 15:04") + " UTC"
	}
	return t.Format("2 January 2006, 15:04") + " UTC"
}
