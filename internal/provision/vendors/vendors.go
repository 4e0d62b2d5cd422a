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
	"github.com/switchboard-pbx/switchboard/internal/provision/yealink"
)

// Family is what a vendor package offers.
type Family struct {
	// Name is the family's name, the Vendor of its models.
	Name string
	// Models returns the family's catalogue entries.
	Models func() []switchboard.Model
	// Identify reports what a request shows about a device of the family;
	// ok is false when the request does not look like one.
	Identify func(userAgent, fileName string) (id switchboard.Identity, ok bool)
	// Render writes a profile as the files a model fetches; the first is
	// the main file (what the file form of the provisioning URL answers).
	Render func(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error)
	// Parse reads one file of the family's format into key/value pairs;
	// nil for a family without files.
	Parse func(body []byte) (map[string]string, error)
	// Account extracts line n (from 1) from the merged parse of a
	// profile's files.
	Account func(parsed map[string]string, n int) (switchboard.LineAccount, error)
	// KnownKeys lists every key Render may emit ('#' is a number).
	KnownKeys []string
}

// families is the list. Adding a vendor means adding a package and a line.
var families = []Family{
	{Name: yealink.Vendor, Models: yealink.Models, Identify: yealink.Identify, Render: yealink.Render, Parse: yealink.Parse, Account: yealink.Account, KnownKeys: yealink.KnownKeys},
	{Name: poly.Vendor, Models: poly.Models, Identify: poly.Identify, Render: poly.Render, Parse: poly.Parse, Account: poly.Account, KnownKeys: poly.KnownKeys},
	{Name: snom.Vendor, Models: snom.Models, Identify: snom.Identify, Render: snom.Render, Parse: snom.Parse, Account: snom.Account, KnownKeys: snom.KnownKeys},
	{Name: gigaset.Vendor, Models: gigaset.Models, Identify: gigaset.Identify, Render: gigaset.Render, Parse: gigaset.Parse, Account: gigaset.Account, KnownKeys: gigaset.KnownKeys},
	{Name: grandstream.Vendor, Models: grandstream.Models, Identify: grandstream.Identify, Render: grandstream.Render, Parse: grandstream.Parse, Account: grandstream.Account, KnownKeys: grandstream.KnownKeys},
	{Name: fanvil.Vendor, Models: fanvil.Models, Identify: fanvil.Identify, Render: fanvil.Render, Parse: fanvil.Parse, Account: fanvil.Account, KnownKeys: fanvil.KnownKeys},
	{Name: cisco.Vendor, Models: cisco.Models, Identify: cisco.Identify, Render: cisco.Render, Parse: cisco.Parse, Account: cisco.Account, KnownKeys: cisco.KnownKeys},
	{Name: audiocodes.Vendor, Models: audiocodes.Models, Identify: audiocodes.Identify, Render: audiocodes.Render, Parse: audiocodes.Parse, Account: audiocodes.Account, KnownKeys: audiocodes.KnownKeys},
	{Name: softclient.Vendor, Models: softclient.Models, Identify: softclient.Identify, Render: softclient.Render, Parse: softclient.Parse, Account: softclient.Account, KnownKeys: softclient.KnownKeys},
	{Name: universal.Vendor, Models: universal.Models, Identify: universal.Identify, Render: universal.Render},
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
	merged := map[string]string{}
	for _, file := range files {
		parsed, err := f.Parse(file.Body)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file.Name, err)
		}
		for k, v := range parsed {
			merged[k] = v
		}
	}
	return merged, nil
}

// Account reads line n of a model's fetched profile files.
func Account(m switchboard.Model, files []switchboard.File, n int) (switchboard.LineAccount, error) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.Account == nil {
		return switchboard.LineAccount{}, fmt.Errorf("vendors: model %q has no account reader", m.ID)
	}
	parsed, err := ParseFiles(m, files)
	if err != nil {
		return switchboard.LineAccount{}, err
	}
	return f.Account(parsed, n)
}

// FindFile returns the rendered file a device asks for by name. File names
// may hold placeholders, which stand for the device's MAC ("{mac}" lower,
// "{MAC}" upper case) and its access key ("{key}"); names compare without
// regard to case, as phones differ in how they write a MAC.
func FindFile(files []switchboard.File, requested, mac, key string) (switchboard.File, bool) {
	r := strings.NewReplacer("{mac}", strings.ToLower(mac), "{MAC}", strings.ToUpper(mac), "{key}", key)
	for _, f := range files {
		needsMAC := strings.Contains(f.Name, "{mac}") || strings.Contains(f.Name, "{MAC}")
		if needsMAC && mac == "" || strings.Contains(f.Name, "{key}") && key == "" {
			continue
		}
		if strings.EqualFold(r.Replace(f.Name), requested) {
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
