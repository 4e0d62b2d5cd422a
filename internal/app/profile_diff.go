package app

import (
	"bytes"
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// File states of a profile difference.
const (
	// FileChanged: the phone would get other content than it last fetched.
	FileChanged = "changed"
	// FileUnchanged: it would get what it has.
	FileUnchanged = "unchanged"
	// FileNotFetched: the phone never fetched this file (or not since the
	// difference is recorded); Diff shows the whole file as added.
	FileNotFetched = "not_fetched"
	// FileDropped: the phone fetched a file the profile no longer has.
	FileDropped = "dropped"
)

// contentNotKept is the difference of a file whose fetched content the
// provisioning server could no longer hand to the bookkeeping (its
// rendering had left memory): only that it differs is known.
const contentNotKept = "(the content the device fetched was not kept; what it would get now differs)\n"

// ProfileDiff is "what will change on the phone": per file, the difference
// between what the device last fetched and what it would get now, secrets
// masked ("(secret)", or "(changed)" where only a secret changed).
type ProfileDiff struct {
	Device string `json:"device"`
	// Changes says whether a sync would change anything.
	Changes bool       `json:"changes"`
	Files   []FileDiff `json:"files"`
}

// FileDiff is the difference of one file.
type FileDiff struct {
	Name  string `json:"name"`
	State string `json:"state"`
	// FetchedAt is when the device fetched the content it has; zero for a
	// file it never fetched.
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// Diff is a unified-style line difference, empty when nothing changes.
	Diff string `json:"diff"`
}

// ProfileDiff compares, for the customer's administrators, the files a
// device last fetched with those it would get now, rendered with the
// encryption the site's switch asks for now or the fetch's address did. ECONFLICT for a device that fetches no profile;
// EUNAVAILABLE when this process cannot render profiles.
func (s *Service) ProfileDiff(ctx context.Context, p switchboard.Principal, id string) (*ProfileDiff, error) {
	var d *switchboard.Device
	var prov *DeviceProvisioning
	var fetched []*switchboard.FetchedFile
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if d, err = deviceToChange(tx, p, id); err != nil {
			return err
		}
		if prov, err = s.buildProvisioning(tx, d); err != nil {
			return err
		}
		fetched, err = tx.FetchedFiles(id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.render == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "this process renders no profiles")
	}
	if !prov.HasProfile() {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "a %s fetches no profile, so nothing changes on it by a sync", d.Kind)
	}
	encrypt := prov.SiteEncryption
	for _, f := range fetched {
		encrypt = encrypt || f.RemoteEncrypt
	}
	profile := prov.Profile(encrypt)
	files, err := s.render(profile, prov.Model)
	if err != nil {
		return nil, err
	}
	m := newMasker(profileSecrets(d, profile)...)
	last := map[string]*switchboard.FetchedFile{}
	for _, f := range fetched {
		last[f.Name] = f
	}
	out := &ProfileDiff{Device: d.ID, Files: []FileDiff{}}
	for _, f := range files {
		fd := FileDiff{Name: f.Name, State: FileNotFetched}
		var old string
		lf, ok := last[f.Name]
		if ok {
			delete(last, f.Name)
			old, fd.FetchedAt, fd.State = string(lf.Body), lf.FetchedAt, FileUnchanged
		}
		switch {
		case ok && bytes.Equal(lf.Hash, switchboard.FileHash(f.Body)):
		case ok && len(lf.Body) == 0:
			fd.State, fd.Diff = FileChanged, contentNotKept
		default:
			fd.Diff = lineDiff(old, string(f.Body), m)
			if fd.State == FileUnchanged && fd.Diff != "" {
				fd.State = FileChanged
			}
		}
		out.Files = append(out.Files, fd)
	}
	for _, lf := range fetched {
		if _, gone := last[lf.Name]; gone {
			out.Files = append(out.Files, FileDiff{Name: lf.Name, State: FileDropped, FetchedAt: lf.FetchedAt, Diff: lineDiff(string(lf.Body), "", m)})
		}
	}
	for _, f := range out.Files {
		out.Changes = out.Changes || f.State != FileUnchanged
	}
	return out, nil
}

// profileSecrets are the secret values a device's files may hold, current
// and previous: masked wherever they appear.
func profileSecrets(d *switchboard.Device, p *switchboard.Profile) []string {
	out := []string{d.AccessKey, d.AdminPassword, d.WebPassword, d.SIP.Password, d.PreviousSIP.Password, d.InitialLogin.Password,
		p.AdminPassword, p.WebPassword, p.HandsetPIN}
	for _, l := range p.Lines {
		out = append(out, l.Password)
	}
	return out
}
