package audiocodes

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "2")

// webUserName is what the Web Users table takes as a user name.
var webUserName = regexp.MustCompile(`^[A-Za-z0-9._\-]{1,19}$`)

// Render writes the adapter's INI file ("<mac>.ini", "{mac}.ini" without a
// MAC): time and automatic update, global SIP parameters, then the proxy
// table, one row per port of the model in the authentication and caller
// display tables (a port not in use emptied), a trunk group row per line,
// and the two Web users. A table in the file is taken as the whole table
// (the firmware marks partial files "#ini-incremental"), so a row left out
// is removed [U: from exported files, not from the manual].
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	for i, l := range p.Lines {
		for _, v := range []string{l.Username, l.AuthName, l.Password} {
			if clean(v) != v {
				return nil, fmt.Errorf("audiocodes: the SIP account of line %d contains quotes, commas, ';' or control characters, which the INI format cannot carry", i+1)
			}
		}
	}
	// The firmware takes web passwords of at most 19 characters: a
	// longer (generated) one is cut as the app cuts it (FitPassword).
	admin, web := m.FitPassword(p.AdminPassword), m.FitPassword(p.WebPassword)
	for _, pw := range []string{admin, web} {
		if clean(pw) != pw || strings.ContainsAny(pw, " \t") {
			return nil, fmt.Errorf("audiocodes: the admin and web passwords cannot carry quotes, commas, ';' or blanks")
		}
	}
	if p.WebUser != "" && !webUserName.MatchString(p.WebUser) {
		return nil, fmt.Errorf("audiocodes: the web user name %q is not 1 to 19 letters, digits, '.', '_' or '-'", p.WebUser)
	}
	s := p.Server
	hostPort := fmt.Sprintf("%s:%d", s.Registrar, s.ActivePort())
	proxy := hostPort
	if s.Proxy != "" {
		proxy = fmt.Sprintf("%s:%d", s.Proxy, s.ActivePort())
	}
	var b bytes.Buffer
	b.WriteString("; Switchboard device profile for an " + clean(m.Name) + "\n\n[SYSTEM Params]\n")
	set := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	renderTime(p, set)
	if p.Resync > 0 {
		set("AutoUpdateFrequency", strconv.Itoa(resyncMinutes(p.Resync)))
	}
	b.WriteString("\n[SIP Params]\n")
	set("IsProxyUsed", "1")
	set("ProxyName", "'"+clean(s.Domain)+"'")
	set("IsRegisterNeeded", "1")
	set("RegistrarIP", "'"+clean(hostPort)+"'")
	set("SIPTransportType", transportCodes[s.Transport])
	switch s.SRTP {
	case switchboard.SRTPOff:
		set("EnableMediaSecurity", "0")
	case switchboard.SRTPOptional:
		set("EnableMediaSecurity", "1")
		set("MediaSecurityBehaviour", "0")
	default:
		set("EnableMediaSecurity", "1")
		set("MediaSecurityBehaviour", "1")
	}
	set("AuthenticationMode", "0")
	// The gateway ignores the check-sync NOTIFY the model declares unless
	// SIP remote reset is on; it is off by default.
	set("EnableSIPRemoteReset", "1")
	if p.ProvisioningURL != "" {
		set("IniFileURL", "'"+clean(p.ProvisioningURL)+"'")
	}
	// The pinned firmware: the gateway loads the cmp file at its next
	// reset and skips it when its checksum matches what it runs.
	if p.FirmwareURL != "" {
		set("AutoUpdateCmpFile", "1")
		set("CmpFileURL", "'"+clean(p.FirmwareURL)+"'")
	}
	table := func(name string, columns []string, rows [][]string) {
		fmt.Fprintf(&b, "\n[ %s ]\nFORMAT %s_Index = %s;\n", name, name, strings.Join(prefixed(name, columns), ", "))
		for i, r := range rows {
			fmt.Fprintf(&b, "%s %d = %s;\n", name, i, strings.Join(r, ", "))
		}
		fmt.Fprintf(&b, "[ \\%s ]\n", name)
	}
	table("ProxyIp", []string{"IpAddress", "TransportType", "ProxySetId"},
		[][]string{{quote(proxy), transportCodes[s.Transport], "0"}})
	var auth, trunk, display [][]string
	for i := 0; i < m.Lines; i++ {
		port := fmt.Sprint(i + 1)
		if i >= len(p.Lines) {
			auth = append(auth, []string{quote(""), quote(""), "1", port})
			display = append(display, []string{quote(""), "0", port, "1"})
			continue
		}
		l := p.Lines[i]
		auth = append(auth, []string{quote(vendorkit.Or(l.AuthName, l.Username)), quote(l.Password), "1", port})
		trunk = append(trunk, []string{"1", port, port, quote(l.Username), "1"})
		display = append(display, []string{quote(l.DisplayName), "0", port, "1"})
	}
	table("Authentication", []string{"UserId", "UserPassword", "Module", "Port"}, auth)
	table("TrunkGroup", []string{"TrunkGroupNum", "FirstBChannel", "LastBChannel", "FirstPhoneNumber", "Module"}, trunk)
	table("CallerDisplayInfo", []string{"DisplayString", "IsCidRestricted", "Port", "Module"}, display)
	var users [][]string
	user := func(name, password, level string) {
		users = append(users, []string{quote(name), quote(password), "1", "0", "2", "15", "60", level, quote("")})
	}
	if admin != "" {
		user("Admin", admin, "200")
	}
	if web != "" {
		user(vendorkit.Or(p.WebUser, "User"), web, "50")
	}
	if users != nil {
		table("WebUsers", []string{"Username", "Password", "Status", "PwAgeInterval", "SessionLimit", "SessionTimeout", "BlockTime", "UserLevel", "PwNonce"}, users)
	}
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".ini", ContentType: vendorkit.TextType, Body: b.Bytes()}}, nil
}

// renderTime writes the time servers and the zone's standard offset from
// UTC. Summer time is left to the adapter: the manual documents its start
// and end only as dates of one year, which no yearly rule fits.
func renderTime(p *switchboard.Profile, set func(k, v string)) {
	if len(p.NTPServers) > 0 {
		set("NTPServerIP", "'"+clean(p.NTPServers[0])+"'")
		second := ""
		if len(p.NTPServers) > 1 {
			second = p.NTPServers[1]
		}
		set("NTPSecondaryServerIP", "'"+clean(second)+"'")
	}
	if z, ok := vendorkit.ZoneOf(p.TimeZone); ok {
		set("NTPServerUTCOffset", strconv.Itoa(z.Offset*60))
	}
}

// resyncMinutes is the resync interval in whole minutes, at least one and
// at most a year.
func resyncMinutes(d time.Duration) int {
	return min(max(int((d+time.Minute-1)/time.Minute), 1), 525600)
}

func prefixed(table string, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = table + "_" + c
	}
	return out
}

// clean drops what would end a value early: quotes, ';' and line breaks.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == '\'' || r == ';' || r == ',':
			return -1
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

func quote(s string) string { return `"` + clean(s) + `"` }
