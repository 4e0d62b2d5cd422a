package keyring

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func TestVerifyRefusesAForeignKey(t *testing.T) {
	a := Random()
	add, err := a.Verify(nil, nil)
	if err != nil || len(add) != 1 || add[0].ID != a.ID() {
		t.Fatalf("first start: %v %v, want the sealing key's check", add, err)
	}
	if bytes.Contains(add[0].MAC, a.keys[0].raw) || bytes.Contains(add[0].IndexKey, a.indexKey) {
		t.Fatal("a key check holds a key in clear")
	}
	if again, err := a.Verify(add, nil); err != nil || len(again) != 0 {
		t.Fatalf("same key again: %v %v, want nothing to add", again, err)
	}
	b := Random()
	if _, err := b.Verify(add, nil); !errors.Is(err, ErrForeignKey) || !strings.Contains(err.Error(), "copy master.key from a running node") {
		t.Fatalf("foreign key: %v, want ErrForeignKey saying what to copy", err)
	}
	sealed, _ := a.Seal([]byte("x"))
	if _, err := b.Verify(nil, sealed); !errors.Is(err, ErrForeignKey) {
		t.Fatalf("first check on secrets sealed under another key: %v, want ErrForeignKey", err)
	}
	if add, err := a.Verify(nil, sealed); err != nil || len(add) != 1 {
		t.Fatalf("first check on its own secrets: %v %v", add, err)
	}
	// A key whose id matches but whose MAC does not is foreign as well.
	forged := add[0]
	forged.MAC = bytes.Repeat([]byte{1}, len(forged.MAC))
	if _, err := a.Verify([]switchboard.KeyCheck{forged}, nil); !errors.Is(err, ErrForeignKey) {
		t.Fatalf("forged check: %v, want ErrForeignKey", err)
	}
}

// TestRotation follows a rotation: a new key is added (opens only), made
// the sealing key, secrets are resealed; the lookup key never changes.
func TestRotation(t *testing.T) {
	old := Random()
	recorded, _ := old.Verify(nil, nil)
	secret, _ := old.Seal([]byte("s"))
	index := old.Index("token")

	staged, err := old.WithKey(false)
	if err != nil {
		t.Fatal(err)
	}
	if staged.ID() != old.ID() {
		t.Fatal("a staged key seals")
	}
	promoted, err := old.WithKey(true)
	if err != nil {
		t.Fatal(err)
	}
	// A node restarted with the new key first holds every recorded key:
	// it records its own and keeps the lookup key.
	fresh, _ := New(promoted.keys[0].raw, promoted.keys[1].raw)
	add, err := fresh.Verify(recorded, nil)
	if err != nil || len(add) != 1 || add[0].ID != fresh.ID() {
		t.Fatalf("promoted key: %v %v", add, err)
	}
	recorded = append(recorded, add...)
	if !bytes.Equal(fresh.Index("token"), index) {
		t.Fatal("the lookup key changed with the master key")
	}
	newer, _ := fresh.Seal([]byte("n"))
	if _, err := old.Open(newer); err == nil {
		t.Fatal("the old key opens what the new one sealed")
	}
	resealed, changed, err := fresh.Reseal(secret)
	if err != nil || !changed {
		t.Fatalf("Reseal = %v %v", changed, err)
	}
	if _, changed, _ := fresh.Reseal(resealed); changed {
		t.Fatal("Reseal changed a secret sealed under the sealing key")
	}
	// Once the old key is dropped, only the new one remains.
	only, _ := New(fresh.keys[0].raw)
	if p, err := only.Open(resealed); err != nil || string(p) != "s" {
		t.Fatalf("resealed secret under the new key alone: %q %v", p, err)
	}
	if _, err := only.Verify(recorded, nil); !errors.Is(err, ErrMissingKey) {
		t.Fatalf("dropped a key still recorded: %v, want ErrMissingKey", err)
	}
	only.Verify(recorded[1:], nil)
	if !bytes.Equal(only.Index("token"), index) {
		t.Fatal("the lookup key is lost with the old master key")
	}
}

// TestOpensSecretsSealedBeforeKeyIDs opens the format written before key
// ids: nonce and ciphertext under the seal key derived from the master.
func TestOpensSecretsSealedBeforeKeyIDs(t *testing.T) {
	master := make([]byte, KeySize)
	rand.Read(master)
	sk, _ := hkdf.Key(sha256.New, master, nil, "switchboard seal v1", 32)
	block, _ := aes.NewCipher(sk)
	aead, _ := cipher.NewGCM(block)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	legacy := aead.Seal(bytes.Clone(nonce), nonce, []byte("old"), nil)
	k, _ := New(master)
	if p, err := k.Open(legacy); err != nil || string(p) != "old" {
		t.Fatalf("legacy secret: %q %v", p, err)
	}
	r, changed, err := k.Reseal(legacy)
	if err != nil || !changed {
		t.Fatalf("Reseal of a legacy secret = %v %v", changed, err)
	}
	if p, _ := k.Open(r); string(p) != "old" {
		t.Fatal("resealed legacy secret does not open")
	}
}
