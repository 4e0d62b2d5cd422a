package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
)

// TestMessageBodiesSealed writes a message carrying a password and searches
// the database files for it: bodies are sealed, the recipient is not.
func TestMessageBodiesSealed(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, filepath.Join(dir, "sb.db"), keyring.Random())
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna.schmidt@example.com", "de", time.Now())
	m.Subject, m.Text, m.HTML = "Passwort", "Ihr Passwort: pw-text-7c1e", "<p>Ihr Passwort: pw-html-4d2a</p>"
	if err := db.Update(context.Background(), func(tx switchboard.Tx) error { return tx.CreateMessage(m) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "sb.db*"))
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	if !bytes.Contains(all, []byte("anna.schmidt@example.com")) {
		t.Fatal("the recipient is not visible either; the search proves nothing")
	}
	for _, s := range []string{"pw-text-7c1e", "pw-html-4d2a"} {
		if bytes.Contains(all, []byte(s)) {
			t.Errorf("message body %q stored in clear", s)
		}
	}
}
