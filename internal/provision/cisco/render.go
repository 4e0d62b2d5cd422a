package cisco

import (
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// cet is Central European Time as the phone takes it: Time_Zone and the
// Daylight_Saving_Time_Rule (month/day/weekday/time; day -1 and weekday 7
// for the last Sunday) in the form wazo-cisco-spa's _format_tzinfo writes
// and FusionPBX's cisco/8841 template carries, with the EU rule.
var cet = [2]string{"GMT+01:00", "start=3/-1/7/2:0:0;end=10/-1/7/3:0:0;save=1"}

// timeZones are the zones that keep Central European Time; others are
// left to the phone's default.
var timeZones = map[string][2]string{
	"Europe/Paris": cet, "Europe/Berlin": cet, "Europe/Amsterdam": cet, "Europe/Brussels": cet,
	"Europe/Madrid": cet, "Europe/Rome": cet, "Europe/Vienna": cet, "Europe/Prague": cet,
}

// locales are the Locale values (wazo-cisco-spa _LOCALE; FusionPBX
// cisco/8841 writes en-US).
var locales = map[string]string{"de": "de-DE", "en": "en-US", "fr": "fr-FR"}

// Render writes the flat profile, named "<mac>.xml" ("{mac}.xml" without a
// MAC). Profile_Rule keeps the phone on its provisioning URL.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	port := strconv.Itoa(s.ActivePort())
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<flat-profile>\n")
	set := func(name, value string) { b.Leaf("  ", name, ` ua="na"`, value) }
	secure := "No"
	if s.SRTP != switchboard.SRTPOff {
		secure = "Yes"
	}
	set("Secure_Call_Serv", secure)
	for i, l := range p.Lines {
		n := fmt.Sprintf("_%d_", i+1)
		set("Line_Enable"+n, "Yes")
		set("Proxy"+n, s.Registrar+":"+port)
		if s.Proxy != "" {
			set("Outbound_Proxy"+n, s.Proxy+":"+port)
		}
		set("Register"+n, "Yes")
		set("SIP_Transport"+n, strings.ToUpper(string(s.Transport)))
		set("Display_Name"+n, l.DisplayName)
		set("User_ID"+n, l.Username)
		set("Password"+n, l.Password)
		if l.AuthName != "" && l.AuthName != l.Username {
			set("Use_Auth_ID"+n, "Yes")
			set("Auth_ID"+n, l.AuthName)
		}
		switch s.SRTP {
		case switchboard.SRTPOptional:
			set("Secure_Call_Option"+n, "Optional")
		case switchboard.SRTPMandatory:
			set("Secure_Call_Option"+n, "Required")
		}
	}
	if len(p.Lines) > 0 && p.Lines[0].Voicemail != "" {
		set("Voice_Mail_Number", p.Lines[0].Voicemail)
	}
	for _, k := range p.Keys {
		n := fmt.Sprintf("_%d_", k.Index)
		set("Extension"+n, vendorkit.Or(k.Value, "1"))
		set("Short_Name"+n, k.Label)
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		set("Time_Zone", tz[0])
		set("Daylight_Saving_Time_Enable", "Yes")
		set("Daylight_Saving_Time_Rule", tz[1])
	}
	if locale, ok := locales[p.Language]; ok {
		set("Locale", locale)
	}
	if p.AdminPassword != "" {
		set("Admin_Password", p.AdminPassword)
	}
	if p.WebPassword != "" {
		set("User_Password", p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		set("Profile_Rule", p.ProvisioningURL)
	}
	if p.FirmwareURL != "" {
		set("Upgrade_Rule", p.FirmwareURL)
	}
	b.WriteString("</flat-profile>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}
