package app

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// HistoryKeep bounds the settings history: a device keeps its last 20
// distinct profiles.
const HistoryKeep = 20

// historyCoalesce is how long after a version the files of the same
// profile a phone fetches one after the other (Yealink's common file, then
// its MAC file) join that version instead of making another, as long as
// no change was recorded in between.
const historyCoalesce = 5 * time.Minute

// snapshotFormat is the version of SettingsSnapshot's JSON.
const snapshotFormat = 1

// SettingsSnapshot is what a profile version was rendered from and a
// rollback restores: the device's own settings, its workplace's and its
// site's. Credentials (access key, SIP account) are not settings: a
// rollback never brings back a key or password that was replaced, for
// fraud. Secrets lists the secret values the files held, only to mask them
// when a version is shown.
type SettingsSnapshot struct {
	Format    int                `json:"format"`
	Device    DeviceSettings     `json:"device"`
	Workplace *WorkplaceSettings `json:"workplace,omitempty"`
	Site      *SiteSettings      `json:"site,omitempty"`
	Secrets   []string           `json:"secrets,omitempty"`
}

// DeviceSettings are a device's settings that flow into its profile. The
// admin and web passwords are kept only where they were set by hand; a
// generated one is not a setting.
type DeviceSettings struct {
	Description         string                    `json:"description"`
	WebUser             string                    `json:"web_user"`
	Keys                []switchboard.FunctionKey `json:"keys"`
	AdminPasswordManual bool                      `json:"admin_password_manual"`
	AdminPassword       string                    `json:"admin_password,omitempty"`
	WebPasswordManual   bool                      `json:"web_password_manual"`
	WebPassword         string                    `json:"web_password,omitempty"`
}

// WorkplaceSettings are the workplace's settings a profile shows: the
// user's name on the line and the phone's language.
type WorkplaceSettings struct {
	ID        string `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Language  string `json:"language"`
}

// SiteSettings are the site's settings its phones' profiles carry.
type SiteSettings struct {
	ID            string   `json:"id"`
	TimeZone      string   `json:"time_zone"`
	Language      string   `json:"language"`
	Encryption    bool     `json:"encryption"`
	NTPServers    []string `json:"ntp_servers"`
	ResyncMinutes int      `json:"resync_minutes"`
}

// changedProfiles returns, per device of the batch, the hash of the set
// of files it will have fetched once the batch is saved, for the devices
// whose set differs from their newest version.
func changedProfiles(tx switchboard.Tx, fs []*switchboard.FetchedFile) (map[string][]byte, map[string]*switchboard.HistoryMark, error) {
	var ids []string
	for _, f := range fs {
		if !slices.Contains(ids, f.DeviceID) {
			ids = append(ids, f.DeviceID)
		}
	}
	marks, err := tx.HistoryMarks(ids)
	if err != nil {
		return nil, nil, err
	}
	files := map[string]map[string][]byte{}
	for _, id := range ids {
		files[id] = map[string][]byte{}
		if m := marks[id]; m != nil {
			for name, h := range m.Files {
				files[id][name] = h
			}
		}
	}
	for _, f := range fs {
		files[f.DeviceID][f.Name] = f.Hash
	}
	out := map[string][]byte{}
	for _, id := range ids {
		h := filesHash(files[id])
		if m := marks[id]; m == nil || m.Newest == nil || !bytes.Equal(m.Newest.Hash, h) {
			out[id] = h
		}
	}
	return out, marks, nil
}

// filesHash identifies a set of files by their names and content hashes.
func filesHash(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%d:%s:%x\n", len(n), n, files[n])
	}
	return h.Sum(nil)[:16]
}

// recordVersion keeps the files device id has fetched as a version: a new
// one caused by the newest audit event of what its profile is built from
// since the previous version, or the previous one completed when nothing
// was changed meanwhile and it is recent. Files whose content the
// provisioning server no longer held are left out. held are the files
// by name when the caller holds all of them (heldFiles), else nil and
// they are read back.
func (s *Service) recordVersion(tx switchboard.Tx, id string, hash []byte, newest *switchboard.ProfileVersion, at time.Time, held []switchboard.File) error {
	d, err := tx.Device(id)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load device: %w", err)
	}
	files := held
	if files == nil {
		fetched, err := tx.FetchedFiles(id)
		if err != nil {
			return err
		}
		for _, f := range fetched {
			if len(f.Body) > 0 {
				files = append(files, switchboard.File{Name: f.Name, Body: f.Body})
			}
		}
	}
	size := 0
	for _, f := range files {
		size += len(f.Body)
	}
	if len(files) == 0 {
		return nil
	}
	snap, objects, err := s.settingsSnapshot(tx, d)
	if err != nil {
		return err
	}
	v := &switchboard.ProfileVersion{DeviceID: id, CustomerID: d.CustomerID, Hash: hash, Size: size, At: at, UpdatedAt: at}
	if snap.Site != nil {
		v.SiteID = snap.Site.ID
	}
	if v.Archive, err = encodeFiles(files); err != nil {
		return err
	}
	if v.Settings, err = json.Marshal(snap); err != nil {
		return fmt.Errorf("encode settings snapshot: %w", err)
	}
	var since time.Time
	if newest != nil {
		since = newest.UpdatedAt
	}
	cause, err := tx.CauseEvent(d.CustomerID, objects, since, at)
	if err != nil {
		return err
	}
	switch {
	case cause == nil && newest != nil && at.Sub(newest.UpdatedAt) < historyCoalesce:
		v.Number, v.At = newest.Number, newest.At
		v.CauseID, v.CauseAction, v.CauseObject = newest.CauseID, newest.CauseAction, newest.CauseObject
	case cause != nil:
		v.CauseID, v.CauseAction, v.CauseObject = cause.ID, cause.Action, cause.Object
	}
	return tx.PutProfileVersion(v, HistoryKeep)
}

// settingsSnapshot reads what device d's profile is built from, and the
// ids of the records whose audit events may have changed it.
func (s *Service) settingsSnapshot(tx switchboard.Tx, d *switchboard.Device) (*SettingsSnapshot, []string, error) {
	m, _ := s.catalogue.Model(d.Model)
	snap := &SettingsSnapshot{Format: snapshotFormat, Device: DeviceSettings{
		Description: d.Description, WebUser: d.WebUser, Keys: orEmpty(d.Keys),
		AdminPasswordManual: d.AdminPasswordManual, WebPasswordManual: d.WebPasswordManual,
	}}
	if d.AdminPasswordManual {
		snap.Device.AdminPassword = d.AdminPassword
	}
	if d.WebPasswordManual {
		snap.Device.WebPassword = d.WebPassword
	}
	secrets := []string{d.AccessKey, d.AdminPassword, d.WebPassword, d.SIP.Password, d.PreviousSIP.Password, switchboard.HandsetPIN(d.AccessKey)}
	objects := []string{d.ID, d.CustomerID, d.BaseID}
	if wid := d.LineWorkplace(); wid != "" {
		w, err := tx.Workplace(wid)
		if err != nil {
			return nil, nil, fmt.Errorf("load workplace: %w", err)
		}
		snap.Workplace = &WorkplaceSettings{ID: w.ID, FirstName: w.FirstName, LastName: w.LastName, Language: w.Language}
		secrets = append(secrets, w.DeviceAdminPassword)
		objects = append(objects, w.ID)
		if w.SiteID != "" {
			site, err := tx.Site(w.SiteID)
			if err != nil {
				return nil, nil, fmt.Errorf("load site: %w", err)
			}
			snap.Site = &SiteSettings{ID: site.ID, TimeZone: site.TimeZone, Language: site.Language, Encryption: site.Encryption,
				NTPServers: orEmpty(site.NTPServers), ResyncMinutes: site.ResyncMinutes}
			objects = append(objects, site.ID)
		}
	}
	if m.Kind == switchboard.KindDECTBase {
		handsets, err := allDevices(tx, switchboard.DeviceFilter{BaseID: d.ID})
		if err != nil {
			return nil, nil, err
		}
		for _, h := range handsets {
			secrets = append(secrets, h.SIP.Password, h.PreviousSIP.Password)
			objects = append(objects, h.ID, h.WorkplaceID)
		}
	}
	for _, v := range secrets {
		for _, x := range []string{v, m.FitPassword(v)} {
			if x != "" && !slices.Contains(snap.Secrets, x) {
				snap.Secrets = append(snap.Secrets, x)
			}
		}
	}
	return snap, slices.DeleteFunc(objects, func(o string) bool { return o == "" }), nil
}

// maxArchive bounds what an archive may unpack to: a profile is tens of
// kilobytes, so 16 MiB is room for any and refuses a forged archive.
const maxArchive = 16 << 20

// archivers keeps gzip compressors between versions: each holds about a
// megabyte of state, and a boot storm records a first version of every
// phone.
var archivers = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// encodeFiles packs files as a gzip-compressed tar archive, the form a
// version's files are kept in. The fastest compression level is used:
// profiles are text of a few tens of kilobytes that it still shrinks about
// tenfold, and versions are written while phones are fetching.
func encodeFiles(files []switchboard.File) ([]byte, error) {
	var buf bytes.Buffer
	zw := archivers.Get().(*gzip.Writer)
	defer archivers.Put(zw)
	zw.Reset(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o600, Size: int64(len(f.Body))}); err != nil {
			return nil, fmt.Errorf("pack file %s: %w", f.Name, err)
		}
		if _, err := tw.Write(f.Body); err != nil {
			return nil, fmt.Errorf("pack file %s: %w", f.Name, err)
		}
	}
	if err := errors.Join(tw.Close(), zw.Close()); err != nil {
		return nil, fmt.Errorf("pack files: %w", err)
	}
	return buf.Bytes(), nil
}

// decodeFiles unpacks what encodeFiles packed.
func decodeFiles(archive []byte) ([]switchboard.File, error) {
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		return nil, fmt.Errorf("unpack files: %w", err)
	}
	tr := tar.NewReader(io.LimitReader(zr, maxArchive))
	var out []switchboard.File
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("unpack files: %w", err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("unpack file %s: %w", h.Name, err)
		}
		out = append(out, switchboard.File{Name: h.Name, Body: body})
	}
}
