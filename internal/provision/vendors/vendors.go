// Package vendors is the one list that names Switchboard's vendor families.
// It builds the device catalogue from their models and routes
// identification, rendering and parsing to the family a model belongs to;
// nothing else in the program knows a vendor's name.
//
// How the rest of the program uses this package:
//
//   - The catalogue: New() implements switchboard.Catalogue for GET
//     /api/v1/models and for checking a device's model.
//   - The provisioning server: load the device by its key, take its model
//     from the catalogue, build a switchboard.Profile (server settings
//     after switchboard.MustEncrypt; for a DECT base, one line per attached
//     handset, in handset order, with Handsets[i] = {Index: i+1, Lines:
//     [i+1]}), then Render. The first file answers "/<key>.cfg"; FindFile
//     maps "/<key>/<name>" to a file, filling in the device's MAC and key.
//     Identify(User-Agent, file name) yields the vendor, model and MAC the
//     request shows; Identity.Conflict or a MAC other than the device's is
//     a refusal.
//   - The phone simulator: fetch the model's files, then Account(model,
//     files, n) reads line n as the phone would (registrar, port,
//     transport, SRTP, credentials).
//   - Device actions: Model.ActionEvent gives the NOTIFY event and reboot
//     flag, or a conflict error naming the model when it cannot do it.
package vendors

import (
	"fmt"
	"maps"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/audiocodes"
	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
	"github.com/switchboard-pbx/switchboard/internal/provision/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/provision/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/provision/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/provision/poly"
	"github.com/switchboard-pbx/switchboard/internal/provision/snom"
	"github.com/switchboard-pbx/switchboard/internal/provision/softclient"
	"github.com/switchboard-pbx/switchboard/internal/provision/universal"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
	"github.com/switchboard-pbx/switchboard/internal/provision/yealink"
)

// Family is what a vendor package offers (its exported Family value).
type Family = vendorkit.Family

// families is the list. Adding a vendor means adding a package and its
// Family here.
var families = []Family{
	yealink.Family, poly.Family, snom.Family, gigaset.Family, grandstream.Family,
	fanvil.Family, cisco.Family, audiocodes.Family, softclient.Family, universal.Family,
}

// Families returns every vendor family in a stable order.
func Families() []Family {
	return append([]Family(nil), families...)
}

// Lookup returns the family of the given name.
func Lookup(name string) (Family, bool) {
	for _, f := range families {
		if f.Name == name {
			return f, true
		}
	}
	return Family{}, false
}

// Catalogue is the device catalogue built from every family's models. It
// implements switchboard.Catalogue and is safe for concurrent use.
type Catalogue struct {
	models []switchboard.Model
	byID   map[string]int
}

var _ switchboard.Catalogue = (*Catalogue)(nil)

// New builds the catalogue. It fails when two models share an id, which
// the package's tests rule out.
func New() (*Catalogue, error) {
	c := &Catalogue{byID: map[string]int{}}
	for _, f := range families {
		for _, m := range f.Models() {
			if _, dup := c.byID[m.ID]; dup {
				return nil, fmt.Errorf("vendors: model id %q is declared twice", m.ID)
			}
			c.byID[m.ID] = len(c.models)
			c.models = append(c.models, m)
		}
	}
	return c, nil
}

// Model returns the model with the given id.
func (c *Catalogue) Model(id string) (switchboard.Model, bool) {
	i, ok := c.byID[id]
	if !ok {
		return switchboard.Model{}, false
	}
	return clone(c.models[i]), true
}

// Models lists every model, grouped by family in the list's order.
func (c *Catalogue) Models() []switchboard.Model {
	out := make([]switchboard.Model, len(c.models))
	for i, m := range c.models {
		out[i] = clone(m)
	}
	return out
}

// clone copies a model's slices so callers cannot change the catalogue.
func clone(m switchboard.Model) switchboard.Model {
	m.KeyTypes = append([]switchboard.KeyType{}, m.KeyTypes...)
	m.Files = append([]string{}, m.Files...)
	if m.OtherFiles != nil {
		m.OtherFiles = append([]string{}, m.OtherFiles...)
	}
	m.ManualSteps = append([]string{}, m.ManualSteps...)
	if m.Manuals != nil {
		manuals := make(map[string]switchboard.Manual, len(m.Manuals))
		for lang, t := range m.Manuals {
			t.ManualSteps = append([]string{}, t.ManualSteps...)
			manuals[lang] = t
		}
		m.Manuals = manuals
	}
	if m.Bases != nil {
		m.Bases = append([]string{}, m.Bases...)
	}
	return m
}

// Identify asks every family about a request and returns the first that
// recognises it.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	for _, f := range families {
		if id, ok := f.Identify(userAgent, fileName); ok {
			return id, true
		}
	}
	return switchboard.Identity{}, false
}

// Render writes a profile with the renderer of the model's family.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	f, ok := Lookup(m.Vendor)
	if !ok {
		return nil, fmt.Errorf("vendors: no renderer for vendor %q of model %q", m.Vendor, m.ID)
	}
	return f.Render(p, m)
}

// ParseFiles parses every file of a rendered (or fetched) profile with the
// model's family and merges the results in file order, so that Account sees
// all of it.
// The phone simulator uses it to read what it fetched.
func ParseFiles(m switchboard.Model, files []switchboard.File) (map[string]string, error) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.Parse == nil {
		return nil, fmt.Errorf("vendors: model %q has no file format to parse", m.ID)
	}
	var merged map[string]string
	for _, file := range files {
		parsed, err := f.Parse(file.Body)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file.Name, err)
		}
		if merged == nil {
			merged = parsed
			continue
		}
		maps.Copy(merged, parsed)
	}
	if merged == nil {
		merged = map[string]string{}
	}
	return merged, nil
}

// Account reads line n of a model's fetched profile files.
func Account(m switchboard.Model, files []switchboard.File, n int) (switchboard.LineAccount, error) {
	parsed, err := ParseFiles(m, files)
	if err != nil {
		return switchboard.LineAccount{}, err
	}
	return AccountOf(m, parsed, n)
}

// AccountOf reads line n of files ParseFiles has read already, for a reader
// that needs more of the settings than the account.
func AccountOf(m switchboard.Model, parsed map[string]string, n int) (switchboard.LineAccount, error) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.Account == nil {
		return switchboard.LineAccount{}, fmt.Errorf("vendors: model %q has no account reader", m.ID)
	}
	return f.Account(parsed, n)
}

// FindFile returns the rendered file a device asks for by name. File names
// may hold placeholders, which stand for the device's MAC ("{mac}" lower,
// "{MAC}" upper case) and its access key ("{key}"); names compare without
// regard to case, as phones differ in how they write a MAC.
func FindFile(files []switchboard.File, requested, mac, key string) (switchboard.File, bool) {
	for _, f := range files {
		needsMAC := strings.Contains(f.Name, "{mac}") || strings.Contains(f.Name, "{MAC}")
		if needsMAC && mac == "" || strings.Contains(f.Name, "{key}") && key == "" {
			continue
		}
		// Names compare without regard to case, so "{MAC}" may stand
		// for the MAC in lower case as well. Replaced one by one: a
		// Replacer built per request costs more than the comparison.
		name := strings.ReplaceAll(strings.ReplaceAll(f.Name, "{mac}", mac), "{MAC}", mac)
		if strings.EqualFold(strings.ReplaceAll(name, "{key}", key), requested) {
			return f, true
		}
	}
	return switchboard.File{}, false
}

// IsOtherFile reports whether a requested name is one of the model's
// OtherFiles: asked for by its firmware but not served, so its 404 need not
// count as a miss.
func IsOtherFile(m switchboard.Model, requested, mac string) bool {
	files := make([]switchboard.File, len(m.OtherFiles))
	for i, name := range m.OtherFiles {
		files[i].Name = name
	}
	_, ok := FindFile(files, requested, mac, "")
	return ok
}
