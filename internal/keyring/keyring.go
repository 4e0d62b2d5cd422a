// Package keyring seals secrets at rest with AES-256-GCM under the
// installation's master key and derives keyed hashes (HMAC-SHA-256) so that a
// secret such as an access key can be found without being stored in clear.
//
// A keyring may hold several master keys: the first seals, every one opens.
// That lets a key be rotated while nodes keep serving: each sealed secret
// names the key that sealed it, and the database records which keys it is
// sealed with (see Verify), so a node with a foreign key refuses to start
// instead of writing secrets no other node can open.
package keyring

import (
	"bytes"
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

// FileName is the master key's file inside the data directory: one key a
// line in hex, the sealing key first.
const FileName = "master.key"

// EnvVar, when set, holds the master keys as 64 hex digits each (several
// separated by commas, the sealing key first) and takes precedence over the
// file, for installations that keep keys out of the data directory.
const EnvVar = "SWITCHBOARD_MASTER_KEY"

// ErrNoKey is returned by Load when neither EnvVar nor the key file exists.
var ErrNoKey = errors.New("no master key")

// version tags the sealed format: version, key id, nonce, ciphertext. A
// secret sealed before key ids existed is nonce and ciphertext alone.
const version = 1

// idSize is the length of a key id in a sealed secret.
const idSize = 4

// checkLabel is what a key check MACs.
const checkLabel = "switchboard key check v1"

// key is one master key with what is derived from it.
type key struct {
	raw  []byte
	id   []byte
	aead cipher.AEAD
}

// Keyring implements switchboard.Keyring.
type Keyring struct {
	keys     []key
	indexKey []byte
	// source names where the keys came from, for messages.
	source string
}

// New returns a keyring over one or more master keys; the first seals. The
// lookup key is derived from the first until Verify adopts the one the
// database records.
func New(masters ...[]byte) (*Keyring, error) {
	if len(masters) == 0 {
		return nil, errors.New("no master key given")
	}
	k := &Keyring{source: "given master key"}
	for _, m := range masters {
		kk, err := newKey(m)
		if err != nil {
			return nil, err
		}
		for _, o := range k.keys {
			if bytes.Equal(o.raw, kk.raw) {
				return nil, fmt.Errorf("master key %s is given twice", kk.ID())
			}
		}
		k.keys = append(k.keys, kk)
	}
	indexKey, err := hkdf.Key(sha256.New, masters[0], nil, "switchboard index v1", 32)
	if err != nil {
		return nil, fmt.Errorf("derive index key: %w", err)
	}
	k.indexKey = indexKey
	return k, nil
}

func newKey(master []byte) (key, error) {
	if len(master) != KeySize {
		return key{}, fmt.Errorf("master key must be %d bytes, got %d", KeySize, len(master))
	}
	sealKey, err := hkdf.Key(sha256.New, master, nil, "switchboard seal v1", 32)
	if err != nil {
		return key{}, fmt.Errorf("derive seal key: %w", err)
	}
	id, err := hkdf.Key(sha256.New, master, nil, "switchboard key id v1", idSize)
	if err != nil {
		return key{}, fmt.Errorf("derive key id: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return key{}, fmt.Errorf("seal cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return key{}, fmt.Errorf("seal cipher: %w", err)
	}
	return key{raw: bytes.Clone(master), id: id, aead: aead}, nil
}

// ID names the key in messages and in the database; it reveals nothing of
// the key.
func (k key) ID() string { return hex.EncodeToString(k.id) }

// Random returns a keyring with a fresh random master key, for tests and
// throw-away data directories.
func Random() *Keyring {
	r, err := New(randomKey())
	if err != nil {
		panic(err)
	}
	return r
}

func randomKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // never fails (crypto/rand)
	return k
}

// Generate returns a keyring with a fresh random master key that Load will
// find in dir once Save has written it.
func Generate(dir string) *Keyring {
	k := Random()
	k.source = filepath.Join(dir, FileName)
	return k
}

// Load reads the master keys from EnvVar or from dir/master.key. It
// returns an error matching ErrNoKey when there are none: whether a new key
// may be made depends on the database (see Verify).
func Load(dir string) (*Keyring, error) {
	if v := os.Getenv(EnvVar); v != "" {
		k, err := parse(strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvVar, err)
		}
		k.source = EnvVar
		return k, nil
	}
	path := filepath.Join(dir, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s or %s", ErrNoKey, path, EnvVar)
	} else if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	k, err := parse(strings.Fields(string(b)))
	if err != nil {
		return nil, fmt.Errorf("master key %s is damaged: %w", path, err)
	}
	k.source = path
	return k, nil
}

func parse(lines []string) (*Keyring, error) {
	var masters [][]byte
	for _, l := range lines {
		m, err := hex.DecodeString(l)
		if err != nil || len(m) != KeySize {
			return nil, fmt.Errorf("want %d hex digits a key", 2*KeySize)
		}
		masters = append(masters, m)
	}
	return New(masters...)
}

// Source says where the keys came from: the key file's path, EnvVar or
// "given master key".
func (k *Keyring) Source() string { return k.source }

// ID names the sealing key.
func (k *Keyring) ID() string { return k.keys[0].ID() }

// IDs names every key, the sealing key first.
func (k *Keyring) IDs() []string {
	out := make([]string, len(k.keys))
	for i, kk := range k.keys {
		out[i] = kk.ID()
	}
	return out
}

// WithKey returns a keyring that also holds a new random key: first (it
// seals) when seal is set, else last (it only opens until it is moved
// first). The lookup key stays.
func (k *Keyring) WithKey(seal bool) (*Keyring, error) {
	masters := make([][]byte, 0, len(k.keys)+1)
	for _, kk := range k.keys {
		masters = append(masters, kk.raw)
	}
	if seal {
		masters = append([][]byte{randomKey()}, masters...)
	} else {
		masters = append(masters, randomKey())
	}
	n, err := New(masters...)
	if err != nil {
		return nil, err
	}
	n.indexKey, n.source = k.indexKey, k.source
	return n, nil
}

// Save writes the keys to dir/master.key (mode 0600), the sealing key
// first. It never overwrites a file unless replace is set, and then
// replaces it whole, so a reader sees the old keys or the new ones.
func (k *Keyring) Save(dir string, replace bool) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	var b strings.Builder
	for _, kk := range k.keys {
		b.WriteString(hex.EncodeToString(kk.raw) + "\n")
	}
	f, err := os.CreateTemp(dir, FileName+".*")
	if err != nil {
		return fmt.Errorf("write master key: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return fmt.Errorf("write master key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write master key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write master key: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if replace {
		err = os.Rename(f.Name(), path)
	} else {
		err = os.Link(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write master key: %w", err)
	}
	return nil
}

// Seal encrypts plaintext under the first key; the result names the key
// and carries its own random nonce.
func (k *Keyring) Seal(plaintext []byte) ([]byte, error) {
	return k.keys[0].seal(plaintext)
}

func (kk key) seal(plaintext []byte) ([]byte, error) {
	ns := kk.aead.NonceSize()
	out := make([]byte, 1+idSize+ns, 1+idSize+ns+len(plaintext)+kk.aead.Overhead())
	out[0] = version
	copy(out[1:], kk.id)
	nonce := out[1+idSize:]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return kk.aead.Seal(out, nonce, plaintext, out[:1+idSize]), nil
}

// Open decrypts what Seal produced under any key of the keyring, and
// fails if it was altered or sealed under a key the keyring lacks.
func (k *Keyring) Open(sealed []byte) ([]byte, error) {
	if len(sealed) > 1+idSize && sealed[0] == version {
		for _, kk := range k.keys {
			if bytes.Equal(sealed[1:1+idSize], kk.id) {
				if p, err := kk.open(sealed); err == nil {
					return p, nil
				}
			}
		}
	}
	// Sealed before key ids: try every key.
	for _, kk := range k.keys {
		if p, err := kk.openUntagged(sealed); err == nil {
			return p, nil
		}
	}
	return nil, fmt.Errorf("open sealed secret: altered, or sealed under a master key this node lacks (its keys: %s)", strings.Join(k.IDs(), ", "))
}

func (kk key) open(sealed []byte) ([]byte, error) {
	ns := kk.aead.NonceSize()
	h := 1 + idSize
	if len(sealed) < h+ns+kk.aead.Overhead() {
		return nil, errors.New("too short")
	}
	return kk.aead.Open(nil, sealed[h:h+ns], sealed[h+ns:], sealed[:h])
}

func (kk key) openUntagged(sealed []byte) ([]byte, error) {
	ns := kk.aead.NonceSize()
	if len(sealed) < ns+kk.aead.Overhead() {
		return nil, errors.New("too short")
	}
	return kk.aead.Open(nil, sealed[:ns], sealed[ns:], nil)
}

// Reseal returns sealed sealed again under the first key, and false with
// sealed unchanged when the first key sealed it already.
func (k *Keyring) Reseal(sealed []byte) ([]byte, bool, error) {
	if len(sealed) > 1+idSize && sealed[0] == version && bytes.Equal(sealed[1:1+idSize], k.keys[0].id) {
		return sealed, false, nil
	}
	p, err := k.Open(sealed)
	if err != nil {
		return nil, false, err
	}
	out, err := k.Seal(p)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// Index returns the keyed hash of secret used to look it up.
func (k *Keyring) Index(secret string) []byte {
	m := hmac.New(sha256.New, k.indexKey)
	m.Write([]byte(secret))
	return m.Sum(nil)
}

// Only returns a keyring of the keys named, in that order (the first
// seals), keeping the lookup key: how a key is made the sealing one or
// dropped.
func (k *Keyring) Only(ids ...string) (*Keyring, error) {
	var masters [][]byte
	for _, id := range ids {
		found := false
		for _, kk := range k.keys {
			if kk.ID() == id {
				masters, found = append(masters, kk.raw), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no master key %s among %s", id, strings.Join(k.IDs(), ", "))
		}
	}
	n, err := New(masters...)
	if err != nil {
		return nil, err
	}
	n.indexKey, n.source = k.indexKey, k.source
	return n, nil
}
