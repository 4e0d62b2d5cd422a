package switchboard_test

import (
	"testing"
	"time"

	sb "github.com/switchboard-pbx/switchboard"
)

func TestNewMessage(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	a := sb.NewMessage(sb.MessageWelcome, sb.ChannelEmail, "anna@example.com", "de", now)
	b := sb.NewMessage(sb.MessageWelcome, sb.ChannelEmail, "anna@example.com", "de", now)
	if a.State != sb.MessagePending || !a.NextAttemptAt.Equal(now) || a.CreatedAt.Location() != time.UTC {
		t.Errorf("new message not pending and due now in UTC: %+v", a)
	}
	if a.ID == b.ID || a.Key == b.Key {
		t.Errorf("two messages share id or key: %s/%s %s/%s", a.ID, b.ID, a.Key, b.Key)
	}
	if len(a.Key) != 32 {
		t.Errorf("key %q is not 128 bits in hex", a.Key)
	}
}

func TestMessageValidate(t *testing.T) {
	now := time.Now()
	email := func() *sb.Message {
		m := sb.NewMessage(sb.MessageWelcome, sb.ChannelEmail, "anna@example.com", "en", now)
		m.Subject, m.Text = "Welcome", "Hello"
		return m
	}
	sms := func() *sb.Message {
		m := sb.NewMessage(sb.MessageInitialPassword, sb.ChannelSMS, "+4915112345678", "en", now)
		m.Text = "Your password"
		return m
	}
	for _, tc := range []struct {
		name  string
		m     *sb.Message
		field string
	}{
		{"email ok", email(), ""},
		{"sms ok", sms(), ""},
		{"unknown channel", func() *sb.Message { m := email(); m.Channel = "fax"; return m }(), "channel"},
		{"email to a number", func() *sb.Message { m := email(); m.To = "+4915112345678"; return m }(), "to"},
		{"sms to an address", func() *sb.Message { m := sms(); m.To = "anna@example.com"; return m }(), "to"},
		{"email without subject", func() *sb.Message { m := email(); m.Subject = " "; return m }(), "subject"},
		{"no text", func() *sb.Message { m := sms(); m.Text = ""; return m }(), "text"},
		{"no key", func() *sb.Message { m := email(); m.Key = ""; return m }(), "key"},
		{"key breaking the Message-ID", func() *sb.Message { m := email(); m.Key = "a>b"; return m }(), "key"},
	} {
		err := tc.m.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if sb.ErrorCode(err) != sb.EINVALID || sb.ErrorField(err) != tc.field {
			t.Errorf("%s: got %v, want invalid %s", tc.name, err, tc.field)
		}
	}
}
