package messages

import (
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// FraudAlert tells the customer's administrators (admin_email) that one
// device's access key or SIP account was used from two devices or two
// networks within minutes (seed 004, fraud), and offers the one action that
// ends it: rotating the device's access key and SIP account. w is the
// device's workplace, whose language the message is in; nil for a free
// device.
func FraudAlert(env Env, c *switchboard.Customer, d *switchboard.Device, w *switchboard.Workplace, earlier, later switchboard.Sighting, now time.Time) (*switchboard.Message, error) {
	kind := switchboard.MessageFraudAlert
	var wl string
	if w != nil {
		wl = w.Language
	}
	lang := Language(kind, wl)
	data := newData(env, lang, w)
	data.Customer, data.Device = c.Name, d
	data.Via = viaWords[lang][earlier.Via]
	for _, s := range []switchboard.Sighting{earlier, later} {
		data.Sightings = append(data.Sightings, sightingLine(lang, s))
	}
	m, err := render(kind, lang, switchboard.ChannelEmail, c.AdminEmail, data, now)
	return withCustomer(m, c.ID, err)
}

// viaWords name the credential a sighting used.
var viaWords = map[string]map[string]string{
	"de": {switchboard.ViaProvisioning: "Zugangsschlüssel (Abruf der Konfiguration)", switchboard.ViaSIP: "SIP-Zugangsdaten (Registrierung)"},
	"en": {switchboard.ViaProvisioning: "access key (configuration download)", switchboard.ViaSIP: "SIP account (registration)"},
}

// sightingLine writes one use: when, from which address, from which MAC.
func sightingLine(lang string, s switchboard.Sighting) string {
	mac := s.MAC
	if mac == "" {
		mac = map[string]string{"de": "unbekannt", "en": "unknown"}[lang]
	}
	if lang == "de" {
		return formatTime(lang, s.At) + ": Adresse " + s.IP + ", MAC " + mac
	}
	return formatTime(lang, s.At) + ": address " + s.IP + ", MAC " + mac
}
