// Package wazoprovd reads the device list of wazo-provd, Wazo's
// provisioning server: the JSON its REST API answers for the list of
// devices ({"devices": [...]}, GET /provd/dev_mgr/devices) or for one
// device ({"device": {...}}), so a customer moving from Wazo to Switchboard
// keeps its phones. What maps where, and what is dropped, is in
// docs/export-format.md.
package wazoprovd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Device is one device of the list.
type Device struct {
	// Index counts the list's devices from 1.
	Index int
	// MAC is as the list wrote it; the import makes it canonical.
	MAC         string
	Vendor      string
	Model       string
	Description string
}

// provdDevice is the part of a wazo-provd device this package reads;
// id, ip, version, plugin, config, configured, added and
// remote_state_sip_username are left (docs/export-format.md says why).
type provdDevice struct {
	MAC         string `json:"mac"`
	Vendor      string `json:"vendor"`
	Model       string `json:"model"`
	Description string `json:"description"`
}

// maxDevices bounds one list, as Switchboard's own device import does.
const maxDevices = 100_000

// Parse reads a wazo-provd device list or single device. A device without
// a MAC is refused: wazo-provd adds devices it saw only by address, which
// Switchboard cannot provision.
func Parse(r io.Reader) ([]Device, error) {
	var doc struct {
		Devices *[]provdDevice `json:"devices"`
		Device  *provdDevice   `json:"device"`
	}
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a wazo-provd device list: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a wazo-provd device list: more than one JSON document")
	}
	var list []provdDevice
	switch {
	case doc.Devices != nil:
		list = *doc.Devices
	case doc.Device != nil:
		list = []provdDevice{*doc.Device}
	default:
		return nil, errors.New(`not a wazo-provd device list: neither "devices" nor "device" is there`)
	}
	if len(list) > maxDevices {
		return nil, fmt.Errorf("a list may hold at most %d devices", maxDevices)
	}
	out := make([]Device, 0, len(list))
	for i, d := range list {
		if strings.TrimSpace(d.MAC) == "" {
			return nil, fmt.Errorf("device %d has no MAC; add its MAC in Wazo or leave it out", i+1)
		}
		out = append(out, Device{Index: i + 1, MAC: strings.TrimSpace(d.MAC), Vendor: strings.TrimSpace(d.Vendor),
			Model: strings.TrimSpace(d.Model), Description: strings.TrimSpace(d.Description)})
	}
	return out, nil
}
