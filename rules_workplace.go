package switchboard

import (
	"fmt"
	"strings"
	"time"
)

// ValidateUsername applies seed 001's rule: at least five characters, lower-case
// letters a–z and digits, '_', '-' and '.' only between two letters or digits,
// starting and ending with a letter or digit, no umlauts.
func ValidateUsername(v string) error {
	if len(v) < 5 {
		return FieldErrorf("username", "username must be at least 5 characters long")
	}
	if len(v) > 64 {
		return FieldErrorf("username", "username must be at most 64 characters long")
	}
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case alnum(c):
		case c == '_' || c == '-' || c == '.':
			if i == 0 || i == len(v)-1 {
				return FieldErrorf("username", "username must start and end with a letter or digit")
			}
			if !alnum(v[i-1]) || !alnum(v[i+1]) {
				return FieldErrorf("username", "username may use '_', '-' and '.' only with a letter or digit on both sides")
			}
		case c >= 'A' && c <= 'Z':
			return FieldErrorf("username", "username must be lower-case")
		default:
			return FieldErrorf("username", "username may contain only the letters a-z (no umlauts), digits, '_', '-' and '.'")
		}
	}
	return nil
}

// MaxNumberDigits is the longest number allowed, country code included:
// 12 national digits after +49 (seed 001).
const MaxNumberDigits = 14

// numberSeparators are what people write between a number's digits.
var numberSeparators = strings.NewReplacer(" ", "", "-", "", "/", "", "(", "", ")", "")

// CanonicalE164 accepts a number as "+49 30 1234567", "+49-30-1234567" or
// "0049301234567" and returns it as "+49301234567".
func CanonicalE164(field, v string) (string, error) {
	s := numberSeparators.Replace(strings.TrimSpace(v))
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	if !strings.HasPrefix(s, "+") {
		return "", FieldErrorf(field, "number %q must be in international form starting with + and the country code", v)
	}
	digits := s[1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", FieldErrorf(field, "number %q may contain only digits after the +", v)
		}
	}
	if len(digits) < 6 || digits[0] == '0' {
		return "", FieldErrorf(field, "number %q is too short or has no country code", v)
	}
	if len(digits) > MaxNumberDigits {
		return "", FieldErrorf(field, "number %q has %d digits; at most %d are allowed including the country code", v, len(digits), MaxNumberDigits)
	}
	return s, nil
}

// ValidateMobile checks the contact for the initial password: a mobile
// number in E.164, or none with "authentication without mobile number".
func ValidateMobile(mobile string, noMobile bool) error {
	if noMobile {
		if mobile != "" {
			return FieldErrorf("mobile", "give either a mobile number or no_mobile, not both")
		}
		return nil
	}
	if mobile == "" {
		return FieldErrorf("mobile", "a mobile number is required unless no_mobile is set (password by e-mail)")
	}
	_, err := CanonicalE164("mobile", mobile)
	return err
}

// ValidateExtension applies seed 001's rules for internal numbers: digits
// only; not starting with 77 or 78 (reserved for features); not five digits
// starting with 118; not starting with 110 or 112 (emergency).
func ValidateExtension(v string) error {
	if v == "" {
		return FieldErrorf("extension", "extension is required")
	}
	if len(v) > 8 {
		return FieldErrorf("extension", "extension must be at most 8 digits")
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return FieldErrorf("extension", "extension must contain only digits")
		}
	}
	switch {
	case strings.HasPrefix(v, "77") || strings.HasPrefix(v, "78"):
		return FieldErrorf("extension", "extensions starting with 77 or 78 are reserved for features")
	case len(v) == 5 && strings.HasPrefix(v, "118"):
		return FieldErrorf("extension", "five-digit extensions starting with 118 are not allowed (directory services)")
	case strings.HasPrefix(v, "110") || strings.HasPrefix(v, "112"):
		return FieldErrorf("extension", "extensions starting with 110 or 112 are not allowed (emergency numbers)")
	}
	return nil
}

// InternalNumberLength is a customer's internal number length: the length
// of its longest extension, 0 when it has none.
func InternalNumberLength(extensions []string) int {
	n := 0
	for _, e := range extensions {
		n = max(n, len(e))
	}
	return n
}

// Package is a conference package (seed 001 "Konferenzpaket").
type Package string

// Packages in ascending order of what they include.
const (
	PackageNone    Package = "none"
	PackageBasic   Package = "basic"
	PackagePlus    Package = "plus"
	PackagePremium Package = "premium"
)

func (p Package) rank() int {
	switch p {
	case PackageNone:
		return 0
	case PackageBasic:
		return 1
	case PackagePlus:
		return 2
	case PackagePremium:
		return 3
	}
	return -1
}

// Valid reports whether p is a known package.
func (p Package) Valid() bool { return p.rank() >= 0 }

// MinimumTerm is how long a package must be kept before a downgrade or a
// cancellation (seed 001: 30 days).
const MinimumTerm = 30 * 24 * time.Hour

// CheckPackageChange applies seed 001's rule: an upgrade is possible at any
// time; a downgrade or cancellation only once the minimum term since the
// current package was booked has passed. now is passed in so the rule is
// testable and never reads the clock.
func CheckPackageChange(from, to Package, bookedAt, now time.Time) error {
	if !to.Valid() {
		return FieldErrorf("package", "package must be one of none, basic, plus, premium")
	}
	if to.rank() >= from.rank() || from == PackageNone {
		return nil
	}
	possible := bookedAt.Add(MinimumTerm)
	if now.Before(possible) {
		return &Error{Code: ECONFLICT, Field: "package", Message: fmt.Sprintf(
			"the %s package was booked on %s; a downgrade or cancellation is possible from %s (minimum term 30 days)",
			from, bookedAt.UTC().Format("2006-01-02"), possible.UTC().Format("2006-01-02"))}
	}
	return nil
}
