package keyring

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	k := Random()
	s1, err := k.Seal([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := k.Seal([]byte("secret"))
	if bytes.Equal(s1, s2) {
		t.Fatal("two seals of the same secret are equal; nonce not random")
	}
	if bytes.Contains(s1, []byte("secret")) {
		t.Fatal("sealed text contains the plaintext")
	}
	p, err := k.Open(s1)
	if err != nil || string(p) != "secret" {
		t.Fatalf("Open = %q, %v", p, err)
	}
	s1[len(s1)-1] ^= 1
	if _, err := k.Open(s1); err == nil {
		t.Fatal("altered ciphertext opened")
	}
	if _, err := Random().Open(s2); err == nil {
		t.Fatal("ciphertext opened under another master key")
	}
}

func TestIndexIsKeyed(t *testing.T) {
	a, b := Random(), Random()
	if !bytes.Equal(a.Index("k"), a.Index("k")) {
		t.Fatal("index not deterministic")
	}
	if bytes.Equal(a.Index("k"), b.Index("k")) {
		t.Fatal("index does not depend on the master key")
	}
	if bytes.Equal(a.Index("k"), a.Index("l")) {
		t.Fatal("different secrets share an index")
	}
}

func TestSaveWritesFileOnceWithMode0600(t *testing.T) {
	t.Setenv(EnvVar, "")
	dir := t.TempDir()
	if _, err := Load(dir); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Load on an empty directory = %v, want ErrNoKey (and no key made)", err)
	}
	k1 := Generate(dir)
	if err := k1.Save(dir, false); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("master key mode = %v, want 0600", fi.Mode().Perm())
	}
	if err := Random().Save(dir, false); err == nil {
		t.Fatal("Save overwrote an existing key file")
	}
	sealed, _ := k1.Seal([]byte("x"))
	k2, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := k2.Open(sealed); err != nil || string(p) != "x" {
		t.Fatalf("reloaded key cannot open: %q %v", p, err)
	}
}

func TestLoadRejectsDamagedKey(t *testing.T) {
	t.Setenv(EnvVar, "")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("nothex"), 0o600)
	if _, err := Load(dir); err == nil {
		t.Fatal("damaged key accepted")
	}
	t.Setenv(EnvVar, "abcd")
	if _, err := Load(t.TempDir()); err == nil {
		t.Fatal("short key from environment accepted")
	}
}
