package switchboard

import (
	"encoding/csv"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Tariff is the installation's price list for calls to the public network
// (issue 16, TopStop): what a call costs decides when a charge limit is
// reached. Prices are in the minor unit of the billing currency (cents),
// like the limits. A nil Tariff prices every call at DefaultCallCost, so
// without a tariff no limit is ever reached.
type Tariff struct {
	// rules are sorted by descending prefix length: the first match is the
	// longest.
	rules []TariffRule
}

// DefaultCallCost is what a call costs without a tariff, and what a number
// no rule of the tariff matches costs: nothing. An operator who wants
// TopStop to bite gives serve a tariff, with a "+" rule for the rest of
// the world if no call may be free.
const DefaultCallCost int64 = 0

// TariffRule prices the numbers starting with Prefix: ConnectionCents
// once per answered call, and CentsPerMinute for every started minute.
type TariffRule struct {
	// Prefix is "+" and up to MaxNumberDigits digits; "+" alone matches
	// every number.
	Prefix          string
	CentsPerMinute  int64
	ConnectionCents int64
}

// NewTariff returns the tariff of rules; EINVALID for a malformed prefix,
// a price out of range or a prefix given twice.
func NewTariff(rules []TariffRule) (*Tariff, error) {
	seen := map[string]bool{}
	for _, r := range rules {
		if err := r.validate(); err != nil {
			return nil, err
		}
		if seen[r.Prefix] {
			return nil, Errorf(EINVALID, "prefix %s is priced twice", r.Prefix)
		}
		seen[r.Prefix] = true
	}
	t := &Tariff{rules: append([]TariffRule(nil), rules...)}
	sort.SliceStable(t.rules, func(i, j int) bool { return len(t.rules[i].Prefix) > len(t.rules[j].Prefix) })
	return t, nil
}

func (r TariffRule) validate() error {
	digits, ok := strings.CutPrefix(r.Prefix, "+")
	if !ok || len(digits) > MaxNumberDigits || strings.Trim(digits, "0123456789") != "" {
		return Errorf(EINVALID, "prefix %q must be + followed by up to %d digits", r.Prefix, MaxNumberDigits)
	}
	for _, v := range []int64{r.CentsPerMinute, r.ConnectionCents} {
		if v < 0 || v > MaxChargeLimit {
			return Errorf(EINVALID, "price %d for prefix %s must be 0 to %d cents", v, r.Prefix, MaxChargeLimit)
		}
	}
	return nil
}

// Rules returns the tariff's rules, longest prefix first.
func (t *Tariff) Rules() []TariffRule {
	if t == nil {
		return nil
	}
	return append([]TariffRule(nil), t.rules...)
}

// Cost is what an answered call to number (E.164) costs after talking for
// d: the connection fee and the price of every started minute of the
// rule with the longest matching prefix; DefaultCallCost when no rule
// matches. It never exceeds MaxChargeLimit.
func (t *Tariff) Cost(number string, d time.Duration) int64 {
	if t == nil {
		return DefaultCallCost
	}
	for _, r := range t.rules {
		if !strings.HasPrefix(number, r.Prefix) {
			continue
		}
		minutes := int64(0)
		if d > 0 {
			minutes = int64(d / time.Minute)
			if d%time.Minute != 0 {
				minutes++
			}
		}
		if r.CentsPerMinute > 0 && minutes > (MaxChargeLimit-r.ConnectionCents)/r.CentsPerMinute {
			return MaxChargeLimit
		}
		return r.ConnectionCents + minutes*r.CentsPerMinute
	}
	return DefaultCallCost
}

// ParseTariff reads a tariff file: CSV lines prefix,cents_per_minute and
// optionally connection_cents, lines starting with # are comments, and a
// first line naming the columns ("prefix,...") is skipped. Errors name
// the line.
func ParseTariff(r io.Reader) (*Tariff, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var rules []TariffRule
	lines := map[string]int{}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, Errorf(EINVALID, "tariff: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if first && strings.EqualFold(strings.TrimSpace(rec[0]), "prefix") {
			continue
		}
		rule, err := tariffRule(rec)
		if err != nil {
			return nil, Errorf(EINVALID, "tariff line %d: %s", line, ErrorMessage(err))
		}
		if prev, ok := lines[rule.Prefix]; ok {
			return nil, Errorf(EINVALID, "tariff line %d: prefix %s is already priced on line %d", line, rule.Prefix, prev)
		}
		lines[rule.Prefix] = line
		rules = append(rules, rule)
	}
	return NewTariff(rules)
}

// tariffRule reads one record of a tariff file.
func tariffRule(rec []string) (TariffRule, error) {
	if len(rec) < 2 || len(rec) > 3 {
		return TariffRule{}, Errorf(EINVALID, "want prefix,cents_per_minute[,connection_cents], got %d fields", len(rec))
	}
	r := TariffRule{Prefix: strings.TrimSpace(rec[0])}
	prices := []*int64{&r.CentsPerMinute, &r.ConnectionCents}
	for i, f := range rec[1:] {
		v, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return TariffRule{}, Errorf(EINVALID, "%q is not a whole number of cents", f)
		}
		*prices[i] = v
	}
	return r, r.validate()
}
