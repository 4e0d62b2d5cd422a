package postgres_test

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// TestMessageBodiesSealed writes a message carrying a password and reads
// the rows as text: bodies are sealed, the recipient is not.
func TestMessageBodiesSealed(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db := openAt(t, url, keyring.Random())
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna.schmidt@example.com", "de", time.Now())
	m.Subject, m.Text, m.HTML = "Passwort", "Ihr Passwort: pw-text-7c1e", "<p>Ihr Passwort: pw-html-4d2a</p>"
	if err := db.Update(ctx, func(tx switchboard.Tx) error { return tx.CreateMessage(m) }); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var row string
	if err := conn.QueryRow(ctx, `SELECT t::text FROM messages t`).Scan(&row); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "anna.schmidt@example.com") {
		t.Fatal("the recipient is not visible either; the search proves nothing")
	}
	for _, s := range []string{"pw-text-7c1e", "pw-html-4d2a"} {
		if strings.Contains(row, s) || strings.Contains(row, hex.EncodeToString([]byte(s))) {
			t.Errorf("message body %q stored in clear", s)
		}
	}
}
