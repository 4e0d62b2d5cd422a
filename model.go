package switchboard

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
}

// Catalogue is the list of models Switchboard can provision.
type Catalogue interface {
	// Model returns the model with the given id.
	Model(id string) (Model, bool)
	// Models lists every model, in a stable order.
	Models() []Model
}
