package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// Names of what Setup creates, so that the next run finds and reuses it.
const (
	CustomerName = "Switchboard simulator"
	SiteName     = "Simulator"
)

// SetupOptions say what Setup provides.
type SetupOptions struct {
	// CustomerID uses an existing customer; empty finds or creates the
	// customer named CustomerName. Either way the site SiteName is found or
	// created in it.
	CustomerID string
	// CustomerName overrides CustomerName (the demo uses its own).
	CustomerName string
	// SIPDomain is the SIP domain of a customer Setup creates; empty lets
	// the server derive one from the name.
	SIPDomain string
	// Free creates devices not linked to any workplace (hot-desk devices,
	// each with its own SIP account) instead of one workplace per phone:
	// the benchmark's way of providing 100,000 devices without 100,000
	// workplace orders for the server to carry out.
	Free bool
	// Phones is how many devices to provide; Models are used in turn.
	Phones int
	Models []switchboard.Model
	// Progress, when not nil, receives a line now and then while devices
	// are created.
	Progress io.Writer
	// Login starts the phones factory-fresh through their initial logins
	// (Phone.Factory).
	Login bool
	// Redirects, when set, starts the phones factory-fresh through the
	// redirect services: Setup gives the customer an account at each of
	// these fakes before it creates the devices, and arms the devices' MAC
	// provisioning ("once", also on devices of an earlier run), so the
	// server registers every MAC there; Redirects.Await then waits for
	// them.
	Redirects *Redirects
}

// apiDevice is the part of a device the simulator needs.
type apiDevice struct {
	ID              string `json:"id"`
	Model           string `json:"model"`
	MAC             string `json:"mac"`
	ProvisioningURL string `json:"provisioning_url"`
	Base            string `json:"base"`
}

type apiNamed struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// Setup provides, through the API, a customer with a site and one
// workplace and device per phone (device i has the MAC MAC(vendor,
// customer, i)), reusing whatever an earlier run created, and returns the
// phones to simulate. The SIP accounts are not read here: each phone finds
// its own in the profile it fetches.
func Setup(ctx context.Context, c *apiclient.Client, o SetupOptions) ([]Phone, string, error) {
	if o.Phones <= 0 || len(o.Models) == 0 {
		return nil, "", switchboard.Errorf(switchboard.EINVALID, "give at least one phone and one model")
	}
	for _, m := range o.Models {
		if !Simulates(m) {
			return nil, "", switchboard.Errorf(switchboard.EINVALID, "the simulator cannot play a %s", m.Name)
		}
	}
	name := o.CustomerName
	if name == "" {
		name = CustomerName
	}
	create := map[string]any{"name": name, "admin_email": "simulator@example.com"}
	if o.SIPDomain != "" {
		create["sip_domain"] = o.SIPDomain
	}
	customer, err := findOrCreate(ctx, c, "/api/v1/customers", "name", name, o.CustomerID, create)
	if err != nil {
		return nil, "", fmt.Errorf("customer: %w", err)
	}
	cpath := "/api/v1/customers/" + url.PathEscape(customer)
	if o.Redirects != nil {
		if err := o.Redirects.Connect(ctx, c, customer, o.Models); err != nil {
			return nil, "", err
		}
	}
	site, err := findOrCreate(ctx, c, cpath+"/sites", "name", SiteName, "", map[string]any{"name": SiteName})
	if err != nil {
		return nil, "", fmt.Errorf("site: %w", err)
	}
	devices, err := list[apiDevice](ctx, c, cpath+"/devices")
	if err != nil {
		return nil, "", fmt.Errorf("devices: %w", err)
	}
	byMAC := map[string]apiDevice{}
	withHandset := map[string]bool{}
	for _, d := range devices {
		byMAC[d.MAC] = d
		withHandset[d.Base] = true
	}
	workplaces, err := list[apiNamed](ctx, c, cpath+"/workplaces")
	if err != nil {
		return nil, "", fmt.Errorf("workplaces: %w", err)
	}
	wpByUser := map[string]string{}
	for _, w := range workplaces {
		wpByUser[w.Username] = w.ID
	}
	tag := shortHash(customer)
	phones := make([]Phone, 0, o.Phones)
	last := time.Now()
	every, format := 2*time.Second, "devices ready: %d/%d\n"
	if isTerminal(o.Progress) {
		every, format = 250*time.Millisecond, "\rdevices ready: %d/%d"
	}
	for i := range o.Phones {
		m := o.Models[i%len(o.Models)]
		mac, _ := MAC(m.Vendor, customer, i)
		d, reused := byMAC[mac]
		if !reused {
			if d, err = createDevice(ctx, c, cpath, site, tag, m, mac, i, o, wpByUser); err != nil {
				return nil, "", err
			}
		}
		if d.Model != m.ID {
			return nil, "", switchboard.Errorf(switchboard.ECONFLICT, "device %s with the simulator's MAC %s is a %s, not a %s; delete it or use another customer", d.ID, mac, d.Model, m.ID)
		}
		if m.Kind == switchboard.KindDECTBase && !withHandset[d.ID] {
			if err := addHandset(ctx, c, cpath, d.ID, m); err != nil {
				return nil, "", err
			}
			withHandset[d.ID] = true
		}
		ph := Phone{DeviceID: d.ID, Model: m, MAC: mac, ProvisioningURL: d.ProvisioningURL}
		if err := factoryStart(ctx, c, o, &ph, reused); err != nil {
			return nil, "", err
		}
		phones = append(phones, ph)
		if o.Progress != nil && time.Since(last) > every {
			fmt.Fprintf(o.Progress, format, i+1, o.Phones)
			last = time.Now()
		}
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, strings.TrimSuffix(format, "\n")+"\n", len(phones), o.Phones)
	}
	return phones, customer, nil
}

// createDevice creates device i of model m with the given MAC: free (not
// linked) when free is set, else on its own workplace (found in wpByUser
// or created), armed for MAC provisioning with o.Redirects. There is one workplace per vendor and index, so that a run
// with other vendors does not put a second desk phone on a workplace.
func createDevice(ctx context.Context, c *apiclient.Client, cpath, site, tag string, m switchboard.Model, mac string, i int, o SetupOptions, wpByUser map[string]string) (apiDevice, error) {
	var d apiDevice
	body := map[string]any{"model": m.ID, "description": fmt.Sprintf("simulated %s %d", m.Name, i+1), "mac": mac}
	if o.Redirects != nil {
		body["mac_provisioning"], body["label_code"] = "once", LabelCode(mac)
	}
	path := cpath + "/devices"
	if !o.Free {
		user := fmt.Sprintf("sim-%s-%s-%05d", tag, m.Vendor, i)
		wp, ok := wpByUser[user]
		if !ok {
			var w apiNamed
			err := c.Do(ctx, "POST", cpath+"/workplaces", map[string]any{
				"site": site, "first_name": "Simulated", "last_name": fmt.Sprintf("Phone %d", i+1),
				"email": user + "@example.com", "email_confirm": user + "@example.com", "no_mobile": true,
				"username": user, "extension": extension(m.Vendor, i), "package": "none",
			}, &w)
			if err != nil {
				return d, fmt.Errorf("create workplace %s: %w", user, err)
			}
			wp = w.ID
		}
		path = "/api/v1/workplaces/" + url.PathEscape(wp) + "/devices"
	}
	if err := c.Do(ctx, "POST", path, body, &d); err != nil {
		return d, fmt.Errorf("create device %d (%s): %w", i+1, m.ID, err)
	}
	return d, nil
}

// addHandset attaches one handset to a DECT base: a base carries the lines
// of its handsets, and registers the first.
func addHandset(ctx context.Context, c *apiclient.Client, cpath, baseID string, base switchboard.Model) error {
	cat, err := vendors.New()
	if err != nil {
		return err
	}
	for _, h := range cat.Models() {
		if !h.FitsBase(base) {
			continue
		}
		err := c.Do(ctx, "POST", cpath+"/devices", map[string]any{"model": h.ID, "base": baseID, "description": "simulated handset"}, nil)
		if err != nil {
			return fmt.Errorf("attach a %s to base %s: %w", h.Name, baseID, err)
		}
		return nil
	}
	return switchboard.Errorf(switchboard.EINVALID, "the catalogue has no handset for the %s", base.Name)
}

// findOrCreate returns id when given (after checking it exists), else the
// id of the item of the list whose field equals value, else creates one.
func findOrCreate(ctx context.Context, c *apiclient.Client, path, field, value, id string, create map[string]any) (string, error) {
	if id != "" {
		var got apiNamed
		if err := c.Do(ctx, "GET", path+"/"+url.PathEscape(id), nil, &got); err != nil {
			return "", err
		}
		return got.ID, nil
	}
	items, err := c.List(ctx, path, nil, 0)
	if err != nil {
		return "", err
	}
	for _, raw := range items {
		var m map[string]any
		if json.Unmarshal(raw, &m) == nil && m[field] == value {
			if s, ok := m["id"].(string); ok {
				return s, nil
			}
		}
	}
	var got apiNamed
	if err := c.Do(ctx, "POST", path, create, &got); err != nil {
		return "", err
	}
	return got.ID, nil
}

func list[T any](ctx context.Context, c *apiclient.Client, path string) ([]T, error) {
	items, err := c.List(ctx, path, nil, 0)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(items))
	for _, raw := range items {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("decode %s: %w", path, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// extension is the workplace extension of phone i of a vendor: "2", the
// vendor's place among Vendors, and i in five digits; unique within the
// customer and clear of the reserved prefixes (77, 78, 110, 112, 118).
func extension(vendor string, i int) string {
	return fmt.Sprintf("2%d%05d", slices.Index(Vendors(), vendor), i)
}

// shortHash names a customer in user names: six hex digits of its id.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:3])
}
