package vendorkit

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Key is one key a renderer may emit, as its vendor documents it: the
// name, the values the firmware reads (booleans, enums, numbers and time
// zones in the vendor's own encoding) and where that is written down. The
// vendor test reads every rendered profile against its family's keys, so
// a key no document names, or a value in Switchboard's encoding instead of
// the vendor's, fails there rather than on a phone.
type Key struct {
	// Name is the key; '#' stands for a number (account, key position,
	// handset slot).
	Name string
	// Value checks one value of the key.
	Value Rule
	// Source names the vendor document or public template the key and its
	// values come from, so a reader can check it.
	Source string
}

// Rule checks one value the way the firmware reads it; nil means the
// firmware accepts it.
type Rule func(v string) error

// OneOf accepts exactly the given values: an enum or a boolean written
// the vendor's way ("0"/"1", "on"/"off", "true"/"false").
func OneOf(values ...string) Rule {
	return func(v string) error {
		if slices.Contains(values, v) {
			return nil
		}
		return fmt.Errorf("%q is not one of %q", v, values)
	}
}

// Int accepts a decimal number from min to max.
func Int(min, max int) Rule {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < min || n > max {
			return fmt.Errorf("%q is not a number from %d to %d", v, min, max)
		}
		return nil
	}
}

// Text accepts printable text of at most max bytes (0: any length); an
// empty value is the vendor's empty value and is accepted too.
func Text(max int) Rule {
	return func(v string) error {
		if max > 0 && len(v) > max {
			return fmt.Errorf("%d bytes, the firmware takes at most %d", len(v), max)
		}
		if strings.ContainsFunc(v, unicode.IsControl) {
			return fmt.Errorf("%q contains a control character", v)
		}
		return nil
	}
}

// Match accepts values matching the regular expression, anchored at both
// ends.
func Match(expr string) Rule {
	re := regexp.MustCompile("^(?:" + expr + ")$")
	return func(v string) error {
		if !re.MatchString(v) {
			return fmt.Errorf("%q does not have the form %s", v, expr)
		}
		return nil
	}
}

// ListOf accepts values of r separated by sep; an empty list is accepted.
func ListOf(sep string, r Rule) Rule {
	return func(v string) error {
		if v == "" {
			return nil
		}
		for _, e := range strings.Split(v, sep) {
			if err := r(e); err != nil {
				return err
			}
		}
		return nil
	}
}

// Either accepts what any of the rules accepts.
func Either(rules ...Rule) Rule {
	return func(v string) error {
		var first error
		for _, r := range rules {
			err := r(v)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
}

// PosixTZ accepts a POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3",
// the time zone form several firmwares take.
var PosixTZ = Match(`[A-Za-z<>+\-0-9]{3,}[+\-]?[0-9]{1,2}(:[0-9]{2}){0,2}([A-Za-z<>+\-0-9]{3,}([+\-]?[0-9]{1,2}(:[0-9]{2}){0,2})?(,M[0-9]{1,2}\.[1-5]\.[0-6](/[0-9]{1,2}(:[0-9]{2}){0,2})?,M[0-9]{1,2}\.[1-5]\.[0-6](/[0-9]{1,2}(:[0-9]{2}){0,2})?)?)?`)

// Host accepts a host name or an IP address, optionally with a port.
var Host = Match(`([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?|[0-9A-Fa-f:.]+`)

// URL accepts an http or https URL.
var URL = Match(`https?://[^\s"<>]+`)
