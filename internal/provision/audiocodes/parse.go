package audiocodes

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the INI line format: ';' starts a comment.
var format = vendorkit.Lines{Vendor: Vendor, Comment: ';', Empty: "no parameter in the file"}

// Parse reads an AudioCodes INI file: "Name = value" parameters (quotes
// removed), '[Section]' lines, ';' comments, and tables between
// "[ Table ]" and "[ \Table ]" whose FORMAT line names the columns; a
// table cell becomes "<Column>[<row index>]". Anything set twice is an
// error.
func Parse(body []byte) (map[string]string, error) {
	table := ""
	var columns []string
	return format.Parse(body, func(out vendorkit.Settings, line string) error {
		switch {
		case line[0] == '[':
			name := strings.TrimSpace(strings.Trim(line, "[]"))
			if strings.HasPrefix(name, `\`) {
				table, columns = "", nil
			} else if strings.HasPrefix(line, "[ ") {
				table, columns = name, nil
			}
			return nil
		case table != "" && strings.HasPrefix(line, "FORMAT "):
			_, cols, ok := strings.Cut(strings.TrimSuffix(line, ";"), "=")
			if !ok {
				return errors.New("FORMAT without columns")
			}
			columns = splitList(cols)
			return nil
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return errors.New("not name = value")
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if table == "" {
			if k == "" || strings.ContainsAny(k, " \t") {
				return errors.New("no parameter name")
			}
			return out.Set(k, strings.Trim(v, `'"`))
		}
		return row(out, table, columns, k, v)
	})
}

// row reads the line "<table> <index> = <cell>, …;" of a table whose
// FORMAT named columns.
func row(out vendorkit.Settings, table string, columns []string, k, v string) error {
	name, idx, _ := strings.Cut(k, " ")
	if name != table || columns == nil {
		return fmt.Errorf("not a row of table %s", table)
	}
	n, err := strconv.Atoi(strings.TrimSpace(idx))
	if err != nil || n < 0 {
		return errors.New("no row index")
	}
	cells := splitList(strings.TrimSuffix(v, ";"))
	if len(cells) != len(columns) {
		return fmt.Errorf("%d values for %d columns", len(cells), len(columns))
	}
	for i, c := range cells {
		if err := out.Set(fmt.Sprintf("%s[%d]", columns[i], n), strings.Trim(c, `"`)); err != nil {
			return err
		}
	}
	return nil
}

// splitList splits a comma-separated list; values carry no commas.
func splitList(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Account extracts the account of FXS port n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	row := fmt.Sprintf("[%d]", n-1)
	user := parsed["TrunkGroup_FirstPhoneNumber"+row]
	if user == "" || parsed["IsRegisterNeeded"] != "1" {
		return switchboard.LineAccount{}, fmt.Errorf("audiocodes: port %d has no registered number in the profile", n)
	}
	host, port := vendorkit.HostPort(parsed["RegistrarIP"])
	t, _ := transportCodes.Value(parsed["SIPTransportType"])
	acc := switchboard.LineAccount{
		Username: user, AuthName: parsed["Authentication_UserId"+row], Password: parsed["Authentication_UserPassword"+row],
		DisplayName: parsed["CallerDisplayInfo_DisplayString"+row], Registrar: host, Port: port, Transport: t,
		SRTP: vendorkit.SRTPOf(parsed["EnableMediaSecurity"] == "1", parsed["MediaSecurityBehaviour"] == "1"),
	}
	if px, _ := vendorkit.HostPort(parsed["ProxyIp_IpAddress[0]"]); px != "" && px != host {
		acc.Proxy = px
	}
	return vendorkit.CheckAccount(fmt.Sprintf("audiocodes: port %d", n), acc)
}
