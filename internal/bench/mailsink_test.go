package bench

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
)

// TestMailSinkTakesServeMail sends through the SMTP sender serve uses,
// configured with the sink's URL as the benchmark passes it to --smtp: the
// sink records each message under its recipient, in the order sent.
func TestMailSinkTakesServeMail(t *testing.T) {
	sink, err := StartMailSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	snd, err := smtp.New(smtp.Config{URL: sink.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, to := range []string{"Anna@Example.test", "anna@example.test", "bernd@example.test"} {
		m := switchboard.NewMessage(switchboard.MessageWelcome, switchboard.ChannelEmail, to, "en", now)
		m.Subject, m.Text = "Welcome", "Hello"
		if err := snd.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if n := sink.Total(); n != 3 {
		t.Errorf("sink counted %d mails, want 3", n)
	}
	anna, bernd := sink.Arrivals("anna@example.test"), sink.Arrivals("bernd@example.test")
	if len(anna) != 2 || len(bernd) != 1 || anna[1].Before(anna[0]) || bernd[0].Before(anna[1]) {
		t.Errorf("arrivals: anna %v, bernd %v; want two for anna, then one for bernd", anna, bernd)
	}
}

// TestOrdersReport computes the figures from known times: welcome latency
// from each workplace's creation to its first mail, first and last welcome
// and last mail from the start.
func TestOrdersReport(t *testing.T) {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	addr := func(i int) string { return []string{"a@x.test", "b@x.test", "c@x.test", "d@x.test"}[i] }
	sink := &MailSink{arrived: map[string][]time.Time{
		"a@x.test": {at(300), at(350)}, "b@x.test": {at(1200), at(1300)},
		"c@x.test": {at(900), at(5000)}, "d@x.test": {at(2100), at(2200)}, "admin@x.test": {at(6000)},
	}, total: 9}
	created := []time.Time{at(100), at(200), at(300), at(400)}
	r, err := Orders{Sink: sink, Workplaces: 4}.report(start, created, addr, "admin@x.test")
	if err != nil {
		t.Fatal(err)
	}
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	want := OrdersReport{Workplaces: 4, Created: ms(400), FirstWelcome: ms(300), LastWelcome: ms(2100), LastMail: ms(6000),
		P50: ms(600), P99: ms(1700), Max: ms(1700), Mails: 9}
	if r != want {
		t.Errorf("report\n%+v, want\n%+v", r, want)
	}
}
