package grandstream

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "2")

var srtpCodes = vendorkit.SRTPCodes("0", "1", "2")

// account holds the P-values of one SIP account (keys.go names the
// template they come from).
type account struct {
	active, name, server, proxy, userID, authID, password, display, voicemail, transport, srtp, sipReset string
}

// accountP returns the P-values of account n (from 1): account 1 has its
// own numbers, accounts 2 to 4 the P4xx…P6xx blocks, accounts 5 and 6
// (GXP21xx) P17xx and P18xx; "Allow SIP Reset" is P26015 + 100·(n−1).
func accountP(n int) account {
	if n == 1 {
		return account{"P271", "P270", "P47", "P48", "P35", "P36", "P34", "P3", "P33", "P130", "P183", "P26015"}
	}
	b := (n + 2) * 100
	if n >= 5 {
		b = (n + 12) * 100
	}
	p := func(off int) string { return "P" + strconv.Itoa(b+off) }
	return account{p(1), p(17), p(2), p(3), p(4), p(5), p(6), p(7), p(26), p(48), p(43), "P" + strconv.Itoa(26015+100*(n-1))}
}

// vpkP returns the P-values of VPK n (from 1): mode, account,
// description, value. VPKs 1–6 use P1363… (two numbers apart) with the
// description and value 102 further on; VPK 7 and up P23800 + 4·(n−7).
func vpkP(n int) [4]string {
	var p [4]int
	if n <= 6 {
		m := 1363 + 2*(n-1)
		p = [4]int{m, m + 1, m + 102, m + 103}
	} else {
		m := 23800 + 4*(n-7)
		p = [4]int{m, m + 1, m + 2, m + 3}
	}
	var out [4]string
	for i, v := range p {
		out[i] = "P" + strconv.Itoa(v)
	}
	return out
}

// Key modes. GRP26xx has one list for every VPK; GXP21xx numbers the
// modes of its fixed (line) VPKs 10 above those of its dynamic ones, and
// a dynamic VPK cannot be a line key. "-1" is None, the empty key.
const modeNone = "-1"

var (
	grpModes = map[switchboard.KeyType]string{
		switchboard.KeyLine: "31", switchboard.KeySpeedDial: "0", switchboard.KeyBLF: "1", switchboard.KeyVoicemail: "6",
		switchboard.KeyExtension: "0", switchboard.KeyGroup: "1",
	}
	gxpFixedModes = map[switchboard.KeyType]string{
		switchboard.KeyLine: "0", switchboard.KeySpeedDial: "10", switchboard.KeyBLF: "11", switchboard.KeyVoicemail: "16",
		switchboard.KeyExtension: "10", switchboard.KeyGroup: "11",
	}
	gxpDynamicModes = map[switchboard.KeyType]string{
		switchboard.KeySpeedDial: "0", switchboard.KeyBLF: "1", switchboard.KeyVoicemail: "6",
		switchboard.KeyExtension: "0", switchboard.KeyGroup: "1",
	}
)

// modeOf returns the mode number of key type t at VPK n.
func modeOf(s spec, n int, t switchboard.KeyType) (string, bool) {
	switch {
	case s.series == grp:
		m, ok := grpModes[t]
		return m, ok
	case n <= s.fixed:
		m, ok := gxpFixedModes[t]
		return m, ok
	}
	m, ok := gxpDynamicModes[t]
	return m, ok
}

// Resync interval P193 in minutes: at least 60; at most 86400 on GXP21xx
// and 5256000 on GRP26xx (templates).
var maxResync = map[series]int{gxp: 86400, grp: 5256000}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// Render writes cfg<mac>.xml ("cfg{mac}.xml" without a MAC): every
// account slot and every VPK of the model, the time, language, resync and
// passwords.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	sp, ok := specs[m.ID]
	if !ok {
		return nil, fmt.Errorf("grandstream: model %q is not in the catalogue", m.ID)
	}
	s := p.Server
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<gs_provision version=\"1\">\n  <config version=\"1\">\n")
	set := func(p, v string) { b.Leaf("    ", p, "", v) }
	port := strconv.Itoa(s.ActivePort())
	for n := 1; n <= m.Lines; n++ {
		a := accountP(n)
		if n > len(p.Lines) {
			// An unused account is switched off and emptied, so a removed
			// line stops registering and its password leaves the phone.
			for _, k := range []string{a.name, a.server, a.proxy, a.userID, a.authID, a.password, a.display, a.voicemail} {
				set(k, "")
			}
			set(a.active, "0")
			set(a.sipReset, "0")
			continue
		}
		l := p.Lines[n-1]
		set(a.active, "1")
		set(a.name, vendorkit.Or(l.Label, l.DisplayName))
		set(a.server, s.Registrar+":"+port)
		proxy := ""
		if s.Proxy != "" {
			proxy = s.Proxy + ":" + port
		}
		set(a.proxy, proxy)
		set(a.userID, l.Username)
		set(a.authID, vendorkit.Or(l.AuthName, l.Username))
		set(a.password, l.Password)
		set(a.display, l.DisplayName)
		set(a.voicemail, l.Voicemail)
		set(a.transport, transportCodes[s.Transport])
		set(a.srtp, srtpCodes[s.SRTP])
		// Allow SIP Reset: the phone obeys a check-sync NOTIFY.
		set(a.sipReset, "1")
	}
	if err := renderKeys(set, p, m, sp); err != nil {
		return nil, err
	}
	if len(p.NTPServers) > 0 {
		set("P30", p.NTPServers[0])
		second := ""
		if len(p.NTPServers) > 1 {
			second = p.NTPServers[1]
		}
		set("P8333", second)
		// DHCP option 42 must not replace the servers written here.
		set("P144", "0")
	}
	if p64, p246, ok := timeZone(p.TimeZone); ok {
		set("P64", p64)
		if p246 != "" {
			set("P246", p246)
		}
		// Nor may DHCP option 2 replace the zone.
		set("P143", "0")
	}
	if p.Language != "" {
		set("P1362", p.Language)
	}
	if days, ok := vendorkit.WholeDays(p.Resync); ok && days == 1 {
		// Automatic upgrade 2: every day, at a random time of the nightly
		// window (P8458 with P285 to P8459), so phones booted together do
		// not ask together ever after.
		set("P194", "2")
		set("P8458", "1")
		set("P285", strconv.Itoa(vendorkit.WindowBeginHour))
		set("P8459", strconv.Itoa(vendorkit.WindowEndHour))
	} else if p.Resync > 0 {
		// Automatic upgrade 1: check every P193 minutes, counted from
		// boot; the templates give no random start for it.
		minutes := max(60, min(int(p.Resync.Minutes()), maxResync[sp.series]))
		set("P194", "1")
		set("P193", strconv.Itoa(minutes))
		set("P8458", "0")
	}
	if p.AdminPassword != "" {
		set("P2", p.AdminPassword)
	}
	if p.WebPassword != "" {
		set("P196", p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		set("P212", "2")
		set("P237", strings.TrimPrefix(p.ProvisioningURL, "https://"))
	}
	writePhonebook(set, p)
	if p.FirmwareURL != "" {
		set("P192", strings.TrimPrefix(p.FirmwareURL, "https://"))
	}
	b.WriteString("  </config>\n</gs_provision>\n")
	return []switchboard.File{{Name: "cfg" + vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// renderKeys writes every VPK of the model: the profile's keys in their
// family's modes, every other one None with no account, label or value.
func renderKeys(set func(p, v string), p *switchboard.Profile, m switchboard.Model, sp spec) error {
	keys := map[int]switchboard.FunctionKey{}
	for _, k := range p.Keys {
		if k.Module == 0 {
			keys[k.Index] = k
		}
	}
	for n := 1; n <= m.LineKeys; n++ {
		pv := vpkP(n)
		k, used := keys[n]
		if !used {
			set(pv[0], modeNone)
			set(pv[1], "0")
			set(pv[2], "")
			set(pv[3], "")
			continue
		}
		mode, ok := modeOf(sp, n, k.Type)
		if !ok {
			return fmt.Errorf("grandstream: key %d of the %s cannot be a %s key (line keys are VPKs 1 to %d)", n, m.Name, k.Type, sp.fixed)
		}
		acct, value := 0, k.Value
		if k.Type == switchboard.KeyLine {
			if line, err := strconv.Atoi(k.Value); err == nil && line >= 1 {
				acct = line - 1
			}
			value = ""
		}
		if acct >= len(p.Lines) {
			return fmt.Errorf("grandstream: key %d of the %s shows line %d, the profile has %d", n, m.Name, acct+1, len(p.Lines))
		}
		set(pv[0], mode)
		set(pv[1], strconv.Itoa(acct))
		set(pv[2], cut(k.Label, 32))
		set(pv[3], cut(value, 64))
	}
	return nil
}
