package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// HistoryEntry is one version of a device's settings history.
type HistoryEntry struct {
	Version int `json:"version"`
	// At is when the device first fetched this version, UpdatedAt when it
	// last fetched a file of it that was new.
	At        time.Time `json:"at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Cause is the recorded change that made the profile differ; absent
	// when none was recorded (a change of the operator's own settings or
	// of Switchboard itself).
	Cause *HistoryCause `json:"cause,omitempty"`
	// Size is the files' total size in bytes.
	Size  int      `json:"size"`
	Files []string `json:"files"`
}

// HistoryCause names the audit event behind a version.
type HistoryCause struct {
	Event  string `json:"event"`
	Action string `json:"action"`
	Object string `json:"object"`
}

// DeviceHistory is a device's settings history, newest first.
type DeviceHistory struct {
	Device   string         `json:"device"`
	Versions []HistoryEntry `json:"versions"`
}

// HistoryVersion is one version with its files, secrets masked.
type HistoryVersion struct {
	Device string `json:"device"`
	HistoryEntry
	Contents []HistoryFile `json:"contents"`
}

// HistoryFile is one file of a version.
type HistoryFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// HistoryDiff is the difference between two versions of a device, per
// file, secrets masked.
type HistoryDiff struct {
	Device  string     `json:"device"`
	From    int        `json:"from"`
	To      int        `json:"to"`
	Changes bool       `json:"changes"`
	Files   []FileDiff `json:"files"`
}

// version is a stored version unpacked.
type version struct {
	v     *switchboard.ProfileVersion
	files []switchboard.File
	snap  SettingsSnapshot
}

// unpack opens a stored version's files and settings.
func unpack(v *switchboard.ProfileVersion) (*version, error) {
	files, err := decodeFiles(v.Archive)
	if err != nil {
		return nil, fmt.Errorf("version %d of device %s: %w", v.Number, v.DeviceID, err)
	}
	out := &version{v: v, files: files}
	if err := json.Unmarshal(v.Settings, &out.snap); err != nil {
		return nil, fmt.Errorf("version %d of device %s: settings: %w", v.Number, v.DeviceID, err)
	}
	return out, nil
}

// entry is the version's list entry.
func (u *version) entry() HistoryEntry {
	e := HistoryEntry{Version: u.v.Number, At: u.v.At, UpdatedAt: u.v.UpdatedAt, Size: u.v.Size, Files: []string{}}
	if u.v.CauseID != "" {
		e.Cause = &HistoryCause{Event: u.v.CauseID, Action: u.v.CauseAction, Object: u.v.CauseObject}
	}
	for _, f := range u.files {
		e.Files = append(e.Files, f.Name)
	}
	return e
}

// historyOf loads a device an administrator may change and the versions
// of it that pick chooses from its history (newest first).
func (s *Service) historyOf(ctx context.Context, p switchboard.Principal, id string, pick func(tx switchboard.Tx) ([]*switchboard.ProfileVersion, error)) (*switchboard.Device, []*version, error) {
	var d *switchboard.Device
	var vs []*switchboard.ProfileVersion
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if d, err = deviceFor(tx, p, id); err != nil {
			return err
		}
		if err := mayChangeDevice(p, d); err != nil {
			return err
		}
		vs, err = pick(tx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	out := make([]*version, len(vs))
	for i, v := range vs {
		if out[i], err = unpack(v); err != nil {
			return nil, nil, err
		}
	}
	return d, out, nil
}

// numbered picks versions by number; ENOTFOUND names one the device has
// not (or no longer: the history keeps HistoryKeep).
func numbered(id string, numbers ...int) func(tx switchboard.Tx) ([]*switchboard.ProfileVersion, error) {
	return func(tx switchboard.Tx) ([]*switchboard.ProfileVersion, error) {
		var out []*switchboard.ProfileVersion
		for _, n := range numbers {
			v, err := tx.ProfileVersion(id, n)
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				return nil, switchboard.Errorf(switchboard.ENOTFOUND, "device %q has no version %d in its history (it keeps the last %d)", id, n, HistoryKeep)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
}

// DeviceHistory lists the versions of the profile a device fetched, newest
// first, with when, why and how large. The customer's administrators
// only, as for the profile difference.
func (s *Service) DeviceHistory(ctx context.Context, p switchboard.Principal, id string) (*DeviceHistory, error) {
	_, vs, err := s.historyOf(ctx, p, id, func(tx switchboard.Tx) ([]*switchboard.ProfileVersion, error) { return tx.ProfileVersions(id) })
	if err != nil {
		return nil, err
	}
	out := &DeviceHistory{Device: id, Versions: []HistoryEntry{}}
	for _, v := range vs {
		out.Versions = append(out.Versions, v.entry())
	}
	return out, nil
}

// DeviceHistoryVersion shows the files of one version, secrets masked with
// the values the device and the version knew.
func (s *Service) DeviceHistoryVersion(ctx context.Context, p switchboard.Principal, id string, number int) (*HistoryVersion, error) {
	d, vs, err := s.historyOf(ctx, p, id, numbered(id, number))
	if err != nil {
		return nil, err
	}
	v := vs[0]
	m := historyMasker(d, v)
	out := &HistoryVersion{Device: id, HistoryEntry: v.entry(), Contents: []HistoryFile{}}
	for _, f := range v.files {
		lines := splitLines(string(f.Body))
		for i, l := range lines {
			lines[i] = m.mask(l)
		}
		out.Contents = append(out.Contents, HistoryFile{Name: f.Name, Content: strings.Join(lines, "\n") + "\n"})
	}
	return out, nil
}

// DeviceHistoryDiff is the line difference between two versions of a
// device, per file (changed, unchanged, added as not_fetched, dropped),
// secrets masked. to 0 means the newest version, from 0 the one before to.
func (s *Service) DeviceHistoryDiff(ctx context.Context, p switchboard.Principal, id string, from, to int) (*HistoryDiff, error) {
	d, vs, err := s.historyOf(ctx, p, id, func(tx switchboard.Tx) ([]*switchboard.ProfileVersion, error) {
		if from == 0 || to == 0 {
			var err error
			if from, to, err = defaultPair(tx, id, from, to); err != nil {
				return nil, err
			}
		}
		return numbered(id, from, to)(tx)
	})
	if err != nil {
		return nil, err
	}
	m := historyMasker(d, vs...)
	out := &HistoryDiff{Device: id, From: from, To: to, Files: []FileDiff{}}
	old := map[string]string{}
	for _, f := range vs[0].files {
		old[f.Name] = string(f.Body)
	}
	for _, f := range vs[1].files {
		fd := FileDiff{Name: f.Name, State: FileNotFetched}
		before, ok := old[f.Name]
		if ok {
			delete(old, f.Name)
			fd.State = FileUnchanged
		}
		if fd.Diff = lineDiff(before, string(f.Body), m); ok && fd.Diff != "" {
			fd.State = FileChanged
		}
		out.Files = append(out.Files, fd)
	}
	for _, f := range vs[0].files {
		if before, gone := old[f.Name]; gone {
			out.Files = append(out.Files, FileDiff{Name: f.Name, State: FileDropped, Diff: lineDiff(before, "", m)})
		}
	}
	for _, f := range out.Files {
		out.Changes = out.Changes || f.State != FileUnchanged
	}
	return out, nil
}

// defaultPair fills in the versions a difference left out: the newest for
// to, the one before to for from.
func defaultPair(tx switchboard.Tx, id string, from, to int) (int, int, error) {
	vs, err := tx.ProfileVersions(id)
	if err != nil {
		return 0, 0, err
	}
	for i, v := range vs {
		if to == 0 {
			to = v.Number
		}
		if v.Number == to && from == 0 && i+1 < len(vs) {
			from = vs[i+1].Number
		}
	}
	if from == 0 || to == 0 {
		return 0, 0, switchboard.Errorf(switchboard.ENOTFOUND, "device %q has no earlier version to compare with", id)
	}
	return from, to, nil
}

// historyMasker masks the secrets the device has now and those the
// versions held.
func historyMasker(d *switchboard.Device, vs ...*version) masker {
	secrets := []string{d.AccessKey, d.AdminPassword, d.WebPassword, d.SIP.Password, d.PreviousSIP.Password, d.InitialLogin.Password}
	for _, v := range vs {
		secrets = append(secrets, v.snap.Secrets...)
	}
	return newMasker(secrets...)
}
