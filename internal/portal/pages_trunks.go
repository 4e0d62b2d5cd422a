package portal

import (
	"net/http"
	"strings"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// trunkRoutes are a customer's upstream SIP trunks (issue 16): the list
// with the add form, one trunk's edit form, and its deletion.
func (h *handler) trunkRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/trunks", h.private(h.trunksPage))
	mux.Handle("POST /customers/{id}/trunks", h.private(h.addTrunk))
	mux.Handle("GET /trunks/{id}", h.private(h.trunkPage))
	mux.Handle("POST /trunks/{id}", h.private(h.saveTrunk))
	mux.Handle("GET /trunks/{id}/delete", h.private(h.deleteTrunkPage))
	mux.Handle("POST /trunks/{id}/delete", h.private(h.deleteTrunk))
}

// trunkForm is the trunk form's values as shown: the password field is
// always empty, the page only says whether one is set.
type trunkForm struct {
	app.TrunkInput
	ID          string
	CustomerID  string
	Inbound     string
	PasswordSet bool
}

// trunksData is the trunks page: a page of trunks and the add form.
type trunksData struct {
	listPage[*app.TrunkView]
	Form trunkForm
}

// trunkData is one trunk's page: its form.
type trunkData struct {
	Form trunkForm
}

// formOf is a stored trunk as the edit form shows it.
func formOf(t *app.TrunkView) trunkForm {
	return trunkForm{TrunkInput: app.TrunkInput{Name: t.Name, Proxy: t.Proxy, Transport: t.Transport, Domain: t.Domain,
		Username: t.Username, AuthUsername: t.AuthUsername, Register: t.Register, CallerID: t.CallerID},
		ID: t.ID, CustomerID: t.CustomerID, Inbound: strings.Join(t.InboundAddresses, " "), PasswordSet: t.PasswordSet}
}

// readTrunkForm reads the posted form; inbound addresses are separated by
// spaces, commas or lines.
func readTrunkForm(r *http.Request) trunkForm {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	in := app.TrunkInput{Name: f("name"), Proxy: f("proxy"), Transport: f("transport"), Domain: f("domain"),
		Username: f("username"), AuthUsername: f("auth_username"), Password: r.PostFormValue("password"),
		Register: f("register") != "", CallerID: f("caller_id")}
	inbound := f("inbound_addresses")
	in.InboundAddresses = strings.Fields(strings.ReplaceAll(inbound, ",", " "))
	return trunkForm{TrunkInput: in, Inbound: inbound}
}

// trunks loads the route's customer and a page of its trunks.
func (h *handler) trunks(rq *request, form trunkForm) (*trunksData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &trunksData{Form: form}
	d.Owner, d.Form.CustomerID = c, c.ID
	if d.Items, d.Next, err = h.svc.Trunks(ctx, p, id, rq.page()); err != nil {
		return nil, err
	}
	return d, nil
}

func (h *handler) trunksPage(rq *request) error {
	d, err := h.trunks(rq, trunkForm{TrunkInput: app.TrunkInput{Transport: "udp"}})
	if err != nil {
		return err
	}
	return rq.show("trunks", "trunks.title", d)
}

// addTrunk creates a trunk through the API's use case; a refused field
// shows its rule's message next to it with the values as typed (the
// password excepted, which is never sent back).
func (h *handler) addTrunk(rq *request) error {
	form := readTrunkForm(rq.r)
	t, err := h.svc.CreateTrunk(rq.r.Context(), rq.principal(), rq.r.PathValue("id"), form.TrunkInput)
	if errs := fieldErrors(err); errs != nil {
		form.Password = ""
		d, derr := h.trunks(rq, form)
		if derr != nil {
			return derr
		}
		return rq.render(http.StatusUnprocessableEntity, "trunks", "trunks.title", d, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/trunks/"+t.ID+"?notice=saved", http.StatusSeeOther)
	return nil
}

func (h *handler) trunkPage(rq *request) error {
	t, err := h.svc.Trunk(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	return rq.show("trunk", "trunk.title", trunkData{Form: formOf(t)})
}

// saveTrunk changes a trunk. An empty password field keeps the stored
// password; the "remove" box clears it.
func (h *handler) saveTrunk(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	t, err := h.svc.Trunk(ctx, p, id)
	if err != nil {
		return err
	}
	form := readTrunkForm(rq.r)
	in := form.TrunkInput
	patch := app.TrunkPatch{Name: &in.Name, Proxy: &in.Proxy, Transport: &in.Transport, Domain: &in.Domain,
		Username: &in.Username, AuthUsername: &in.AuthUsername, Register: &in.Register,
		InboundAddresses: &in.InboundAddresses, CallerID: &in.CallerID}
	if in.Password != "" || rq.r.PostFormValue("clear_password") != "" {
		patch.Password = &in.Password
	}
	_, err = h.svc.UpdateTrunk(ctx, p, id, patch)
	if errs := fieldErrors(err); errs != nil {
		form.Password, form.ID, form.CustomerID, form.PasswordSet = "", t.ID, t.CustomerID, t.PasswordSet
		return rq.render(http.StatusUnprocessableEntity, "trunk", "trunk.title", trunkData{Form: form}, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/trunks/"+id+"?notice=saved", http.StatusSeeOther)
	return nil
}

// deleteTrunkPage asks before a trunk goes: calls through it end.
func (h *handler) deleteTrunkPage(rq *request) error {
	t, err := h.svc.Trunk(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	return rq.show("trunk_delete", "trunk.delete_title", trunkData{Form: formOf(t)})
}

func (h *handler) deleteTrunk(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	t, err := h.svc.Trunk(ctx, p, id)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteTrunk(ctx, p, id); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+t.CustomerID+"/trunks?notice=trunk_deleted", http.StatusSeeOther)
	return nil
}

// transports are the trunk transports the form offers.
var transports = []string{"udp", "tcp", "tls"}

// Transports lists the choices of the transport field.
func (f trunkForm) Transports() []string { return transports }
