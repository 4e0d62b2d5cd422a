// Package services is the one list that names the redirect services: for
// each, the name an account gives (RedirectAccount.Service), the name the
// device catalogue gives (Model.Redirect), the credentials and settings an
// account needs, and how a connector is built from an account. The outbox
// worker and the API know this list and redirect.Connector, never a
// vendor's package.
package services

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink"
)

// Setting is a field of an account's settings.
type Setting struct {
	Name     string
	Required bool
	// Number says the value is a whole number (an id).
	Number bool
}

// Service describes one redirect service.
type Service struct {
	// Name is what an account's Service says, such as "yealink".
	Name string
	// Title names the service in messages, such as "Yealink RPS".
	Title string
	// Vendor is whom an administrator asks to release a MAC.
	Vendor string
	// Catalogue is the name the device catalogue's models give the
	// service (switchboard.Model.Redirect).
	Catalogue string
	// Credentials are the secrets an account must have.
	Credentials []string
	Settings    []Setting
	// Code names the device's label code when the service needs one
	// (redirect.Device.Code); empty when it needs none.
	Code string
	// connect builds a connector for account a; ztpURL is where devices
	// are pointed, for services that name profiles by URL.
	connect func(a *switchboard.RedirectAccount, ztpURL string, hc *http.Client) redirect.Connector
}

// login reads the user and password credentials of a Basic-auth service.
func login(a *switchboard.RedirectAccount) redirect.Login {
	return redirect.Login{User: a.Credentials["user"], Password: redirect.Secret(a.Credentials["password"])}
}

// number reads a whole-number setting already checked by Check.
func number(a *switchboard.RedirectAccount, name string) int {
	n, _ := strconv.Atoi(a.Settings[name])
	return n
}

// All lists the services, in the order the API documents them.
var All = []Service{
	{Name: "yealink", Title: "Yealink RPS", Vendor: "Yealink", Catalogue: "yealink-rps",
		Credentials: []string{"access_key_id", "access_key_secret"},
		connect: func(a *switchboard.RedirectAccount, _ string, hc *http.Client) redirect.Connector {
			return yealink.New(yealink.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc}, Credentials: yealink.Credentials{
				AccessKeyID: a.Credentials["access_key_id"], AccessKeySecret: redirect.Secret(a.Credentials["access_key_secret"])}})
		}},
	{Name: "snom", Title: "Snom SRAPS", Vendor: "Snom", Catalogue: "snom-sraps",
		Credentials: []string{"user", "password"},
		connect: func(a *switchboard.RedirectAccount, _ string, hc *http.Client) redirect.Connector {
			return snom.New(snom.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc}, Credentials: login(a)})
		}},
	{Name: "gigaset", Title: "Gigaset redirect service", Vendor: "Gigaset", Catalogue: "gigaset-grape",
		Credentials: []string{"user", "password"}, Settings: []Setting{{Name: "provider"}},
		Code: "the MAC-ID check code from the device label",
		connect: func(a *switchboard.RedirectAccount, _ string, hc *http.Client) redirect.Connector {
			return gigaset.New(gigaset.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc}, Credentials: login(a),
				Provider: a.Settings["provider"]})
		}},
	{Name: "fanvil", Title: "Fanvil FDPS", Vendor: "Fanvil", Catalogue: "fanvil-fdps",
		Credentials: []string{"user", "password"},
		connect: func(a *switchboard.RedirectAccount, _ string, hc *http.Client) redirect.Connector {
			return fanvil.New(fanvil.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc}, Credentials: login(a)})
		}},
	{Name: "grandstream", Title: "Grandstream GDMS", Vendor: "Grandstream", Catalogue: "grandstream-gdms",
		Credentials: []string{"user", "password", "client_id", "client_secret"},
		Settings:    []Setting{{Name: "site_id", Required: true, Number: true}, {Name: "org_id", Number: true}},
		Code:        "the serial number from the device label",
		connect: func(a *switchboard.RedirectAccount, _ string, hc *http.Client) redirect.Connector {
			return grandstream.New(grandstream.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc},
				SiteID: number(a, "site_id"), OrgID: number(a, "org_id"),
				Credentials: grandstream.Credentials{User: a.Credentials["user"], Password: redirect.Secret(a.Credentials["password"]),
					ClientID: a.Credentials["client_id"], ClientSecret: redirect.Secret(a.Credentials["client_secret"])}})
		}},
	{Name: "poly", Title: "Poly ZTP", Vendor: "Poly", Catalogue: "poly-ztp",
		Credentials: []string{"api_key"}, Settings: []Setting{{Name: "profile", Required: true}},
		connect: func(a *switchboard.RedirectAccount, ztpURL string, hc *http.Client) redirect.Connector {
			return poly.New(poly.Config{URL: a.URL, Caller: redirect.Caller{HTTP: hc},
				Credentials: poly.Credentials{APIKey: redirect.Secret(a.Credentials["api_key"])},
				Profiles:    map[string]string{ztpURL: a.Settings["profile"]}})
		}},
}

// Names lists the services' names for messages.
func Names() string {
	names := make([]string, len(All))
	for i, s := range All {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// Lookup finds a service by the name an account gives.
func Lookup(name string) (Service, bool) {
	i := slices.IndexFunc(All, func(s Service) bool { return s.Name == name })
	if i < 0 {
		return Service{}, false
	}
	return All[i], true
}

// ForModel finds the service a catalogue model names in its Redirect.
func ForModel(m switchboard.Model) (Service, bool) {
	i := slices.IndexFunc(All, func(s Service) bool { return m.Redirect != "" && s.Catalogue == m.Redirect })
	if i < 0 {
		return Service{}, false
	}
	return All[i], true
}

// Check validates an account for its service: the shared rules
// (RedirectAccount.Validate), a known service, every credential present,
// no unknown credential or setting, required settings present and number
// settings whole numbers. Errors name the field, such as
// "credentials.password".
func Check(a *switchboard.RedirectAccount) error {
	if err := a.Validate(); err != nil {
		return err
	}
	s, ok := Lookup(a.Service)
	if !ok {
		return switchboard.FieldErrorf("service", "unknown service %q; one of %s", a.Service, Names())
	}
	for _, c := range s.Credentials {
		if strings.TrimSpace(a.Credentials[c]) == "" {
			return switchboard.FieldErrorf("credentials."+c, "%s needs the credential %s; give all of %s",
				s.Title, c, strings.Join(s.Credentials, ", "))
		}
	}
	for c := range a.Credentials {
		if !slices.Contains(s.Credentials, c) {
			return switchboard.FieldErrorf("credentials."+c, "%s takes no credential %q; it takes %s",
				s.Title, c, strings.Join(s.Credentials, ", "))
		}
	}
	for name, v := range a.Settings {
		i := slices.IndexFunc(s.Settings, func(st Setting) bool { return st.Name == name })
		if i < 0 {
			return switchboard.FieldErrorf("settings."+name, "%s takes no setting %q%s", s.Title, name, settingList(s))
		}
		if _, err := strconv.ParseUint(v, 10, 31); s.Settings[i].Number && err != nil {
			return switchboard.FieldErrorf("settings."+name, "%s must be a whole number (an id from the %s portal)", name, s.Vendor)
		}
	}
	for _, st := range s.Settings {
		if st.Required && strings.TrimSpace(a.Settings[st.Name]) == "" {
			return switchboard.FieldErrorf("settings."+st.Name, "%s needs the setting %s", s.Title, st.Name)
		}
	}
	return nil
}

func settingList(s Service) string {
	if len(s.Settings) == 0 {
		return "; it takes no settings"
	}
	names := make([]string, len(s.Settings))
	for i, st := range s.Settings {
		names[i] = st.Name
	}
	return "; it takes " + strings.Join(names, ", ")
}

// Connect builds the connector of account a, which Check accepted; ztpURL
// is where it points devices. hc may be nil for the default client.
func Connect(a *switchboard.RedirectAccount, ztpURL string, hc *http.Client) (redirect.Connector, error) {
	s, ok := Lookup(a.Service)
	if !ok {
		return nil, fmt.Errorf("redirect account %s: unknown service %q", a.ID, a.Service)
	}
	return s.connect(a, ztpURL, hc), nil
}
