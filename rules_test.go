package switchboard_test

import (
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	sb "github.com/switchboard-pbx/switchboard"
)

// check asserts that err is nil when wantOK, and otherwise an EINVALID (or
// the given code) whose message contains want.
func check(t *testing.T, name string, err error, wantOK bool, want string) {
	t.Helper()
	if wantOK {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s: accepted, want error containing %q", name, want)
		return
	}
	if !strings.Contains(sb.ErrorMessage(err), want) {
		t.Errorf("%s: error %q does not name the rule %q", name, sb.ErrorMessage(err), want)
	}
}

// TestTextRules holds each rule on one text field to its cases: want is
// what the refusal must name, empty for an input the rule accepts.
func TestTextRules(t *testing.T) {
	for _, r := range []struct {
		name  string
		rule  func(string) error
		cases []struct{ in, want string }
	}{
		{"username", sb.ValidateUsername, []struct{ in, want string }{
			{"anna5", ""},
			{"anna.schmidt", ""},
			{"a_b-c.d", ""},
			{"12345", ""},
			{"anna", "at least 5"},
			{"", "at least 5"},
			{"Anna.Schmidt", "lower-case"},
			{"jürgen", "no umlauts"},
			{"anna schmidt", "only the letters"},
			{"anna@home", "only the letters"},
			{".annas", "start and end"},
			{"annas-", "start and end"},
			{"anna..schmidt", "both sides"},
			{"anna._schmidt", "both sides"},
			{strings.Repeat("a", 65), "at most 64"},
		}},
		{"extension", sb.ValidateExtension, []struct{ in, want string }{
			{"10", ""},
			{"200", ""},
			{"1180", ""},   // four digits starting 118 are fine
			{"118000", ""}, // six digits starting 118 are fine
			{"11", ""},
			{"7", ""},
			{"77", "77 or 78"},
			{"7812", "77 or 78"},
			{"11833", "118"},
			{"110", "110 or 112"},
			{"1125", "110 or 112"},
			{"12a", "only digits"},
			{"", "required"},
			{"123456789", "at most 8"},
		}},
		{"device password", func(s string) error { return sb.ValidateDevicePassword("admin_password", s) }, []struct{ in, want string }{
			{"1234", ""},
			{"123456789", ""},
			{"123", "4 to 9"},
			{"1234567890", "4 to 9"},
			{"12a4", "only digits"},
			{"", "4 to 9"},
		}},
		{"NTP servers (comma-separated here)", func(s string) error {
			var list []string
			if s != "" {
				list = strings.Split(s, ",")
			}
			return sb.ValidateNTPServers("ntp_servers", list)
		}, []struct{ in, want string }{
			{"", ""},
			{"pool.ntp.org", ""},
			{"ntp1.example.net,192.0.2.1,2001:db8::123", ""},
			{"a.example,b.example,c.example,d.example", ""},
			{"a.example,b.example,c.example,d.example,e.example", "at most 4"},
			{"ntp.example,ntp.example", "twice"},
			{"ntp_server", "neither a host name"},
			{"NTP.Example", "neither a host name"},
		}},
		{"name", func(s string) error { return sb.ValidateName("name", s) }, []struct{ in, want string }{
			{"Acme GmbH", ""},
			{"Jürgen Müller", ""},
			{"شركة أكمي", ""}, // right-to-left script without formatting characters
			{"Élodie O'Brien-Smith", ""},
			{"  ", "required"},
			{"a\x00b", "control characters"},
			{"Acme\nGmbH", "control characters"},
			{strings.Repeat("a", 201), "at most 200"},
			// Bidirectional formatting characters reorder what follows, so a
			// name displays as something it is not ("Acme\u202egnp.exe").
			{"Acme\u202egnp.exe", "U+202E"},
			{"Acme\u202aX", "bidirectional"},
			{"Acme\u202bX", "bidirectional"},
			{"Acme\u202cX", "bidirectional"},
			{"Acme\u202dX", "bidirectional"},
			{"Acme\u2066X", "bidirectional"},
			{"Acme\u2067X", "bidirectional"},
			{"Acme\u2068X", "bidirectional"},
			{"Acme\u2069X", "bidirectional"},
			{"Acme\u200eX", "bidirectional"},
			{"Acme\u200fX", "bidirectional"},
			{"Acme\u061cX", "bidirectional"},
		}},
		{"text (an address)", func(s string) error { return sb.ValidateText("address", s) }, []struct{ in, want string }{
			{"", ""},
			{"Hauptstr. 1", ""},
			{"Marktplatz 1, 53111 Bonn", ""},
			{"Hauptstr. 1\n10115 Berlin", "control characters"},
			{"Hauptstr.\u202e1", "U+202E"},
			{"Berlin\u2066", "bidirectional"},
			{strings.Repeat("a", 201), "at most 200"},
		}},
		{"resync minutes", func(s string) error {
			n, _ := strconv.Atoi(s)
			return sb.ValidateResyncMinutes("resync_minutes", n)
		}, []struct{ in, want string }{
			{"0", ""},
			{"15", ""},
			{"1440", ""},
			{"10080", ""},
			{"14", "15 to 10080"},
			{"10081", "15 to 10080"},
			{"-5", "15 to 10080"},
		}},
	} {
		t.Run(r.name, func(t *testing.T) {
			for _, tc := range r.cases {
				check(t, tc.in, r.rule(tc.in), tc.want == "", tc.want)
			}
		})
	}
}

// TestCanonicalForms holds each canonicaliser to its cases: out is the
// canonical form, want what a refusal must name.
func TestCanonicalForms(t *testing.T) {
	for _, c := range []struct {
		name  string
		canon func(string) (string, error)
		cases []struct{ in, out, want string }
	}{
		{"E.164", func(s string) (string, error) { return sb.CanonicalE164("number", s) }, []struct{ in, out, want string }{
			{"+49301234567", "+49301234567", ""},
			{"+49 30 1234567", "+49301234567", ""},
			{"0049-30-1234567", "+49301234567", ""},
			{"+49 (30) 123/4567", "+49301234567", ""},
			{"+49123456789012", "+49123456789012", ""}, // 14 digits: 12 national after +49
			{"+491234567890123", "", "at most 14"},     // 15 digits
			{"030 1234567", "", "international form"},
			{"+49 30 12a4567", "", "only digits"},
			{"+0301234567", "", "no country code"},
			{"+4912", "", "too short"},
			{"", "", "international form"},
		}},
		{"MAC", sb.CanonicalMAC, []struct{ in, out, want string }{
			{"00:15:65:BD:56:D4", "001565bd56d4", ""},
			{"00-15-65-bd-56-d4", "001565bd56d4", ""},
			{"001565bd56d4", "001565bd56d4", ""},
			{"0015.65bd.56d4", "001565bd56d4", ""},
			{"001565bd56", "", "12 hexadecimal"},
			{"001565bd56g4", "", "only hexadecimal"},
			{"00:00:00:00:00:00", "", "not the address"},
			{"ff:ff:ff:ff:ff:ff", "", "not the address"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, tc := range c.cases {
				got, err := c.canon(tc.in)
				check(t, tc.in, err, tc.want == "", tc.want)
				if got != tc.out {
					t.Errorf("%q: got %q, want %q", tc.in, got, tc.out)
				}
			}
		})
	}
}

func TestInternalNumberLength(t *testing.T) {
	if n := sb.InternalNumberLength([]string{"10", "2000", "300"}); n != 4 {
		t.Errorf("got %d, want 4 (longest extension)", n)
	}
	if n := sb.InternalNumberLength(nil); n != 0 {
		t.Errorf("got %d for no extensions, want 0", n)
	}
}

func TestValidateEmailPair(t *testing.T) {
	for _, tc := range []struct {
		email, confirm string
		want           string
	}{
		{"anna@example.com", "anna@example.com", ""},
		{"anna@example.com", "anna@example.org", "does not match"},
		{"anna@example.com", "", "does not match"},
		{"", "", "required"},
		{"anna", "anna", "e-mail address"},
		{"Anna <anna@example.com>", "Anna <anna@example.com>", "e-mail address"},
		{"anna@localhost", "anna@localhost", "e-mail address"},
	} {
		check(t, tc.email+"/"+tc.confirm, sb.ValidateEmailPair(tc.email, tc.confirm), tc.want == "", tc.want)
	}
}

func TestValidateMobile(t *testing.T) {
	for _, tc := range []struct {
		mobile   string
		noMobile bool
		want     string
	}{
		{"+491701234567", false, ""},
		{"", true, ""},
		{"", false, "required unless no_mobile"},
		{"+491701234567", true, "not both"},
		{"01701234567", false, "international form"},
	} {
		check(t, tc.mobile, sb.ValidateMobile(tc.mobile, tc.noMobile), tc.want == "", tc.want)
	}
}

func TestCheckPackageChange(t *testing.T) {
	booked := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		from, to sb.Package
		now      time.Time
		want     string
	}{
		{sb.PackageNone, sb.PackagePremium, booked, ""},
		{sb.PackageBasic, sb.PackagePlus, booked.Add(time.Hour), ""},
		{sb.PackagePlus, sb.PackagePlus, booked, ""},
		{sb.PackagePremium, sb.PackagePlus, booked.Add(29 * 24 * time.Hour), "possible from 2026-03-31"},
		{sb.PackageBasic, sb.PackageNone, booked.Add(10 * 24 * time.Hour), "possible from 2026-03-31"},
		{sb.PackagePremium, sb.PackagePlus, booked.Add(30 * 24 * time.Hour), ""},
		{sb.PackagePremium, sb.PackageNone, booked.Add(45 * 24 * time.Hour), ""},
		{sb.PackageBasic, sb.Package("gold"), booked, "must be one of"},
	} {
		err := sb.CheckPackageChange(tc.from, tc.to, booked, tc.now)
		check(t, string(tc.from)+"->"+string(tc.to), err, tc.want == "", tc.want)
		if tc.want != "" && strings.Contains(tc.want, "possible") && sb.ErrorCode(err) != sb.ECONFLICT {
			t.Errorf("%s->%s: code %s, want conflict", tc.from, tc.to, sb.ErrorCode(err))
		}
	}
}

func TestAllowList(t *testing.T) {
	a := sb.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24", "2001:db8::/32"}}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{
		"192.0.2.7": true, "::ffff:192.0.2.7": true, "198.51.100.1": false, "2001:db8::1": true, "2001:db9::1": false,
	} {
		if got := a.Allows(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Allows(%s) = %v, want %v", addr, got, want)
		}
	}
	if !(sb.AllowList{}).Allows(netip.MustParseAddr("203.0.113.9")) {
		t.Error("a disabled list must allow every address")
	}
	check(t, "bad cidr", sb.AllowList{CIDRs: []string{"192.0.2.0/33"}}.Validate(), false, "CIDR")
	check(t, "empty enabled", sb.AllowList{Enabled: true}.Validate(), false, "at least one network")
}

func TestValidateTextFields(t *testing.T) {
	check(t, "domain ok", sb.ValidateDomain("sip_domain", "acme.sip.example.net"), true, "")
	check(t, "domain upper", sb.ValidateDomain("sip_domain", "Acme.example"), false, "not a valid domain")
	check(t, "domain dash", sb.ValidateDomain("sip_domain", "-acme.example"), false, "not a valid domain")
	check(t, "name empty", sb.ValidateName("name", "  "), false, "required")
	check(t, "name control", sb.ValidateName("name", "a\x00b"), false, "control characters")
	check(t, "tz ok", sb.ValidateTimeZone("time_zone", "Europe/Berlin"), true, "")
	check(t, "tz bad", sb.ValidateTimeZone("time_zone", "Mars/Olympus"), false, "IANA time zone")
	check(t, "lang", sb.ValidateLanguage("language", "it"), false, "one of de, en, fr")
}

func TestTokenScope(t *testing.T) {
	for _, tc := range []struct {
		tok  sb.Token
		want string
	}{
		{sb.Token{Role: sb.RoleOperator}, ""},
		{sb.Token{Role: sb.RoleOperator, CustomerID: "c"}, "not tied"},
		{sb.Token{Role: sb.RoleAdmin, CustomerID: "c"}, ""},
		{sb.Token{Role: sb.RoleAdmin}, "needs the customer"},
		{sb.Token{Role: sb.RoleUser, CustomerID: "c", WorkplaceID: "w"}, ""},
		{sb.Token{Role: sb.RoleUser, CustomerID: "c"}, "needs its customer and workplace"},
		{sb.Token{Role: "root"}, "role must be"},
	} {
		check(t, string(tc.tok.Role), tc.tok.Validate(), tc.want == "", tc.want)
	}
}

func TestPrincipalScope(t *testing.T) {
	admin := sb.Principal{Role: sb.RoleAdmin, CustomerID: "a"}
	user := sb.Principal{Role: sb.RoleUser, CustomerID: "a", WorkplaceID: "w1"}
	if !admin.CanAdminister("a") || admin.CanAdminister("b") {
		t.Error("admin scope wrong")
	}
	if user.CanAdminister("a") {
		t.Error("a user must not administer its customer")
	}
	if !user.CanSeeWorkplace("a", "w1") || user.CanSeeWorkplace("a", "w2") || user.CanSeeWorkplace("b", "w1") {
		t.Error("user workplace scope wrong")
	}
	if !sb.System.CanAdminister("anything") {
		t.Error("system must administer every customer")
	}
}

func TestErrorHelpers(t *testing.T) {
	err := sb.FieldErrorf("mac", "bad")
	if sb.ErrorCode(err) != sb.EINVALID || sb.ErrorField(err) != "mac" || sb.ErrorMessage(err) != "bad" {
		t.Errorf("field error not reported: %v", err)
	}
	wrapped := fmtErr(err)
	if sb.ErrorCode(wrapped) != sb.EINVALID {
		t.Error("wrapped application error lost its code")
	}
	plain := errorString("db: connection reset")
	if sb.ErrorCode(plain) != sb.EINTERNAL || strings.Contains(sb.ErrorMessage(plain), "connection") {
		t.Error("non-application error must be internal with a generic message")
	}
	if sb.ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
	if sb.Severity(fmtErr(sb.Errorf(sb.EUNAVAILABLE, "database down"))) != slog.LevelWarn || sb.Severity(plain) != slog.LevelError {
		t.Error("an outage must be logged as a warning, anything else as an error")
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := sb.NewID("dev", t0), sb.NewID("dev", t0.Add(time.Millisecond))
	if !strings.HasPrefix(a, "dev_") || !(a < b) {
		t.Errorf("ids %q, %q: want prefix and time order", a, b)
	}
	if sb.NewID("dev", t0) == sb.NewID("dev", t0) {
		t.Error("two ids at the same instant are equal")
	}
}

// TestPageCursor: a page's cursor is what a list hands out as next (an id,
// or a number in E.164 for numbers), or empty; anything else is refused.
func TestPageCursor(t *testing.T) {
	id := sb.NewID("site", time.Now())
	for _, after := range []string{"", id, sb.NewID("evt", time.Time{}), "+49301234500"} {
		check(t, after, sb.Page{After: after}.Validate(), true, "")
	}
	for _, after := range []string{"garbage", "site_", "_" + id[5:], "Site" + id[4:], id + "0", id[:len(id)-1], "site_" + strings.Repeat("i", 26),
		"+49 30 1234500", "0049301234500", "+0301234", "' OR 1=1 --", "\x00"} {
		check(t, after, sb.Page{After: after}.Validate(), false, "not a cursor")
	}
}

func TestHandsetPIN(t *testing.T) {
	seen := map[string]bool{}
	for i := range 200 {
		key := fmt.Sprintf("%048x", i*7919)
		pin := sb.HandsetPIN(key)
		if len(pin) != 4 || pin[0] == '0' || strings.Trim(pin, "0123456789") != "" {
			t.Fatalf("PIN %q of key %d is not 4 digits from 1000 to 9999", pin, i)
		}
		if pin != sb.HandsetPIN(key) {
			t.Fatal("the PIN of a key changes")
		}
		seen[pin] = true
	}
	if len(seen) < 150 {
		t.Errorf("200 keys gave only %d different PINs", len(seen))
	}
}
