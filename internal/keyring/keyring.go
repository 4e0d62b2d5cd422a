// Package keyring seals secrets at rest with AES-256-GCM under the
// installation's master key and derives keyed hashes (HMAC-SHA-256) so that a
// secret such as an access key can be found without being stored in clear.
package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// FileName is the master key's file inside the data directory.
const FileName = "master.key"

// EnvVar, when set, holds the master key as 64 hex digits and takes
// precedence over the file, for installations that keep keys out of the data
// directory.
const EnvVar = "SWITCHBOARD_MASTER_KEY"

// Keyring implements switchboard.Keyring.
type Keyring struct {
	aead     cipher.AEAD
	indexKey []byte
}

// New derives the sealing and indexing keys from a master key.
func New(master []byte) (*Keyring, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("master key must be %d bytes, got %d", KeySize, len(master))
	}
	sealKey, err := hkdf.Key(sha256.New, master, nil, "switchboard seal v1", 32)
	if err != nil {
		return nil, fmt.Errorf("derive seal key: %w", err)
	}
	indexKey, err := hkdf.Key(sha256.New, master, nil, "switchboard index v1", 32)
	if err != nil {
		return nil, fmt.Errorf("derive index key: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, fmt.Errorf("seal cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("seal cipher: %w", err)
	}
	return &Keyring{aead: aead, indexKey: indexKey}, nil
}

// Random returns a keyring with a fresh random master key, for tests and
// throw-away data directories.
func Random() *Keyring {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k)
	r, err := New(k)
	if err != nil {
		panic(err)
	}
	return r
}

// Load reads the master key from EnvVar or from dir/master.key, creating the
// file (mode 0600) with a new random key when neither exists.
func Load(dir string) (*Keyring, error) {
	if v := os.Getenv(EnvVar); v != "" {
		k, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s must be %d hex digits: %w", EnvVar, 2*KeySize, err)
		}
		return New(k)
	}
	path := filepath.Join(dir, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		k := make([]byte, KeySize)
		if _, err := rand.Read(k); err != nil {
			return nil, fmt.Errorf("generate master key: %w", err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create master key: %w", err)
		}
		if _, err := f.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
			f.Close()
			return nil, fmt.Errorf("write master key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("write master key: %w", err)
		}
		return New(k)
	} else if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("master key %s is damaged (want %d hex digits): %w", path, 2*KeySize, err)
	}
	return New(k)
}

// Seal encrypts plaintext; the result carries its own random nonce.
func (k *Keyring) Seal(plaintext []byte) ([]byte, error) {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return k.aead.Seal(nonce, nonce, plaintext, nil), nil
}

// Open decrypts what Seal produced and fails if it was altered or sealed
// under another master key.
func (k *Keyring) Open(sealed []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n+k.aead.Overhead() {
		return nil, errors.New("open sealed secret: too short")
	}
	p, err := k.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, fmt.Errorf("open sealed secret (wrong master key?): %w", err)
	}
	return p, nil
}

// Index returns the keyed hash of secret used to look it up.
func (k *Keyring) Index(secret string) []byte {
	m := hmac.New(sha256.New, k.indexKey)
	m.Write([]byte(secret))
	return m.Sum(nil)
}
