// Package fusionpbx reads the device list of FusionPBX (its devices CSV:
// the columns are the field names of FusionPBX's v_devices table, as its
// own device import takes them), so a customer moving from FusionPBX to
// Switchboard keeps its phones. What maps where, and what is dropped, is
// in docs/export-format.md.
package fusionpbx

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Column names of FusionPBX's devices table this package reads.
const (
	colMAC         = "device_mac_address"
	colVendor      = "device_vendor"
	colModel       = "device_model"
	colLabel       = "device_label"
	colDescription = "device_description"
)

// Device is one device of the file.
type Device struct {
	// Line is the device's line in the file (the header is line 1).
	Line int
	// MAC is as the file wrote it; the import makes it canonical.
	MAC    string
	Vendor string
	Model  string
	// Description joins FusionPBX's label and description.
	Description string
}

// maxDevices bounds what one file may hold, as Switchboard's own device
// import does.
const maxDevices = 100_000

// Parse reads a FusionPBX devices CSV: a header line naming
// device_mac_address and device_vendor, optionally device_model,
// device_label and device_description (other FusionPBX columns, such as
// lines, keys and settings, are read past), then one device per line,
// separated by commas or semicolons. Errors name the line.
func Parse(r io.Reader) ([]Device, error) {
	cr, err := reader(r)
	if err != nil {
		return nil, err
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: the header line naming the columns is missing: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, seen := col[name]; !seen {
			col[name] = i
		}
	}
	for _, need := range []string{colMAC, colVendor} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("line 1: the header names no column %s; this is not a FusionPBX devices file", need)
		}
	}
	var out []Device
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if len(out) == maxDevices {
			return nil, fmt.Errorf("line %d: a file may hold at most %d devices", line, maxDevices)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		d := Device{Line: line, MAC: get(colMAC), Vendor: get(colVendor), Model: get(colModel)}
		d.Description = strings.TrimSpace(strings.Join(nonEmpty(get(colLabel), get(colDescription)), " – "))
		out = append(out, d)
	}
}

// reader detects the separator from the header line: a semicolon when it
// holds more semicolons than commas (spreadsheets in many locales write
// those), else a comma.
func reader(r io.Reader) (*csv.Reader, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read the file: %w", err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	cr := csv.NewReader(strings.NewReader(string(data)))
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	return cr, nil
}

// nonEmpty keeps the values that are not empty.
func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
