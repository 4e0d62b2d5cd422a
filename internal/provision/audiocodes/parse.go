package audiocodes

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxFile is the largest file Parse reads.
const MaxFile = 1 << 20

// Parse reads an AudioCodes INI file: "Name = value" parameters (quotes
// removed), '[Section]' lines, ';' comments, and tables between
// "[ Table ]" and "[ \Table ]" whose FORMAT line names the columns; a
// table cell becomes "<Column>[<row index>]". Anything set twice is an
// error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("audiocodes: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), MaxFile+1)
	out := map[string]string{}
	add := func(k, v string) error {
		if _, dup := out[k]; dup {
			return fmt.Errorf("audiocodes: %s is set twice", k)
		}
		out[k] = v
		return nil
	}
	table := ""
	var columns []string
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == ';':
			continue
		case line[0] == '[':
			name := strings.TrimSpace(strings.Trim(line, "[]"))
			if strings.HasPrefix(name, `\`) {
				table, columns = "", nil
			} else if strings.HasPrefix(line, "[ ") {
				table, columns = name, nil
			}
			continue
		case table != "" && strings.HasPrefix(line, "FORMAT "):
			_, cols, ok := strings.Cut(strings.TrimSuffix(line, ";"), "=")
			if !ok {
				return nil, fmt.Errorf("audiocodes: line %d: FORMAT without columns", n)
			}
			columns = splitList(cols)
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("audiocodes: line %d is not name = value", n)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if table == "" {
			if k == "" || strings.ContainsAny(k, " \t") {
				return nil, fmt.Errorf("audiocodes: line %d has no parameter name", n)
			}
			if err := add(k, strings.Trim(v, `'"`)); err != nil {
				return nil, err
			}
			continue
		}
		name, idx, _ := strings.Cut(k, " ")
		if name != table || columns == nil {
			return nil, fmt.Errorf("audiocodes: line %d is not a row of table %s", n, table)
		}
		row, err := strconv.Atoi(strings.TrimSpace(idx))
		if err != nil || row < 0 {
			return nil, fmt.Errorf("audiocodes: line %d has no row index", n)
		}
		cells := splitList(strings.TrimSuffix(v, ";"))
		if len(cells) != len(columns) {
			return nil, fmt.Errorf("audiocodes: line %d has %d values for %d columns", n, len(cells), len(columns))
		}
		for i, c := range cells {
			if err := add(fmt.Sprintf("%s[%d]", columns[i], row), strings.Trim(c, `"`)); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audiocodes: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("audiocodes: no parameter in the file")
	}
	return out, nil
}

// splitList splits a comma-separated list; values carry no commas.
func splitList(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

var transports = map[string]switchboard.Transport{"0": switchboard.TransportUDP, "1": switchboard.TransportTCP, "2": switchboard.TransportTLS}

// Account extracts the account of FXS port n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	row := fmt.Sprintf("[%d]", n-1)
	user := parsed["TrunkGroup_FirstPhoneNumber"+row]
	if user == "" || parsed["IsRegisterNeeded"] != "1" {
		return switchboard.LineAccount{}, fmt.Errorf("audiocodes: port %d has no registered number in the profile", n)
	}
	host, portText, err := net.SplitHostPort(parsed["RegistrarIP"])
	if err != nil {
		return switchboard.LineAccount{}, fmt.Errorf("audiocodes: the registrar is not host:port")
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("audiocodes: the registrar has no valid port")
	}
	t, ok := transports[parsed["SIPTransportType"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("audiocodes: unknown transport")
	}
	srtp := switchboard.SRTPOff
	if parsed["EnableMediaSecurity"] == "1" {
		srtp = switchboard.SRTPOptional
		if parsed["MediaSecurityBehaviour"] == "1" {
			srtp = switchboard.SRTPMandatory
		}
	}
	acc := switchboard.LineAccount{
		Username: user, AuthName: parsed["Authentication_UserId"+row], Password: parsed["Authentication_UserPassword"+row],
		DisplayName: parsed["CallerDisplayInfo_DisplayString"+row], Registrar: host, Port: port, Transport: t, SRTP: srtp,
	}
	if px, _, err := net.SplitHostPort(parsed["ProxyIp_IpAddress[0]"]); err == nil && px != host {
		acc.Proxy = px
	}
	return acc, nil
}
