package redirect

import (
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MAC is a hardware address as twelve lower-case hexadecimal digits, the
// form each connector rewrites into its service's notation.
type MAC string

// ParseMAC accepts the notations found on labels and in the API
// (001565abcdef, 00:15:65:AB:CD:EF, 00-15-65-ab-cd-ef, 0015.65ab.cdef) and
// fails with EINVALID for anything else, before any service is called.
func ParseMAC(s string) (MAC, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f':
			b.WriteRune(r)
		case r >= 'A' && r <= 'F':
			b.WriteRune(r + 'a' - 'A')
		case r == ':' || r == '-' || r == '.':
		default:
			return "", invalidMAC(s)
		}
	}
	if b.Len() != 12 {
		return "", invalidMAC(s)
	}
	return MAC(b.String()), nil
}

func invalidMAC(s string) *Error {
	return Errorf(switchboard.EINVALID, "The MAC address %q is not 12 hexadecimal digits; correct it on the device.", s)
}

// Format writes the MAC in upper or lower case with sep between the six
// bytes ("" for none), the notations the services ask for.
func (m MAC) Format(sep string, upper bool) string {
	s := string(m)
	if upper {
		s = strings.ToUpper(s)
	}
	if sep == "" {
		return s
	}
	parts := make([]string, 0, 6)
	for i := 0; i+2 <= len(s); i += 2 {
		parts = append(parts, s[i:i+2])
	}
	return strings.Join(parts, sep)
}
