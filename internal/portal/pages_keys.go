package portal

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// keyRoutes save a device's function keys, one module at a time.
func (h *handler) keyRoutes(mux *http.ServeMux) {
	mux.Handle("POST /devices/{id}/keys", h.private(h.saveKeys))
}

// keyEditor is seed 004's function-key editor: one tab per module (0 the
// phone, 1..n its expansion modules), each listing every key position.
type keyEditor struct {
	Modules []keyModule
	// Types are the key types the model's vendor supports.
	Types []switchboard.KeyType
}

// keyModule is one tab of the editor; Current is the one shown.
type keyModule struct {
	N       int
	Current bool
	Rows    []switchboard.FunctionKey
}

// keyForm is one module's keys as a refused save typed them.
type keyForm struct {
	Module int
	Keys   []switchboard.FunctionKey
}

// newKeyEditor lays the device's keys (or, for the module of a refused
// save, the keys as typed) out over the model's key positions; nil for a
// model without programmable keys.
func newKeyEditor(m switchboard.Model, keys []switchboard.FunctionKey, current int, form *keyForm) *keyEditor {
	if m.LineKeys == 0 || len(m.KeyTypes) == 0 {
		return nil
	}
	if form != nil {
		current = form.Module
	}
	if current < 0 || current > m.Modules {
		current = 0
	}
	set := map[[2]int]switchboard.FunctionKey{}
	for _, k := range keys {
		if form == nil || k.Module != form.Module {
			set[[2]int{k.Module, k.Index}] = k
		}
	}
	if form != nil {
		for _, k := range form.Keys {
			set[[2]int{k.Module, k.Index}] = k
		}
	}
	e := &keyEditor{Types: m.KeyTypes}
	for n := 0; n <= m.Modules; n++ {
		capacity := m.LineKeys
		if n > 0 {
			capacity = m.ModuleKeys
		}
		mod := keyModule{N: n, Current: n == current, Rows: make([]switchboard.FunctionKey, capacity)}
		for i := range mod.Rows {
			k, ok := set[[2]int{n, i + 1}]
			if !ok {
				k = switchboard.FunctionKey{Module: n, Index: i + 1}
			}
			mod.Rows[i] = k
		}
		e.Modules = append(e.Modules, mod)
	}
	return e
}

// saveKeys replaces the keys of the posted module, keeping the other
// modules' keys, through the API's use case; a "remove" button leaves its
// key out. A refusal shows the domain rule's message next to the field
// it names, with the keys as typed.
func (h *handler) saveKeys(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	d, err := h.svc.Device(ctx, p, id)
	if err != nil {
		return err
	}
	m, err := h.svc.Model(d.Model)
	if err != nil {
		return err
	}
	mod, err := strconv.Atoi(rq.r.PostFormValue("module"))
	if err != nil || mod < 0 || mod > m.Modules {
		return switchboard.Errorf(switchboard.EINVALID, "the %s has no expansion module %q", m.Name, rq.r.PostFormValue("module"))
	}
	capacity := m.LineKeys
	if mod > 0 {
		capacity = m.ModuleKeys
	}
	var keys []switchboard.FunctionKey
	for _, k := range d.Keys {
		if k.Module != mod {
			keys = append(keys, k)
		}
	}
	form := &keyForm{Module: mod}
	rows := map[int]int{}
	remove := rq.r.PostFormValue("remove")
	for i := 1; i <= capacity; i++ {
		t := rq.r.PostFormValue(fmt.Sprintf("type_%d", i))
		if t == "" || remove == strconv.Itoa(i) {
			continue
		}
		k := switchboard.FunctionKey{Module: mod, Index: i, Type: switchboard.KeyType(t),
			Value: strings.TrimSpace(rq.r.PostFormValue(fmt.Sprintf("value_%d", i))),
			Label: strings.TrimSpace(rq.r.PostFormValue(fmt.Sprintf("label_%d", i)))}
		rows[len(keys)] = i
		keys = append(keys, k)
		form.Keys = append(form.Keys, k)
	}
	_, err = h.svc.SetKeys(ctx, p, id, keys)
	if errs := keyErrors(err, mod, rows); errs != nil {
		return h.renderDevice(rq, http.StatusUnprocessableEntity, errs, &typed{Keys: form})
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, fmt.Sprintf("/devices/%s?module=%d&notice=saved#keys", id, mod), http.StatusSeeOther)
	return nil
}

// keyErrors places a refusal of the keys next to its field: the use case
// names "[j].value" for the j-th key sent, which rows maps back to the
// key's position in the posted module ("value_<module>_<index>"). A
// refusal of a key elsewhere is the form's.
func keyErrors(err error, mod int, rows map[int]int) map[string]string {
	errs := fieldErrors(err)
	if errs == nil {
		return nil
	}
	var j int
	var field string
	f := switchboard.ErrorField(err)
	if _, serr := fmt.Sscanf(f, "[%d].%s", &j, &field); serr != nil || rows[j] == 0 {
		return map[string]string{"": switchboard.ErrorMessage(err)}
	}
	if field != "value" && field != "label" {
		field = "type"
	}
	return map[string]string{fmt.Sprintf("%s_%d_%d", field, mod, rows[j]): switchboard.ErrorMessage(err)}
}
