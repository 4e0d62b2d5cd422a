package keyring

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ErrForeignKey is returned by Verify when the node holds none of the keys
// the database is sealed with.
var ErrForeignKey = errors.New("foreign master key")

// ErrMissingKey is returned by Verify when the node lacks one of the keys
// the database is sealed with.
var ErrMissingKey = errors.New("missing master key")

func (kk key) mac() []byte {
	m := hmac.New(sha256.New, kk.raw)
	m.Write([]byte(checkLabel))
	return m.Sum(nil)
}

func (k *Keyring) check(kk key) (switchboard.KeyCheck, error) {
	sealed, err := kk.seal(k.indexKey)
	if err != nil {
		return switchboard.KeyCheck{}, err
	}
	return switchboard.KeyCheck{ID: kk.ID(), MAC: kk.mac(), IndexKey: sealed}, nil
}

// Verify compares the keyring with the checks the database records and
// returns the checks to add. When nothing is recorded it returns the
// sealing key's check, provided the keyring opens sample (a secret the
// database holds, nil if none): a database older than key checks must not
// take a foreign key as its own. Otherwise the node must hold every key recorded: then it
// adopts the recorded lookup key and returns the sealing key's check if it
// is new (a rotation has begun); if not, it returns ErrForeignKey or
// ErrMissingKey in a message that says what to copy where.
func (k *Keyring) Verify(recorded []switchboard.KeyCheck, sample []byte) ([]switchboard.KeyCheck, error) {
	if len(recorded) == 0 {
		if sample != nil {
			if _, err := k.Open(sample); err != nil {
				return nil, fmt.Errorf("%w: this node's master key (%s) is not the one the database was sealed with (it opens none of its secrets); copy %s from a running node (or set %s) and start again",
					ErrForeignKey, k.source, FileName, EnvVar)
			}
		}
		c, err := k.check(k.keys[0])
		if err != nil {
			return nil, err
		}
		return []switchboard.KeyCheck{c}, nil
	}
	var missing []string
	var indexKey []byte
	held := 0
	for _, r := range recorded {
		kk, ok := k.find(r)
		if !ok {
			missing = append(missing, r.ID)
			continue
		}
		held++
		if indexKey == nil {
			ik, err := kk.open(r.IndexKey)
			if err != nil {
				return nil, fmt.Errorf("the database's lookup key for master key %s does not open: %w", r.ID, err)
			}
			indexKey = ik
		}
	}
	if held == 0 {
		return nil, fmt.Errorf("%w: this node's master key (%s) is not the one the database was sealed with (key %s); copy %s from a running node (or set %s) and start again",
			ErrForeignKey, k.source, strings.Join(missing, ", "), FileName, EnvVar)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the database is also sealed with master key %s, which this node's keys (%s) lack; copy %s from a node that holds it (or set %s) and start again",
			ErrMissingKey, strings.Join(missing, ", "), k.source, FileName, EnvVar)
	}
	k.indexKey = indexKey
	for _, r := range recorded {
		if r.ID == k.ID() {
			return nil, nil
		}
	}
	c, err := k.check(k.keys[0])
	if err != nil {
		return nil, err
	}
	return []switchboard.KeyCheck{c}, nil
}

// find returns the key the check was made with.
func (k *Keyring) find(c switchboard.KeyCheck) (key, bool) {
	for _, kk := range k.keys {
		if kk.ID() == c.ID && hmac.Equal(kk.mac(), c.MAC) {
			return kk, true
		}
	}
	return key{}, false
}
