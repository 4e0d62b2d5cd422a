package cisco

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// languages are the Language_Selection and Locale values of the
// profile's languages (keys.go).
var languages = map[string][2]string{"de": {"German", "de-DE"}, "en": {"English-US", "en-US"}, "fr": {"French", "fr-FR"}}

// timeZone writes z as Time_Zone: "GMT" for UTC itself, else
// "GMT+01:00", "GMT-03:30" and so on.
func timeZone(z vendorkit.Zone) string {
	if z.Offset == 0 {
		return "GMT"
	}
	sign, m := '+', z.Offset
	if m < 0 {
		sign, m = '-', -m
	}
	return fmt.Sprintf("GMT%c%02d:%02d", sign, m/60, m%60)
}

// dstRuleText writes a daylight saving rule as Daylight_Saving_Time_Rule:
// month/day/weekday/time, where day is the first day the change may fall
// on (-1: the last such weekday of the month) and weekday 7 is Sunday;
// save is in hours.
func dstRuleText(r *vendorkit.DSTRule) string {
	change := func(c vendorkit.Change) string {
		day := c.FirstDay()
		if c.Week == vendorkit.Last {
			day = -1
		}
		return fmt.Sprintf("%d/%d/%d/%d:0:0", c.Month, day, c.ISOWeekday(), c.Hour)
	}
	return fmt.Sprintf("start=%s;end=%s;save=%d", change(r.Start), change(r.End), r.Save/60)
}

// Render writes the flat profile, named "<mac>.xml" ("{mac}.xml" without a
// MAC). Profile_Rule keeps the phone on its provisioning URL. Every line
// and line key of the model is written, unused ones empty and disabled, so
// that what was removed in Switchboard is removed on the phone.
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
	for i := 0; i < m.Lines; i++ {
		n := fmt.Sprintf("_%d_", i+1)
		if i >= len(p.Lines) {
			for _, k := range []string{"Line_Enable", "Register", "Use_Auth_ID"} {
				set(k+n, "No")
			}
			for _, k := range []string{"Proxy", "Outbound_Proxy", "Display_Name", "User_ID", "Password", "Auth_ID"} {
				set(k+n, "")
			}
			continue
		}
		l := p.Lines[i]
		set("Line_Enable"+n, "Yes")
		set("Proxy"+n, s.Registrar+":"+port)
		outbound := ""
		if s.Proxy != "" {
			outbound = s.Proxy + ":" + port
		}
		set("Outbound_Proxy"+n, outbound)
		set("Register"+n, "Yes")
		set("SIP_Transport"+n, strings.ToUpper(string(s.Transport)))
		set("Display_Name"+n, l.DisplayName)
		set("User_ID"+n, l.Username)
		set("Password"+n, l.Password)
		if l.AuthName != "" && l.AuthName != l.Username {
			set("Use_Auth_ID"+n, "Yes")
			set("Auth_ID"+n, l.AuthName)
		} else {
			set("Use_Auth_ID"+n, "No")
			set("Auth_ID"+n, "")
		}
		switch s.SRTP {
		case switchboard.SRTPOptional:
			set("Secure_Call_Option"+n, "Optional")
		case switchboard.SRTPMandatory:
			set("Secure_Call_Option"+n, "Required")
		}
	}
	voicemail := ""
	if len(p.Lines) > 0 {
		voicemail = p.Lines[0].Voicemail
	}
	set("Voice_Mail_Number", voicemail)
	renderKeys(p, m, set)
	renderTime(p, set)
	if l, ok := languages[p.Language]; ok {
		set("Language_Selection", l[0])
		set("Locale", l[1])
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
	writeDirectory(set, p)
	set("Resync_On_Reset", "Yes")
	set("Resync_From_SIP", "Yes")
	if p.Resync > 0 {
		// "<seconds>+<random>": the phone adds up to a tenth of the
		// interval (at most an hour) at random to each periodic resync,
		// so a site's phones do not all ask at the same moment (srcResync).
		secs := int((p.Resync + time.Second - 1) / time.Second)
		set("Resync_Periodic", strconv.Itoa(secs)+"+"+strconv.Itoa(min(secs/10, 3600)))
	}
	if p.FirmwareURL != "" {
		set("Upgrade_Rule", p.FirmwareURL)
	}
	b.WriteString("</flat-profile>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// renderKeys writes every line key of the model: the profile's line keys,
// the others disabled and unlabelled. (The use cases give every line
// without a key the first free one, Model.WithLineKeys, as the phone does
// from the factory.)
func renderKeys(p *switchboard.Profile, m switchboard.Model, set func(name, value string)) {
	keys := map[int]switchboard.FunctionKey{}
	for _, k := range p.Keys {
		if k.Module == 0 && k.Type == switchboard.KeyLine {
			keys[k.Index] = k
		}
	}
	for i := 1; i <= m.LineKeys; i++ {
		n := fmt.Sprintf("_%d_", i)
		ext, label := "Disabled", ""
		if k, ok := keys[i]; ok {
			ext, label = vendorkit.Or(k.Value, "1"), k.Label
		}
		set("Extension"+n, ext)
		set("Short_Name"+n, label)
		set("Extended_Function"+n, "")
	}
}

// renderTime writes the time servers and the time zone with its daylight
// saving rule; a zone the table does not know is left to the phone.
func renderTime(p *switchboard.Profile, set func(name, value string)) {
	if len(p.NTPServers) > 0 {
		set("Primary_NTP_Server", p.NTPServers[0])
		second := ""
		if len(p.NTPServers) > 1 {
			second = p.NTPServers[1]
		}
		set("Secondary_NTP_Server", second)
	}
	z, ok := vendorkit.ZoneOf(p.TimeZone)
	if !ok {
		return
	}
	set("Time_Zone", timeZone(z))
	if z.DST == nil {
		set("Daylight_Saving_Time_Enable", "No")
		return
	}
	set("Daylight_Saving_Time_Enable", "Yes")
	set("Daylight_Saving_Time_Rule", dstRuleText(z.DST))
}
