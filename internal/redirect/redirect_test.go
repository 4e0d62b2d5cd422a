package redirect_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

func TestParseMAC(t *testing.T) {
	for _, in := range []string{"001565ABCDEF", "00:15:65:ab:cd:ef", "00-15-65-AB-CD-EF", "0015.65ab.cdef"} {
		mac, err := redirect.ParseMAC(in)
		if err != nil || mac != "001565abcdef" {
			t.Errorf("ParseMAC(%q) = %q, %v", in, mac, err)
		}
	}
	for _, in := range []string{"", "001565abcde", "001565abcdef0", "00:15:65:ab:cd:eg", "00 15 65 ab cd ef", "００1565abcdef"} {
		_, err := redirect.ParseMAC(in)
		if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
			t.Errorf("ParseMAC(%q): %v, want a permanent EINVALID", in, err)
		}
	}
	mac := redirect.MAC("001565abcdef")
	for _, tc := range []struct {
		sep   string
		upper bool
		want  string
	}{{"", false, "001565abcdef"}, {"", true, "001565ABCDEF"}, {":", true, "00:15:65:AB:CD:EF"}, {"-", false, "00-15-65-ab-cd-ef"}} {
		if got := mac.Format(tc.sep, tc.upper); got != tc.want {
			t.Errorf("Format(%q, %v) = %q, want %q", tc.sep, tc.upper, got, tc.want)
		}
	}
}

func FuzzParseMAC(f *testing.F) {
	f.Add("00:15:65:AB:CD:EF")
	f.Add("0015.65ab.cdef")
	f.Fuzz(func(t *testing.T, in string) {
		mac, err := redirect.ParseMAC(in)
		if err != nil {
			return
		}
		again, err := redirect.ParseMAC(mac.Format(":", true))
		if err != nil || again != mac || len(mac) != 12 {
			t.Fatalf("%q parsed as %q, which reparses as %q, %v", in, mac, again, err)
		}
	})
}

// credentials is shaped like the connectors' credential structs.
type credentials struct {
	User     string
	Password redirect.Secret
}

func TestSecretsNeverPrint(t *testing.T) {
	c := credentials{User: "reseller", Password: "hunter2-secret"}
	login := redirect.Login{User: "reseller", Password: "hunter2-login"}
	var logged bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logged, nil), slog.NewTextHandler(&logged, nil)} {
		slog.New(h).Info("call", "creds", c, "password", c.Password, "login", login)
	}
	out := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", c, c, c, c.Password, login, login, login) + logged.String() +
		redirect.Unauthorized("X", fmt.Errorf("with %v", c)).Error()
	if strings.Contains(out, "hunter2") {
		t.Fatalf("secret printed: %s", out)
	}
	if !strings.Contains(out, "reseller") {
		t.Fatalf("user name lost: %s", out)
	}
	if c.Password.Reveal() != "hunter2-secret" {
		t.Fatal("Reveal does not give the secret back")
	}
}

func TestErrorsReadLikeDomainErrors(t *testing.T) {
	owned := fmt.Errorf("outbox: %w", redirect.Owned("Yealink RPS", "Yealink", "001565abcdef"))
	if switchboard.ErrorCode(owned) != switchboard.ECONFLICT || redirect.Retryable(owned) {
		t.Fatalf("owned: code %s, retryable %v", switchboard.ErrorCode(owned), redirect.Retryable(owned))
	}
	if msg := switchboard.ErrorMessage(owned); !strings.Contains(msg, "00:15:65:AB:CD:EF") || !strings.Contains(msg, "another Yealink RPS account") {
		t.Fatalf("owned message %q", msg)
	}
	cause := errors.New("dial tcp: connection refused")
	down := redirect.Unavailable("Snom SRAPS", cause)
	if !redirect.Retryable(down) || !errors.Is(down, cause) || switchboard.ErrorCode(down) != switchboard.EUNAVAILABLE {
		t.Fatalf("unavailable: %v", down)
	}
	if redirect.Retryable(errors.New("not classified")) {
		t.Fatal("an unclassified error counts as retryable")
	}
	if _, err := redirect.NoLookup("Fanvil FDPS", "0c383e000001"); !errors.Is(err, redirect.ErrNoLookup) || redirect.Retryable(err) {
		t.Fatalf("NoLookup: %v, want a permanent error wrapping ErrNoLookup", err)
	}
	if _, err := redirect.NoLookup("Fanvil FDPS", "0c383e"); switchboard.ErrorCode(err) != switchboard.EINVALID || errors.Is(err, redirect.ErrNoLookup) {
		t.Fatalf("NoLookup of a short MAC: %v, want the MAC refused", err)
	}
}
