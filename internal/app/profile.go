package app

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Dependency names one record a device's profile was built from, as a
// change-bus topic and id: when a notice for it arrives, the profile is
// stale.
type Dependency struct {
	Topic string
	ID    string
}

// DeviceProvisioning is everything the provisioning server needs to answer
// the fetches of one device: what it may check before answering (customer,
// allow-list, MAC, model), the profile without the fetch-time encryption
// decision, and what to record after a fetch. It holds secrets (the
// profile) and never leaves the process.
type DeviceProvisioning struct {
	DeviceID   string
	CustomerID string
	Model      switchboard.Model
	// MAC is the device's canonical MAC, empty when none is set.
	MAC       string
	AllowList switchboard.AllowList
	// SiteEncryption is the site's encryption switch (seed 000).
	SiteEncryption bool
	// Depends lists every record the profile was built from.
	Depends []Dependency

	// Version is the device's UpdatedAt the profile was built from;
	// PendingAction the action a fetch of this profile carries out.
	Version       time.Time
	PendingAction switchboard.Action
	// DeliversWorkplacePassword is set when the profile carries the
	// workplace's generated admin password and no device has fetched it
	// yet; WorkplaceID and WorkplaceVersion say which and as of when.
	DeliversWorkplacePassword bool
	WorkplaceID               string
	WorkplaceVersion          time.Time
	// Pairs are the DECT handsets the profile opens the base's
	// registration window for; a fetch marks them delivered.
	Pairs []string
	// Firmware is the firmware the profile tells the device to run (its
	// rollout's or the pin in force), nil for none; the provisioning
	// server serves it under its ServedName in the device's directory.
	Firmware *switchboard.Firmware

	profile *switchboard.Profile
}

// HasProfile reports whether the device fetches a profile at all: soft
// clients, handsets and the universal profile do not.
func (d *DeviceProvisioning) HasProfile() bool {
	return d.profile != nil
}

// MustEncrypt is the fetch-time encryption decision of seed 000 for a
// request from remote.
func (d *DeviceProvisioning) MustEncrypt(remote netip.Addr, accessNetworks []netip.Prefix) bool {
	return switchboard.MustEncrypt(d.SiteEncryption, remote, accessNetworks)
}

// Profile returns a copy of the device profile with the encryption
// decision applied: SIP over TLS on the TLS port with mandatory SRTP when
// encrypt is set, plain SIP otherwise.
func (d *DeviceProvisioning) Profile(encrypt bool) *switchboard.Profile {
	if d.profile == nil {
		return nil
	}
	p := *d.profile
	p.Lines = append([]switchboard.ProfileLine(nil), d.profile.Lines...)
	p.Keys = append([]switchboard.FunctionKey(nil), d.profile.Keys...)
	p.Handsets = append([]switchboard.Handset(nil), d.profile.Handsets...)
	if encrypt {
		p.Server.Encrypt()
	}
	return &p
}

// ProvisioningByKey looks a device up by its access key and builds what
// the provisioning server needs to answer it. ENOTFOUND when no device has
// the key; the message never repeats the key.
func (s *Service) ProvisioningByKey(ctx context.Context, key string) (*DeviceProvisioning, error) {
	var out *DeviceProvisioning
	err := s.view(ctx, func(tx switchboard.Tx) error {
		d, err := tx.DeviceByAccessKey(key)
		if err != nil {
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				return switchboard.Errorf(switchboard.ENOTFOUND, "no device has this access key")
			}
			return err
		}
		out, err = s.buildProvisioning(tx, d)
		return err
	})
	return out, err
}

// ProbeKey probes the access-key index and discards the answer. The
// provisioning server calls it on refusals answered from memory, so that a
// refusal for a known key costs the same index probe as an unknown key (the
// lookup that finds no row reads no device either) and the answer time
// does not tell the two apart.
func (s *Service) ProbeKey(ctx context.Context, key string) {
	_ = s.view(ctx, func(tx switchboard.Tx) error {
		_, err := tx.AccessKeyKnown(key)
		return err
	})
}

// buildProvisioning reads the device's workplace, site, customer and, for a
// DECT base, its handsets, and builds the profile.
func (s *Service) buildProvisioning(tx switchboard.Tx, d *switchboard.Device) (*DeviceProvisioning, error) {
	m, ok := s.catalogue.Model(d.Model)
	if !ok {
		return nil, fmt.Errorf("device %s: model %q is not in the catalogue", d.ID, d.Model)
	}
	c, err := tx.Customer(d.CustomerID)
	if err != nil {
		return nil, fmt.Errorf("load customer: %w", err)
	}
	out := &DeviceProvisioning{
		DeviceID: d.ID, CustomerID: d.CustomerID, Model: m, MAC: d.MAC, AllowList: c.AllowList,
		Version: d.UpdatedAt, PendingAction: d.PendingAction,
		Depends: []Dependency{{switchboard.TopicDevice, d.ID}, {switchboard.TopicCustomer, c.ID}},
	}
	w, site, err := s.placeOf(tx, d, out)
	if err != nil {
		return nil, err
	}
	if site != nil {
		out.SiteEncryption = site.Encryption
	}
	if m.URLForm == switchboard.URLNone || len(m.Files) == 0 || m.Kind == switchboard.KindDECTHandset {
		return out, nil
	}
	view := s.sipAccountView(d, c, false)
	p := &switchboard.Profile{
		Model: m.ID, MAC: d.MAC,
		Server: switchboard.SIPServer{
			Domain: view.Domain, Registrar: view.Registrar, Proxy: view.Proxy, Port: view.Port, TLSPort: view.TLSPort,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff,
		},
		Keys:            orEmpty(d.Keys),
		AdminPassword:   d.AdminPassword,
		WebUser:         d.WebUser,
		WebPassword:     m.FitPassword(d.WebPassword),
		NTPServers:      s.time.NTPServers,
		Resync:          s.time.Resync,
		ProvisioningURL: m.ProvisioningURL(s.provURL, d.AccessKey),
		PhonebookURL:    m.PhonebookURL(s.provURL, d.AccessKey, d.MAC),
		PhonebookTitle:  c.Name,
		BuiltAt:         s.clock(),
	}
	if !d.AdminPasswordManual && w != nil && w.ID == d.WorkplaceID && w.DeviceAdminPassword != "" {
		p.AdminPassword = w.DeviceAdminPassword
		out.DeliversWorkplacePassword = w.AdminPasswordDeliveredAt.IsZero()
		out.WorkplaceID, out.WorkplaceVersion = w.ID, w.UpdatedAt
	}
	p.AdminPassword = m.FitPassword(p.AdminPassword)
	if site != nil {
		p.Language, p.TimeZone = site.Language, site.TimeZone
		if len(site.NTPServers) > 0 {
			p.NTPServers = site.NTPServers
		}
		if site.ResyncMinutes > 0 {
			p.Resync = time.Duration(site.ResyncMinutes) * time.Minute
		}
	}
	if w != nil && w.Language != "" {
		p.Language = w.Language
	}
	if m.Kind == switchboard.KindDECTBase {
		p.HandsetPIN = switchboard.HandsetPIN(d.AccessKey)
	}
	siteID := ""
	if site != nil {
		siteID = site.ID
	}
	if out.Firmware, err = profileFirmware(tx, d, siteID); err != nil {
		return nil, err
	}
	if out.Firmware != nil {
		p.FirmwareURL = strings.TrimRight(s.provURL, "/") + "/" + d.AccessKey + "/" + out.Firmware.ServedName()
		p.FirmwareVersion = out.Firmware.Version
	}
	if err := s.addLines(tx, p, d, w, m, out); err != nil {
		return nil, err
	}
	labels := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		labels[i] = l.Label
	}
	p.Keys = m.WithLineKeys(p.Keys, labels)
	out.profile = p
	return out, nil
}

// placeOf loads the workplace whose line the device carries (linked, or
// logged in by hot-desking) and its site, nil for a free device, and
// records them as dependencies.
func (s *Service) placeOf(tx switchboard.Tx, d *switchboard.Device, out *DeviceProvisioning) (*switchboard.Workplace, *switchboard.Site, error) {
	if d.LineWorkplace() == "" {
		return nil, nil, nil
	}
	w, err := tx.Workplace(d.LineWorkplace())
	if err != nil {
		return nil, nil, fmt.Errorf("load workplace: %w", err)
	}
	out.Depends = append(out.Depends, Dependency{switchboard.TopicWorkplace, w.ID})
	if w.SiteID == "" {
		return w, nil, nil
	}
	site, err := tx.Site(w.SiteID)
	if err != nil {
		return nil, nil, fmt.Errorf("load site: %w", err)
	}
	out.Depends = append(out.Depends, Dependency{switchboard.TopicSite, site.ID})
	return w, site, nil
}

// addLines fills the profile's lines: the device's own account, and for a
// DECT base one line per handset with the handset-to-line mapping. A base
// without a workplace of its own carries only its handsets' lines (its own
// account when it has none yet, so it can register). A base with a
// workplace of its own is that workplace's phone set: its line rings on
// every handset as a second incoming line, while each handset dials out
// with its own line (seed 000: a handset belongs to its base). A handset
// no fetch of the base has delivered yet is to be paired (Handset.Pair).
func (s *Service) addLines(tx switchboard.Tx, p *switchboard.Profile, d *switchboard.Device, w *switchboard.Workplace, m switchboard.Model, out *DeviceProvisioning) error {
	var handsets []*switchboard.Device
	if m.Kind == switchboard.KindDECTBase {
		var err error
		if handsets, err = allDevices(tx, switchboard.DeviceFilter{BaseID: d.ID}); err != nil {
			return err
		}
	}
	baseLine := w != nil || len(handsets) == 0
	if baseLine {
		p.Lines = append(p.Lines, profileLine(d, w))
	}
	for i, h := range handsets {
		out.Depends = append(out.Depends, Dependency{switchboard.TopicDevice, h.ID})
		var hw *switchboard.Workplace
		if h.WorkplaceID != "" {
			var err error
			if hw, err = tx.Workplace(h.WorkplaceID); err != nil {
				return fmt.Errorf("load workplace of handset %s: %w", h.ID, err)
			}
			out.Depends = append(out.Depends, Dependency{switchboard.TopicWorkplace, hw.ID})
		}
		p.Lines = append(p.Lines, profileLine(h, hw))
		name := h.Description
		if name == "" {
			name = p.Lines[len(p.Lines)-1].DisplayName
		}
		hs := switchboard.Handset{Index: i + 1, Name: name, Lines: []int{len(p.Lines)}, Pair: h.LastAccess.At.IsZero()}
		if baseLine {
			hs.Lines = append(hs.Lines, 1)
		}
		if hs.Pair {
			out.Pairs = append(out.Pairs, h.ID)
		}
		p.Handsets = append(p.Handsets, hs)
	}
	return nil
}

// profileLine is a device's SIP account as a profile line, named after its
// workplace's user (or the device's description for a free device).
func profileLine(d *switchboard.Device, w *switchboard.Workplace) switchboard.ProfileLine {
	l := switchboard.ProfileLine{Username: d.SIP.Username, AuthName: d.SIP.AuthName, Password: d.SIP.Password}
	switch {
	case w != nil:
		l.DisplayName = strings.TrimSpace(w.FirstName + " " + w.LastName)
		l.Label = w.Extension
	case d.Description != "":
		l.DisplayName = d.Description
	default:
		l.DisplayName = "Hot desk"
	}
	if l.Label == "" {
		l.Label = l.DisplayName
	}
	return l
}
