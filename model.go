package switchboard

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Model is one entry of the device catalogue. Vendor packages declare their
// models; the rest of the program knows only this type and Catalogue.
type Model struct {
	ID     string     `json:"id"`
	Vendor string     `json:"vendor"`
	Name   string     `json:"name"`
	Kind   DeviceKind `json:"kind"`
	// Lines is how many SIP accounts the model carries.
	Lines int `json:"lines"`
	// LineKeys is the number of programmable keys on the device itself.
	LineKeys int `json:"line_keys"`
	// Modules is how many expansion modules can be attached, each with
	// ModuleKeys keys.
	Modules    int `json:"modules"`
	ModuleKeys int `json:"module_keys"`
	// KeyTypes lists the function key types the vendor supports.
	KeyTypes []KeyType `json:"key_types"`
	// CanSync and CanReboot say whether the model obeys a check-sync NOTIFY
	// without and with reboot (seed 004: reboot is not offered on all).
	CanSync   bool `json:"can_sync"`
	CanReboot bool `json:"can_reboot"`
	// FirmwareKey says that the vendor's profile names a pinned firmware
	// file in a key the vendor documents for the model, so its devices can
	// be told to upgrade (issue 17); without one a firmware pin or rollout
	// for the model is refused (CheckFirmwarePin).
	FirmwareKey bool `json:"firmware_key"`

	// SyncEvent and RebootEvent are the SIP event package names of the
	// NOTIFY that makes the device fetch its profile again, without and
	// with a reboot (e.g. "check-sync"; the NOTIFY sender adds
	// ";reboot=false|true"). Empty when the matching Can* is false.
	SyncEvent   string `json:"sync_event,omitempty"`
	RebootEvent string `json:"reboot_event,omitempty"`
	// Files are the file names the device asks for, in the order its
	// firmware asks. "{mac}" stands for the MAC in lower case, "{MAC}" in
	// upper case. The first is the profile's main file. Empty for models
	// that fetch nothing (universal profile, handsets, web phone).
	Files []string `json:"files"`
	// OtherFiles are further names (same placeholders) the firmware asks
	// for or uploads that Switchboard does not serve, such as boot files and
	// logs. With a valid key they get a 404 that the provisioning server
	// need not count as a miss, so a boot storm behind one address is not
	// taken for guessing.
	OtherFiles []string `json:"other_files,omitempty"`
	// URLForm says how the provisioning URL is written into the device:
	// URLFile for "https://host:8448/<key>.cfg", URLDirectory for
	// "https://host:8448/<key>/" when the device appends its own file
	// names, URLNone when the device fetches no profile itself.
	URLForm URLForm `json:"url_form"`
	// FactoryReset tells a person how to bring the device back to factory
	// settings before it is reused (seed 000).
	FactoryReset string `json:"factory_reset"`
	// ManualSteps tell a person, step by step, where the provisioning URL
	// goes in the device's own interface and how to start the download
	// (seed 004 "Configuration manuelle").
	ManualSteps []string `json:"manual_steps"`
	// Handsets is how many DECT handsets a base station carries; zero for
	// everything but bases.
	Handsets int `json:"handsets,omitempty"`
	// Bases lists the ids of the base station models a DECT handset can be
	// attached to; a handset on any other base is refused (issue 4).
	Bases []string `json:"bases,omitempty"`
	// MaxPassword is the longest admin or web password the firmware
	// accepts, 0 when it takes the 40 generated digits of seed 004. A
	// generated password is cut to this length (Model.FitPassword), never
	// padded, so the device keeps the strongest password it can hold.
	MaxPassword int `json:"max_password,omitempty"`
	// MinPassword is the shortest password the firmware accepts when it
	// is above seed 004's 4 digits; a shorter one set by hand is refused.
	MinPassword int `json:"min_password,omitempty"`
	// Redirect names the vendor's redirect service for MAC provisioning
	// (e.g. "yealink-rps"); empty when there is none.
	Redirect string `json:"redirect,omitempty"`
	// PhonebookFile is the name the device fetches its customer's company
	// phonebook under, in its own directory (issue 17; "{mac}" as in
	// Files); empty when Switchboard serves the model none.
	PhonebookFile string `json:"phonebook_file,omitempty"`
	// Manuals are FactoryReset and ManualSteps in further languages, by
	// language code ("de", "fr"), for the portal (Model.Manual).
	Manuals map[string]Manual `json:"-"`
}

// URLForm is how a device is given its provisioning URL.
type URLForm string

// Provisioning URL forms (DESIGN §4 "Provisioning URL").
const (
	URLFile      URLForm = "file"
	URLDirectory URLForm = "directory"
	URLNone      URLForm = "none"
)

// ProvisioningURL is the URL a device of this model is given, built from
// the provisioning server's base URL and the device's access key in the
// form the model's firmware needs: "<base>/<key>.cfg" for URLFile,
// "<base>/<key>/" for URLDirectory (the device appends its own file
// names), "" for URLNone. It is the one place the URL is built: the API,
// the CLI, every message and the profile itself show this value.
func (m Model) ProvisioningURL(base, key string) string {
	base = strings.TrimRight(base, "/")
	switch m.URLForm {
	case URLFile:
		return base + "/" + key + ".cfg"
	case URLDirectory:
		return base + "/" + key + "/"
	default:
		return ""
	}
}

// PhonebookURL is where a device of this model fetches the company
// phonebook: PhonebookFile in the device's own directory "<base>/<key>/",
// its "{mac}" filled in with mac; "" when the model takes none.
func (m Model) PhonebookURL(base, key, mac string) string {
	if m.PhonebookFile == "" || m.URLForm == URLNone {
		return ""
	}
	name := strings.ReplaceAll(strings.ReplaceAll(m.PhonebookFile, "{mac}", mac), "{MAC}", strings.ToUpper(mac))
	return strings.TrimRight(base, "/") + "/" + key + "/" + name
}

// FitPassword cuts a generated password to the longest the firmware
// accepts (MaxPassword). A password set by hand (4 to 9 digits) always
// fits: every model takes at least 9.
func (m Model) FitPassword(pw string) string {
	if m.MaxPassword > 0 && len(pw) > m.MaxPassword {
		return pw[:m.MaxPassword]
	}
	return pw
}

// Catalogue is the list of models Switchboard can provision.
type Catalogue interface {
	// Model returns the model with the given id.
	Model(id string) (Model, bool)
	// Models lists every model, in a stable order.
	Models() []Model
}

// SupportsKey reports whether the model's vendor offers key type t.
func (m Model) SupportsKey(t KeyType) bool {
	for _, k := range m.KeyTypes {
		if k == t {
			return true
		}
	}
	return false
}

// ValidateKeys checks function keys against the model (issue 4 item 5):
// module 0 is the phone with keys 1..LineKeys, modules 1..Modules have keys
// 1..ModuleKeys; the type must be one the vendor supports; each key is
// given once; and each type gets the value it needs. Errors name the key so
// a person can find it, and carry the field "keys[i].<field>".
func (m Model) ValidateKeys(keys []FunctionKey) error {
	seen := make(map[[2]int]bool, len(keys))
	for i, k := range keys {
		field := fmt.Sprintf("keys[%d]", i)
		capacity := m.LineKeys
		if k.Module > 0 {
			capacity = m.ModuleKeys
		}
		switch {
		case k.Module < 0 || k.Module > m.Modules:
			if m.Modules == 0 {
				return FieldErrorf(field+".module", "key %d names expansion module %d, but the %s takes no expansion module (use module 0 for the phone's own keys)", i+1, k.Module, m.Name)
			}
			return FieldErrorf(field+".module", "key %d names expansion module %d, but the %s takes modules 1 to %d (0 is the phone)", i+1, k.Module, m.Name, m.Modules)
		case capacity == 0:
			return FieldErrorf(field+".index", "the %s has no programmable keys", m.Name)
		case k.Index < 1 || k.Index > capacity:
			return FieldErrorf(field+".index", "%s does not exist: the %s has keys 1 to %d there", keyName(k), m.Name, capacity)
		case seen[[2]int{k.Module, k.Index}]:
			return FieldErrorf(field+".index", "%s is given twice", keyName(k))
		case !m.SupportsKey(k.Type):
			return FieldErrorf(field+".type", "%s: type %q is not supported by the %s (supported: %s)", keyName(k), k.Type, m.Name, keyTypeList(m.KeyTypes))
		}
		seen[[2]int{k.Module, k.Index}] = true
		if msg := keyValueProblem(m, k); msg != "" {
			return FieldErrorf(field+".value", "%s: %s", keyName(k), msg)
		}
		if utf8.RuneCountInString(k.Label) > 40 || strings.ContainsFunc(k.Label, Unprintable) {
			return FieldErrorf(field+".label", "%s: the label may have at most 40 characters and no control or bidirectional formatting characters", keyName(k))
		}
	}
	return nil
}

// keyName names a key the way the portal shows it.
func keyName(k FunctionKey) string {
	if k.Module == 0 {
		return fmt.Sprintf("key %d on the phone", k.Index)
	}
	return fmt.Sprintf("key %d on expansion module %d", k.Index, k.Module)
}

func keyTypeList(ts []KeyType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// keyValueProblem returns what is wrong with a key's value for its type, or
// "" when it is fine.
func keyValueProblem(m Model, k FunctionKey) string {
	v := k.Value
	switch k.Type {
	case KeyLine:
		if v == "" {
			return ""
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > m.Lines {
			return fmt.Sprintf("a line key takes the line number 1 to %d, not %q", m.Lines, v)
		}
	case KeySpeedDial:
		if v == "" {
			return "a speed dial key needs the number or *# code to dial"
		}
		if !IsDialString(v) {
			return fmt.Sprintf("a speed dial may contain only digits, *, # and a leading +, not %q", v)
		}
	case KeyVoicemail:
		if v != "" && !IsDialString(v) {
			return fmt.Sprintf("a voicemail key takes the mailbox number to dial (digits, *, #) or nothing, not %q", v)
		}
	case KeyBLF, KeyExtension, KeyGroup:
		if v == "" {
			return fmt.Sprintf("a %s key needs the extension it stands for", k.Type)
		}
		if !isDigits(v) || len(v) > 15 {
			return fmt.Sprintf("a %s key takes an extension of 1 to 15 digits, not %q", k.Type, v)
		}
	case KeyDirectory:
		if v != "" {
			return "a directory key takes no value"
		}
	default:
		return fmt.Sprintf("unknown key type %q", k.Type)
	}
	return ""
}

// IsDialString reports whether v can be dialled by a speed dial key: digits,
// '*' and '#', with an optional leading '+', at most 32 characters.
func IsDialString(v string) bool {
	if v == "" || len(v) > 32 {
		return false
	}
	for i, c := range v {
		if !(c >= '0' && c <= '9' || c == '*' || c == '#' || c == '+' && i == 0) {
			return false
		}
	}
	return v != "+"
}

func isDigits(v string) bool {
	if v == "" {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CheckBase checks that a DECT handset of model m may be attached to a base
// station of model base (issue 4 item 6): m must be a handset, base a DECT
// base, and base one of the bases m names (which are of m's vendor).
func (m Model) CheckBase(base Model) error {
	switch {
	case m.Kind != KindDECTHandset:
		return FieldErrorf("base", "only DECT handsets are attached to a base station; the %s is not one", m.Name)
	case base.Kind != KindDECTBase:
		return FieldErrorf("base", "the %s is not a DECT base station", base.Name)
	case !strings.EqualFold(base.Vendor, m.Vendor):
		return FieldErrorf("base", "the %s cannot be attached to the %s: handset and base must be of the same maker", m.Name, base.Name)
	case !m.FitsBase(base):
		return FieldErrorf("base", "the %s does not work with the %s", m.Name, base.Name)
	}
	return nil
}

// FitsBase reports whether a DECT handset of model m works with a base
// station of model base: one of the bases m names, or any base of its
// maker when it names none. The API, the portal's choice of handsets and
// the simulator all ask it, so they offer and accept the same pairs.
func (m Model) FitsBase(base Model) bool {
	if m.Kind != KindDECTHandset || base.Kind != KindDECTBase {
		return false
	}
	if len(m.Bases) > 0 {
		return slices.Contains(m.Bases, base.ID)
	}
	return strings.EqualFold(m.Vendor, base.Vendor)
}

// ActionEvent returns the NOTIFY that carries out a device action on the
// model, as the NOTIFY sender takes it: the event package and whether to
// ask for a reboot. Sync needs CanSync. Reboot needs CanReboot. Reset and
// reconfigure reload the profile: with a reboot where the model can (seed
// 000), else with a sync. The error names the model so the API can refuse
// with a message a person understands (seed 004: reboot is not offered on
// every type).
func (m Model) ActionEvent(a Action) (event string, reboot bool, err error) {
	switch a {
	case ActionSync:
		if m.CanSync {
			return m.SyncEvent, false, nil
		}
		return "", false, Errorf(ECONFLICT, "the %s cannot be told to fetch its profile; restart it by hand to load the changes", m.Name)
	case ActionReboot:
		if m.CanReboot {
			return m.RebootEvent, true, nil
		}
		return "", false, Errorf(ECONFLICT, "the %s cannot be restarted from Switchboard; restart it by hand", m.Name)
	case ActionReset, ActionReconfigure:
		switch {
		case m.CanReboot:
			return m.RebootEvent, true, nil
		case m.CanSync:
			return m.SyncEvent, false, nil
		}
		return "", false, Errorf(ECONFLICT, "the %s cannot be told to reload its profile; restart it by hand", m.Name)
	}
	return "", false, Errorf(EINVALID, "unknown device action %q", a)
}

// WithLineKeys returns keys plus a line key for every line that has none,
// each on the first free key of the phone itself and labelled with the
// line's label (labels holds one per line). Renderers write every key
// position (a removed key is reset on the phone), so without this a phone
// whose keys were never set would show none of its lines. Keys set by
// hand keep their positions.
func (m Model) WithLineKeys(keys []FunctionKey, labels []string) []FunctionKey {
	if !m.SupportsKey(KeyLine) || m.LineKeys == 0 {
		return keys
	}
	used := map[int]bool{}
	shown := map[int]bool{}
	for _, k := range keys {
		if k.Module == 0 {
			used[k.Index] = true
		}
		if k.Type == KeyLine {
			n, err := strconv.Atoi(k.Value)
			if err != nil {
				n = 1
			}
			shown[n] = true
		}
	}
	out := append([]FunctionKey(nil), keys...)
	next := 1
	for n := 1; n <= len(labels); n++ {
		if shown[n] {
			continue
		}
		for next <= m.LineKeys && used[next] {
			next++
		}
		if next > m.LineKeys {
			break
		}
		used[next] = true
		out = append(out, FunctionKey{Module: 0, Index: next, Type: KeyLine, Value: strconv.Itoa(n), Label: labels[n-1]})
	}
	return out
}
