package switchboard

import "time"

// ProfileVersion is one distinct profile a device fetched (issue 17,
// settings history): the files as it got them, what caused the change, and
// the settings the profile was rendered from, so a rollback restores the
// inputs and the profile is rendered again rather than replayed. Archive
// and Settings hold the device's secrets and are sealed at rest.
type ProfileVersion struct {
	DeviceID   string
	CustomerID string
	// Number counts the device's versions from 1; PutProfileVersion sets
	// it for a new version.
	Number int
	// SiteID is the site the device's line belonged to when it fetched
	// this version; empty for a free device. A site's rollback finds its
	// devices' versions by it.
	SiteID string
	// Hash identifies the set of files (names and contents), so the same
	// profile fetched again is no new version.
	Hash []byte
	// Size is the files' total size before compression.
	Size int
	// Archive is the files as a gzip-compressed tar archive.
	Archive []byte
	// Settings is the snapshot of the inputs (JSON; internal/app says what it holds).
	Settings []byte
	// CauseID, CauseAction and CauseObject name the audit event of the
	// change that made the profile differ; empty when none was recorded
	// (a first fetch, or a change of the operator's own settings).
	CauseID     string
	CauseAction string
	CauseObject string
	// At is when the device first fetched this version; UpdatedAt when the
	// version last took in a file of the same change.
	At        time.Time
	UpdatedAt time.Time
}

// HistoryTx is the part of Tx that keeps devices' settings history.
type HistoryTx interface {
	// PutProfileVersion writes v: with Number 0 as the device's next
	// version (setting Number), dropping its oldest beyond keep; with a
	// Number, in place of that version. ENOTFOUND when the device or the
	// numbered version does not exist.
	PutProfileVersion(v *ProfileVersion, keep int) error
	// ProfileVersions lists a device's versions, newest first.
	ProfileVersions(deviceID string) ([]*ProfileVersion, error)
	// ProfileVersion returns one version of a device; ENOTFOUND when the
	// device has no such version (any more).
	ProfileVersion(deviceID string, number int) (*ProfileVersion, error)
	// SiteProfileVersions returns, for each device that fetched a version
	// while on the site, its newest version fetched at or before at, in
	// device id order.
	SiteProfileVersions(siteID string, at time.Time) ([]*ProfileVersion, error)
	// CauseEvent returns the newest audit event of a customer after since
	// and at or before until whose object is one of objects, leaving out
	// the events the provisioning server records; nil when there is none.
	CauseEvent(customerID string, objects []string, since, until time.Time) (*Event, error)
	// HistoryMarks returns, for each of the devices, the hashes of the
	// files it last fetched and its newest version without the sealed
	// parts: what the bookkeeping of a fetch compares, without opening a
	// secret. Devices with neither are left out.
	HistoryMarks(deviceIDs []string) (map[string]*HistoryMark, error)
}

// HistoryMark is what HistoryMarks knows of one device.
type HistoryMark struct {
	// Files are the hashes of the files the device last fetched, by name.
	Files map[string][]byte
	// Newest is the newest version without Archive and Settings; nil when
	// the device has none.
	Newest *ProfileVersion
}
