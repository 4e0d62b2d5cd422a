package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ForeignDevice is a device read from another provisioning system's
// export (internal/fusionpbx, internal/wazoprovd): its MAC, its vendor and
// model in that system's words, and a description.
type ForeignDevice struct {
	MAC         string
	Vendor      string
	Model       string
	Description string
}

// vendorAliases are other systems' names of the catalogue's vendors.
var vendorAliases = map[string]string{"polycom": "poly"}

// ImportForeignDevices creates a customer's devices from another system's
// device list as free devices (for hot-desking, or to link afterwards),
// with ImportDevices' rules: all or nothing, every bad device named as
// "line N", N counting the devices from 2 as the lines of a file with a
// header. Each vendor and model is matched to the catalogue by its id or
// name; a model the catalogue does not hold is refused at its line.
func (s *Service) ImportForeignDevices(ctx context.Context, p switchboard.Principal, customerID string, ds []ForeignDevice) (*ImportResult, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"model", "mac", "description", "workplace"})
	for _, d := range ds {
		_ = w.Write([]string{s.catalogueModel(d.Vendor, d.Model), d.MAC, d.Description, ""})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("import devices: %w", err)
	}
	return s.ImportDevices(ctx, p, customerID, &buf)
}

// catalogueModel finds the catalogue's model for another system's vendor
// and model: the model whose id or name reads the same, ignoring case,
// spaces and punctuation. Without one it answers the two words joined,
// which the import refuses as an unknown model at the device's line.
func (s *Service) catalogueModel(vendor, model string) string {
	v := squash(vendor)
	if alias, ok := vendorAliases[v]; ok {
		v = alias
	}
	want := v + squash(model)
	for _, m := range s.catalogue.Models() {
		if squash(m.Vendor) == v && v != "" && (squash(m.ID) == want || squash(m.Name) == want) {
			return m.ID
		}
	}
	return strings.TrimSpace(vendor + " " + model)
}

// squash lower-cases s and keeps only its letters and digits.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
