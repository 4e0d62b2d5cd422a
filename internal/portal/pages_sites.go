package portal

import (
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// siteRoutes are a customer's sites and one site's settings.
func (h *handler) siteRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/sites", h.private(h.sitesPage))
	mux.Handle("GET /sites/{id}", h.private(h.sitePage))
	mux.Handle("POST /sites/{id}", h.private(h.saveSite))
}

func (h *handler) sitesPage(rq *request) error {
	return customerList(rq, "sites", "sites.title", h.svc.Sites)
}

// sitePage shows a site's settings as their edit form: encryption, time
// zone, language, time servers.
func (h *handler) sitePage(rq *request) error {
	s, err := h.svc.Site(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	return rq.show("site", "site.title", s)
}

// saveSite changes the site through the API's use case; a refused field
// shows its rule's message next to it with the values as typed.
func (h *handler) saveSite(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	s, err := h.svc.Site(ctx, p, id)
	if err != nil {
		return err
	}
	f := func(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }
	name, address, tz, lang := f("name"), f("address"), f("time_zone"), f("language")
	enc := f("encryption") != ""
	ntp := strings.Fields(strings.ReplaceAll(f("ntp_servers"), ",", " "))
	_, err = h.svc.UpdateSite(ctx, p, id, app.SitePatch{Name: &name, Address: &address, TimeZone: &tz,
		Language: &lang, Encryption: &enc, NTPServers: &ntp})
	if errs := fieldErrors(err); errs != nil {
		s.Name, s.Address, s.TimeZone, s.Language, s.Encryption, s.NTPServers = name, address, tz, lang, enc, ntp
		return rq.render(http.StatusUnprocessableEntity, "site", "site.title", s, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/sites/"+id+"?notice=saved", http.StatusSeeOther)
	return nil
}

// numberRoutes are seed 001's overview of a customer's numbers and which
// workplace holds each, and adding numbers.
func (h *handler) numberRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/numbers", h.private(h.numbersPage))
	mux.Handle("POST /customers/{id}/numbers", h.private(h.addNumbers))
}

// numbersData is the numbers page: a page of numbers, the usernames of
// the workplaces holding them, and the add form's text.
type numbersData struct {
	searched[*switchboard.Number]
	Holders map[string]string
	Input   string
}

// Holder names the workplace holding n, "" for a free number.
func (d *numbersData) Holder(n *switchboard.Number) string {
	if n.WorkplaceID == "" {
		return ""
	}
	if u, ok := d.Holders[n.WorkplaceID]; ok {
		return u
	}
	return n.WorkplaceID
}

// numbers loads the route's customer, a page of its numbers searched
// with the search box's text and the workplaces holding them; a refused
// text yields the message to show at the box.
func (h *handler) numbers(rq *request, input string) (*numbersData, map[string]string, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	d := &numbersData{Holders: map[string]string{}, Input: input}
	var errs map[string]string
	if d.searched, errs, err = searchList(rq, "numbers", c, func(text string, page switchboard.Page) ([]*switchboard.Number, string, error) {
		return h.svc.SearchNumbers(ctx, p, id, text, false, page)
	}); err != nil {
		return nil, nil, err
	}
	for _, n := range d.Items {
		if n.WorkplaceID == "" || d.Holders[n.WorkplaceID] != "" {
			continue
		}
		w, err := h.svc.Workplace(ctx, p, n.WorkplaceID)
		if err != nil {
			return nil, nil, err
		}
		d.Holders[w.ID] = w.Username
	}
	return d, errs, nil
}

func (h *handler) numbersPage(rq *request) error {
	d, errs, err := h.numbers(rq, "")
	if err != nil {
		return err
	}
	return showSearched(rq, "numbers", "numbers.title", d, errs)
}

// addNumbers gives the customer the numbers typed (one a line, or
// separated by commas or spaces), all or none; a refusal of any one shows
// at the form's one field.
func (h *handler) addNumbers(rq *request) error {
	input := rq.r.PostFormValue("numbers")
	list := strings.Fields(strings.ReplaceAll(input, ",", " "))
	_, err := h.svc.AddNumbers(rq.r.Context(), rq.principal(), rq.r.PathValue("id"), app.NumbersInput{Numbers: list})
	if errs := orderErrors(err); errs != nil {
		errs = map[string]string{"numbers": switchboard.ErrorMessage(err)}
		d, _, derr := h.numbers(rq, input)
		if derr != nil {
			return derr
		}
		return rq.render(httpstatus.Of(switchboard.ErrorCode(err)), "numbers", "numbers.title", d, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+rq.r.PathValue("id")+"/numbers?notice=saved", http.StatusSeeOther)
	return nil
}
