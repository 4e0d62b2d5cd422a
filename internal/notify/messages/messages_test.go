package messages_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	now = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	env = messages.Env{Brand: "Switchboard", PortalURL: "https://portal.example.net/login"}
)

func workplace(lang string, mobile bool) *switchboard.Workplace {
	w := &switchboard.Workplace{
		ID: "wp_1", CustomerID: "cus_1", FirstName: "Jürgen", LastName: "O'Neill",
		Email: "j.oneill@kunde.example", Username: "j.oneill", Extension: "204",
		Numbers: []string{"+4930123456204", "+4930123456205"}, Package: switchboard.PackagePlus,
		Language: lang, NoMobile: true,
	}
	if mobile {
		w.Mobile, w.NoMobile = "+4915112345678", false
	}
	return w
}

func customer() *switchboard.Customer {
	return &switchboard.Customer{ID: "cus_1", Name: "Müller & Partner GmbH", AdminEmail: "it@kunde.example"}
}

func order(state switchboard.OrderState) *switchboard.Order {
	o := &switchboard.Order{ID: "ord_01jabc", CustomerID: "cus_1", WorkplaceID: "wp_1", Kind: "create_workplace",
		Items: []string{"workplace j.oneill", "package plus"}, State: state,
		CreatedAt: time.Date(2026, 11, 22, 9, 12, 0, 0, time.UTC)}
	if state == switchboard.OrderFailed {
		o.Error = "number +4930123456205 is already assigned to another workplace"
	}
	return o
}

// golden compares m with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name string, m *switchboard.Message) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "kind: %s\nchannel: %s\nto: %s\nlanguage: %s\ncustomer: %s\n", m.Kind, m.Channel, m.To, m.Language, m.CustomerID)
	if m.Subject != "" {
		fmt.Fprintf(&b, "subject: %s\n", m.Subject)
	}
	fmt.Fprintf(&b, "=== text ===\n%s\n", m.Text)
	if m.HTML != "" {
		fmt.Fprintf(&b, "=== html ===\n%s", m.HTML)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, path, b.String())
	}
}

func TestGolden(t *testing.T) {
	type build func(lang string) (*switchboard.Message, error)
	cases := []struct {
		name  string
		langs []string
		build build
	}{
		{"welcome.sms", []string{"de", "en", "fr"}, func(l string) (*switchboard.Message, error) {
			return messages.Welcome(env, workplace(l, true), now)
		}},
		{"welcome.email", []string{"de", "en", "fr"}, func(l string) (*switchboard.Message, error) {
			return messages.Welcome(env, workplace(l, false), now)
		}},
		{"initial_password.sms", []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.InitialPassword(env, workplace(l, true), "Xy7-kQ2m-p9", now)
		}},
		{"initial_password.email", []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.InitialPassword(env, workplace(l, false), "Xy7-kQ2m-p9", now)
		}},
		{"password_reset.sms", []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.PasswordReset(env, workplace(l, true), "Rt4-wZ8n-c2", now)
		}},
		{"password_reset.email", []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.PasswordReset(env, workplace(l, false), "Rt4-wZ8n-c2", now)
		}},
		{"fraud_alert", []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.FraudAlert(env, customer(), fraudDevice(), workplace(l, false), sighting("805ec0112233", "192.0.2.7", 0),
				sighting("", "203.0.113.50", 3*time.Minute), now)
		}},
		{"portal_invitation", []string{"de", "en", "fr"}, func(l string) (*switchboard.Message, error) {
			return messages.PortalInvitation(env, customer(), "https://portal.example.net/login?invite=sbi_Q7mK2", l, now)
		}},
	}
	for _, st := range []switchboard.OrderState{switchboard.OrderOpen, switchboard.OrderDone, switchboard.OrderFailed} {
		cases = append(cases, struct {
			name  string
			langs []string
			build build
		}{"order_confirmation." + string(st), []string{"de", "en"}, func(l string) (*switchboard.Message, error) {
			return messages.OrderConfirmation(env, customer(), order(st), workplace(l, true), now)
		}})
	}
	for _, tc := range cases {
		for _, lang := range tc.langs {
			t.Run(tc.name+"."+lang, func(t *testing.T) {
				m, err := tc.build(lang)
				if err != nil {
					t.Fatal(err)
				}
				if m.Language != lang {
					t.Errorf("language %s, want %s", m.Language, lang)
				}
				golden(t, tc.name+"."+lang, m)
			})
		}
	}
}

func TestPasswordGoesBySMSOnlyWithMobile(t *testing.T) {
	for _, build := range []func(*switchboard.Workplace) (*switchboard.Message, error){
		func(w *switchboard.Workplace) (*switchboard.Message, error) {
			return messages.InitialPassword(env, w, "pw-1234", now)
		},
		func(w *switchboard.Workplace) (*switchboard.Message, error) {
			return messages.PasswordReset(env, w, "pw-1234", now)
		},
	} {
		sms, err := build(workplace("de", true))
		if err != nil {
			t.Fatal(err)
		}
		if sms.Channel != switchboard.ChannelSMS || sms.To != "+4915112345678" || sms.HTML != "" || !strings.Contains(sms.Text, "pw-1234") {
			t.Errorf("with a mobile number: %s to %s, text %q", sms.Channel, sms.To, sms.Text)
		}
		mail, err := build(workplace("de", false))
		if err != nil {
			t.Fatal(err)
		}
		if mail.Channel != switchboard.ChannelEmail || mail.To != "j.oneill@kunde.example" ||
			!strings.Contains(mail.Text, "pw-1234") || !strings.Contains(mail.HTML, "pw-1234") {
			t.Errorf("without a mobile number: %s to %s", mail.Channel, mail.To)
		}
	}
	w, err := messages.Welcome(env, workplace("de", true), now)
	if err != nil {
		t.Fatal(err)
	}
	if w.Channel != switchboard.ChannelEmail || w.To != "j.oneill@kunde.example" || !strings.Contains(w.Text, "5678") {
		t.Errorf("welcome: %s to %s, must name the mobile's last digits: %q", w.Channel, w.To, w.Text)
	}
	if _, err := messages.InitialPassword(env, workplace("de", true), "", now); err == nil {
		t.Error("a password message without a password was written")
	}
}

func TestOrderConfirmationGoesToAdmin(t *testing.T) {
	m, err := messages.OrderConfirmation(env, customer(), order(switchboard.OrderDone), nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if m.To != "it@kunde.example" || m.CustomerID != "cus_1" || m.Language != "de" {
		t.Errorf("to %s, customer %s, language %s", m.To, m.CustomerID, m.Language)
	}
	if strings.Contains(m.Text, "Benutzername") {
		t.Errorf("an order without a workplace lists workplace fields:\n%s", m.Text)
	}
}

func TestLanguageFallback(t *testing.T) {
	for _, tc := range []struct{ kind, lang, want string }{
		{switchboard.MessageWelcome, "fr", "fr"},
		{switchboard.MessageInitialPassword, "fr", "en"},
		{switchboard.MessageOrderConfirmation, "fr", "en"},
		{switchboard.MessagePasswordReset, "", "de"},
		{switchboard.MessageWelcome, "it", "en"},
	} {
		if got := messages.Language(tc.kind, tc.lang); got != tc.want {
			t.Errorf("Language(%s, %q) = %s, want %s", tc.kind, tc.lang, got, tc.want)
		}
	}
	fr, err := messages.InitialPassword(env, workplace("fr", false), "pw-1234", now)
	if err != nil {
		t.Fatal(err)
	}
	en, err := messages.InitialPassword(env, workplace("en", false), "pw-1234", now)
	if err != nil {
		t.Fatal(err)
	}
	if fr.Language != "en" || fr.Text != en.Text || fr.HTML != en.HTML {
		t.Errorf("French password mail is %s, not the English one", fr.Language)
	}
}

func TestHTMLEscapesUserData(t *testing.T) {
	w := workplace("en", false)
	w.FirstName, w.LastName = "<script>alert(1)</script>", `Bob "><img src=x onerror=alert(2)>`
	c := customer()
	c.Name = "Evil <b>Corp</b>"
	o := order(switchboard.OrderFailed)
	o.Items = []string{"<iframe src=//evil.example>"}
	o.Error = "<a href=javascript:alert(3)>fix</a>"
	bad := messages.Env{PortalURL: "javascript:alert(4)"}
	var all []*switchboard.Message
	for _, build := range []func() (*switchboard.Message, error){
		func() (*switchboard.Message, error) { return messages.Welcome(bad, w, now) },
		func() (*switchboard.Message, error) { return messages.InitialPassword(bad, w, "<pw>&", now) },
		func() (*switchboard.Message, error) { return messages.PasswordReset(bad, w, "<pw>&", now) },
		func() (*switchboard.Message, error) { return messages.OrderConfirmation(bad, c, o, w, now) },
	} {
		m, err := build()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
	}
	for _, m := range all {
		for _, evil := range []string{"<script", "<img", "<b>", "<iframe", "<a href=javascript", `href="javascript`, "<pw>"} {
			if strings.Contains(m.HTML, evil) {
				t.Errorf("%s HTML contains %q unescaped", m.Kind, evil)
			}
		}
		if !strings.Contains(m.HTML, "&lt;script&gt;") {
			t.Errorf("%s HTML lost the user's (odd) first name instead of escaping it", m.Kind)
		}
		if !strings.Contains(m.Text, "<script>alert(1)</script>") {
			t.Errorf("%s plain text should carry the name as given", m.Kind)
		}
	}
}

func TestSMSFitsOneMessage(t *testing.T) {
	w := workplace("de", true)
	w.Username = "anna-lena.mueller-schmidt"
	for _, lang := range []string{"de", "en"} {
		w.Language = lang
		for _, build := range []func() (*switchboard.Message, error){
			func() (*switchboard.Message, error) { return messages.InitialPassword(env, w, "Xy7-kQ2m-p9Z4", now) },
			func() (*switchboard.Message, error) { return messages.PasswordReset(env, w, "Xy7-kQ2m-p9Z4", now) },
		} {
			m, err := build()
			if err != nil {
				t.Fatal(err)
			}
			if n := utf8.RuneCountInString(m.Text); n > 160 {
				t.Errorf("%s %s SMS has %d characters, more than one SMS: %q", m.Kind, lang, n, m.Text)
			}
		}
	}
}

// TestOrderItemsInLanguage renders the positions of orders as the
// workplace use cases store them (English words and values) in the mail's
// language; what it has no words for is shown as stored.
func TestOrderItemsInLanguage(t *testing.T) {
	o := order(switchboard.OrderOpen)
	o.Items = []string{"workplace j.oneill", "username jack", "extension 205", "number +4930123456205", "no numbers",
		"package plus", "package none → premium", "something new"}
	for lang, want := range map[string][]string{
		"de": {"- Arbeitsplatz j.oneill", "- Benutzername jack", "- Durchwahl 205", "- Rufnummer +4930123456205", "- keine Rufnummern",
			"- Konferenz Plus", "- kein Konferenzpaket → Konferenz Premium", "- something new"},
		"en": {"- Workplace j.oneill", "- Username jack", "- Extension 205", "- Number +4930123456205", "- No numbers",
			"- Conference Plus", "- no conference package → Conference Premium", "- something new"},
	} {
		m, err := messages.OrderConfirmation(env, customer(), o, workplace(lang, true), now)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range want {
			if !strings.Contains(m.Text, "\n"+line+"\n") || !strings.Contains(m.HTML, "<li>"+strings.Fields(line)[1]) {
				t.Errorf("%s: the mail does not list %q:\n%s", lang, line, m.Text)
			}
		}
	}
}
