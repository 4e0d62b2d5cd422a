package switchboard

import (
	"context"
	"io"
	"strings"
	"time"
)

// Firmware is one firmware file an operator uploaded for a model (issue 17
// item 2). Phones fetch it under their own key URL by ServedName, which the
// profile names in the vendor's firmware key.
type Firmware struct {
	ID      string `json:"id"`
	Model   string `json:"model"`
	Version string `json:"version"`
	// FileName is the name the operator gave the file (the vendor's own,
	// such as "T46S-66.86.0.160.rom").
	FileName string `json:"file_name"`
	Size     int64  `json:"size"`
	// SHA256 is the file's checksum in lower-case hex.
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
}

// Firmware limits: a file larger than MaxFirmwareSize is refused while it
// is uploaded (the largest desk-phone images are about 200 MB), and it is
// kept in FirmwareChunkSize pieces where the database holds it.
const (
	MaxFirmwareSize   = 512 << 20
	FirmwareChunkSize = 1 << 20
	maxVersionLen     = 32
	maxFirmwareName   = 48
)

// ServedName is the file name a device asks for under its key directory:
// "firmware-<version>-<file name>", so it never collides with the names of
// profile files and tells the version in the phone's log.
func (f *Firmware) ServedName() string {
	return "firmware-" + f.Version + "-" + f.FileName
}

// Validate checks the model, version and file name: versions and file
// names go into URLs phones fetch, so only letters, digits, '.', '_' and
// '-' are allowed, with no leading dot.
func (f *Firmware) Validate() error {
	if strings.TrimSpace(f.Model) == "" {
		return FieldErrorf("model", "name the model the firmware is for")
	}
	if !urlSafe(f.Version, maxVersionLen) {
		return FieldErrorf("version", "a version has 1 to %d letters, digits, '.', '_' or '-' and does not start with '.'", maxVersionLen)
	}
	if !urlSafe(f.FileName, maxFirmwareName) {
		return FieldErrorf("file_name", "a file name has 1 to %d letters, digits, '.', '_' or '-' and does not start with '.'", maxFirmwareName)
	}
	return nil
}

// urlSafe reports whether s may stand in a file name of a provisioning
// URL unescaped.
func urlSafe(s string, max int) bool {
	if s == "" || len(s) > max || s[0] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// FirmwarePin is the firmware version a model runs at a customer, or at
// one of its sites (a site's pin overrides the customer's).
type FirmwarePin struct {
	CustomerID string `json:"customer"`
	// SiteID is empty for the customer's own pin.
	SiteID     string    `json:"site,omitempty"`
	Model      string    `json:"model"`
	FirmwareID string    `json:"firmware"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// RolloutState is where a staged firmware rollout stands.
type RolloutState string

// Rollout states: running and paused rollouts are active (their devices
// are told the new version); done ones moved the pin; rolled back and
// aborted ones left the pin where it was and sent their devices back.
const (
	RolloutRunning    RolloutState = "running"
	RolloutPaused     RolloutState = "paused"
	RolloutDone       RolloutState = "done"
	RolloutRolledBack RolloutState = "rolled_back"
	RolloutAborted    RolloutState = "aborted"
)

// Active reports whether the rollout still gives its devices the new
// version.
func (s RolloutState) Active() bool { return s == RolloutRunning || s == RolloutPaused }

// Rollout moves a model at a customer (or one site) to a new firmware in
// rings: first the chosen devices, then growing shares of all of them. A
// ring proceeds when its devices registered again with the new version
// within RingTimeout; when more than MaxFailedPercent of a ring did not,
// the rollout stops and its devices go back to the pinned version.
type Rollout struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer"`
	SiteID     string `json:"site,omitempty"`
	Model      string `json:"model"`
	FirmwareID string `json:"firmware"`
	// Version is the new firmware's version, FromFirmwareID the pin in
	// force when the rollout started ("" for none), what a rollback keeps.
	Version        string `json:"version"`
	FromFirmwareID string `json:"from_firmware,omitempty"`
	// FirstRing are the devices of ring 0; Percents the cumulative shares
	// of the model's devices in scope of the rings after it (ending at 100).
	FirstRing []string `json:"first_ring"`
	Percents  []int    `json:"percents"`
	// RingTimeout bounds the wait for a ring; MaxFailedPercent is the
	// share of a ring that may fail without stopping the rollout.
	RingTimeout      time.Duration `json:"ring_timeout"`
	MaxFailedPercent int           `json:"max_failed_percent"`
	// Spread is the window a ring's devices are told in, evenly, so a
	// ring does not boot as one storm; zero tells them all at once.
	Spread time.Duration `json:"spread"`
	State  RolloutState  `json:"state"`
	// Ring is the ring under way (0 is FirstRing, i is Percents[i-1]);
	// RingStartedAt when it began (zero: not yet).
	Ring          int       `json:"ring"`
	RingStartedAt time.Time `json:"ring_started_at,omitzero"`
	// Detail says in words why the rollout stands where it does.
	Detail    string    `json:"detail"`
	NextCheck time.Time `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Rings is the number of rings: the first (when it names devices) and
// one per percentage.
func (r *Rollout) Rings() int { return 1 + len(r.Percents) }

// RolloutDeviceState is where one device of a rollout stands.
type RolloutDeviceState string

// Rollout device states.
const (
	RolloutWaiting  RolloutDeviceState = "waiting"
	RolloutUpgraded RolloutDeviceState = "upgraded"
	RolloutFailed   RolloutDeviceState = "failed"
	RolloutReverted RolloutDeviceState = "reverted"
)

// RolloutDevice is one device taken into a rollout's ring.
type RolloutDevice struct {
	RolloutID string `json:"rollout"`
	DeviceID  string `json:"device"`
	// FirmwareID is the rollout's firmware (what the device is told while
	// the rollout is active and the device is not reverted).
	FirmwareID string             `json:"firmware"`
	Ring       int                `json:"ring"`
	State      RolloutDeviceState `json:"state"`
	// TellAt is when the device is told to fetch (within the ring's
	// spread); Told is set once it was.
	TellAt    time.Time `json:"tell_at"`
	Told      bool      `json:"told"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FirmwareTx keeps firmware files, pins and rollouts. Errors as for Tx.
type FirmwareTx interface {
	// CreateFirmware inserts f; ECONFLICT when the model has the version
	// already or the id exists.
	CreateFirmware(f *Firmware) error
	// Firmware returns the firmware with id; ENOTFOUND when none.
	Firmware(id string) (*Firmware, error)
	// Firmwares lists the firmware of one model ("" for all) in id order.
	Firmwares(model string, p Page) ([]*Firmware, string, error)
	// DeleteFirmware removes the record and its stored chunks; ECONFLICT
	// while a pin or a rollout refers to it, ENOTFOUND when there is none.
	DeleteFirmware(id string) error
	// PutFirmwareChunk stores piece n (from 0) of a firmware's content,
	// replacing one stored before; FirmwareChunk reads it (ENOTFOUND when
	// it is not stored); DeleteFirmwareChunks removes every piece.
	PutFirmwareChunk(firmwareID string, n int, data []byte) error
	FirmwareChunk(firmwareID string, n int) ([]byte, error)
	DeleteFirmwareChunks(firmwareID string) error

	// SetFirmwarePin writes the pin for its customer, site and model;
	// ENOTFOUND when the customer, site or firmware does not exist.
	SetFirmwarePin(p *FirmwarePin) error
	// FirmwarePin returns the pin of a customer's site ("" for the
	// customer's own) and model; ENOTFOUND when none.
	FirmwarePin(customerID, siteID, model string) (*FirmwarePin, error)
	// DeleteFirmwarePin removes that pin; ENOTFOUND when none.
	DeleteFirmwarePin(customerID, siteID, model string) error
	// FirmwarePins lists a customer's pins by site and model.
	FirmwarePins(customerID string) ([]*FirmwarePin, error)

	// CreateRollout inserts r; ENOTFOUND when its customer, site or
	// firmware does not exist.
	CreateRollout(r *Rollout) error
	// Rollout returns the rollout with id; ENOTFOUND when none.
	Rollout(id string) (*Rollout, error)
	// UpdateRollout writes r's state, ring, detail and times.
	UpdateRollout(r *Rollout) error
	// Rollouts lists a customer's rollouts ("" for all) in id order.
	Rollouts(customerID string, p Page) ([]*Rollout, string, error)
	// DueRollouts returns up to limit running rollouts whose NextCheck is
	// not after now. On PostgreSQL their rows stay locked for the
	// transaction (skipping those another node holds), so one node at a
	// time drives a rollout.
	DueRollouts(now time.Time, limit int) ([]*Rollout, error)
	// PutRolloutDevice inserts or replaces one device's row of a rollout.
	PutRolloutDevice(d *RolloutDevice) error
	// RolloutDevices lists a rollout's devices by ring and device id.
	RolloutDevices(rolloutID string) ([]*RolloutDevice, error)
	// ActiveRolloutDevice returns the device's row in a running or paused
	// rollout, unless it was reverted; ENOTFOUND when there is none.
	ActiveRolloutDevice(deviceID string) (*RolloutDevice, error)
}

// FirmwareFiles holds firmware content: files in the data directory with
// SQLite, chunks in the database with PostgreSQL (so every node serves
// every file). Put is called before the Firmware record is written, and
// Remove after it is deleted or when writing it failed.
type FirmwareFiles interface {
	// Put stores the content of firmware id, read from r to its end.
	Put(ctx context.Context, id string, r io.Reader) error
	// Open returns the content of firmware id, size bytes long, for
	// reading at any offset (http.ServeContent answers ranges with it).
	Open(ctx context.Context, id string, size int64) (io.ReadSeekCloser, error)
	// Remove deletes the content; removing content never stored is no
	// error.
	Remove(ctx context.Context, id string) error
}
