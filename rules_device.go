package switchboard

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"
)

// macSeparators are what people write between a MAC's digits; built once,
// as a Replacer builds its tables on first use.
var macSeparators = strings.NewReplacer(":", "", "-", "", ".", "")

// CanonicalMAC accepts a MAC address as 12 hex digits, optionally separated
// by ':', '-' or '.', in any case, and returns the 12 digits in lower case.
func CanonicalMAC(v string) (string, error) {
	s := macSeparators.Replace(strings.TrimSpace(v))
	if len(s) != 12 {
		return "", FieldErrorf("mac", "MAC %q must have 12 hexadecimal digits", v)
	}
	s = strings.ToLower(s)
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", FieldErrorf("mac", "MAC %q may contain only hexadecimal digits (0-9, a-f) and ':' or '-'", v)
		}
	}
	if s == "000000000000" || s == "ffffffffffff" {
		return "", FieldErrorf("mac", "MAC %q is not the address of a device", v)
	}
	return s, nil
}

// ValidateDevicePassword checks an admin or web password set by hand:
// 4 to 9 digits, nothing else (seed 004).
func ValidateDevicePassword(field, v string) error {
	if len(v) < 4 || len(v) > 9 {
		return FieldErrorf(field, "%s must be 4 to 9 digits", field)
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return FieldErrorf(field, "%s must contain only digits (4 to 9)", field)
		}
	}
	return nil
}

// HandsetPIN is the 4-digit code DECT handsets type to register with a
// base. It is derived from the base's access key, so it needs no storage,
// differs from base to base, changes when the key is renewed, and never
// is a factory default such as 0000 (it is 1000 to 9999). Four digits
// tell nothing about the 48-digit key.
func HandsetPIN(accessKey string) string {
	sum := sha256.Sum256([]byte("switchboard handset pin\x00" + accessKey))
	return strconv.Itoa(1000 + int(binary.BigEndian.Uint32(sum[:4])%9000))
}
