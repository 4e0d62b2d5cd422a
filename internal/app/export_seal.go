package app

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SealedSecrets is ExportSecrets encrypted with AES-256-GCM under a key
// derived from the caller's passphrase with Argon2id (RFC 9106); the
// parameters travel with the file. The additional data binds the
// ciphertext to the format, version and customer id, so the section cannot
// be moved into another export.
type SealedSecrets struct {
	KDF        string `json:"kdf"`
	Salt       []byte `json:"salt"`
	Time       uint32 `json:"time"`
	MemoryKiB  uint32 `json:"memory_kib"`
	Threads    uint8  `json:"threads"`
	Cipher     string `json:"cipher"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

// Sealing parameters: Argon2id with RFC 9106's second recommended option
// (3 passes, 64 MiB), and the limits an importer accepts, so a forged file
// cannot make the server spend unbounded memory or time.
const (
	kdfArgon2id      = "argon2id"
	cipherAESGCM     = "aes-256-gcm"
	sealTime         = 3
	sealMemoryKiB    = 64 * 1024
	sealThreads      = 2
	maxSealTime      = 10
	maxSealMemoryKiB = 256 * 1024
	// MinPassphrase is the shortest passphrase an export is sealed with.
	MinPassphrase = 12
)

// checkPassphrase refuses a passphrase too short to protect SIP passwords
// and access keys.
func checkPassphrase(passphrase string) error {
	if utf8.RuneCountInString(passphrase) < MinPassphrase {
		return switchboard.FieldErrorf("passphrase", "the passphrase must have at least %d characters: it protects every device's credentials", MinPassphrase)
	}
	return nil
}

// exportAAD is the additional data of an export's sealed secrets.
func exportAAD(version int, customerID string) []byte {
	return fmt.Appendf(nil, "%s/%d/%s", ExportFormatName, version, customerID)
}

// sealSecrets encrypts secrets for the customer's export.
func sealSecrets(secrets *ExportSecrets, passphrase, customerID string) (*SealedSecrets, error) {
	plain, err := json.Marshal(secrets)
	if err != nil {
		return nil, fmt.Errorf("encode export secrets: %w", err)
	}
	s := &SealedSecrets{KDF: kdfArgon2id, Salt: make([]byte, 16), Time: sealTime, MemoryKiB: sealMemoryKiB, Threads: sealThreads,
		Cipher: cipherAESGCM, Nonce: make([]byte, 12)}
	rand.Read(s.Salt)
	rand.Read(s.Nonce)
	aead, err := s.aead(passphrase)
	if err != nil {
		return nil, err
	}
	s.Ciphertext = aead.Seal(nil, s.Nonce, plain, exportAAD(ExportVersion, customerID))
	return s, nil
}

// open decrypts the secrets; a wrong passphrase or a changed file reads
// the same: EINVALID.
func (s *SealedSecrets) open(passphrase string, version int, customerID string) (*ExportSecrets, error) {
	if s.KDF != kdfArgon2id || s.Cipher != cipherAESGCM {
		return nil, switchboard.FieldErrorf("secrets", "the secrets are sealed with %s/%s; this Switchboard reads %s/%s", s.KDF, s.Cipher, kdfArgon2id, cipherAESGCM)
	}
	if s.Time == 0 || s.Time > maxSealTime || s.MemoryKiB < 8 || s.MemoryKiB > maxSealMemoryKiB || s.Threads == 0 || len(s.Salt) < 8 || len(s.Nonce) != 12 {
		return nil, switchboard.FieldErrorf("secrets", "the secrets' sealing parameters are outside what this Switchboard accepts")
	}
	aead, err := s.aead(passphrase)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, s.Nonce, s.Ciphertext, exportAAD(version, customerID))
	if err != nil {
		return nil, switchboard.FieldErrorf("passphrase", "the secrets cannot be opened: the passphrase is wrong or the file was changed")
	}
	var out ExportSecrets
	if err := json.Unmarshal(plain, &out); err != nil {
		return nil, switchboard.FieldErrorf("secrets", "the secrets section is not what an export holds: %v", err)
	}
	return &out, nil
}

// aead derives the key from the passphrase with the parameters of s.
func (s *SealedSecrets) aead(passphrase string) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(passphrase), s.Salt, s.Time, s.MemoryKiB, s.Threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("export cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("export cipher: %w", err)
	}
	return aead, nil
}
