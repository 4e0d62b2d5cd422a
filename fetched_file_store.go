package switchboard

import (
	"crypto/sha256"
	"time"
)

// FetchedFile is a profile file as a device last fetched it, kept so an
// administrator sees what a sync or reset would change on the phone (the
// profile difference, issue 15). Body holds the device's secrets and is
// sealed at rest like every other secret.
type FetchedFile struct {
	DeviceID string
	// Name is the file's name as the renderer gave it.
	Name string
	// Hash is FileHash of the content: a batch of fetches rewrites only
	// the files whose content changed.
	Hash []byte
	// Body is the content, nil when it was no longer in memory when the
	// fetch was recorded (the comparison then knows only whether it
	// differs).
	Body []byte
	// RemoteEncrypt says the fetch came from outside the operator's
	// access networks, which requires encryption whatever the site says
	// (MustEncrypt): the comparison renders with the site's switch as it
	// is now and this.
	RemoteEncrypt bool
	// FetchedAt is when the device first fetched this content.
	FetchedAt time.Time
}

// FetchedFileTx is the part of Tx that keeps the files devices last
// fetched.
type FetchedFileTx interface {
	// SaveFetchedFiles records each file as the one its device last
	// fetched under its name; a file whose Hash equals the stored one is
	// left as stored unless only the new one has a Body. Files of devices
	// that no longer exist are skipped.
	SaveFetchedFiles(fs []*FetchedFile) error
	// FetchedFiles lists the files a device last fetched, by name; empty
	// when it fetched none.
	FetchedFiles(deviceID string) ([]*FetchedFile, error)
}

// FileHash is the hash FetchedFile.Hash holds: the first 16 bytes of the
// SHA-256 of body, which the provisioning server's entity tag also is, so
// a fetch is recorded without hashing on the request path.
func FileHash(body []byte) []byte {
	sum := sha256.Sum256(body)
	return sum[:16]
}
