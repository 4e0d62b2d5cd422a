package portal

import (
	"net/http"
	"net/url"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// auditRoutes are the security events and the audit trail: every
// customer's for the operator, one customer's for its administrators and
// the operator.
func (h *handler) auditRoutes(mux *http.ServeMux) {
	mux.Handle("GET /audit", h.private(h.auditPage))
	mux.Handle("GET /customers/{id}/audit", h.private(h.auditPage))
}

// eventChoices are the kinds the filter offers, "" for both.
var eventChoices = map[string][]string{"kind": {"", switchboard.EventAudit, switchboard.EventSecurity}}

// filtered is a list narrowed by the query of a GET form, with the query
// of its next page.
type filtered[T any] struct {
	Items []T
	// Owner is the customer whose list it is; nil for the operator's
	// list of every customer.
	Owner *switchboard.Customer
	// Query holds the filter's values by field name.
	Query map[string]string
	// Choices are the values a filter field offers, by field name.
	Choices map[string][]string
	// Next is the query string of the next page, "" on the last.
	Next string
}

// filterQuery reads the filter fields of the request.
func (rq *request) filterQuery(fields ...string) map[string]string {
	q := map[string]string{}
	for _, f := range fields {
		q[f] = strings.TrimSpace(rq.r.URL.Query().Get(f))
	}
	return q
}

// nextQuery is the query string of the page after cursor with the same
// filter; "" when there is no next page.
func nextQuery(q map[string]string, cursor string) string {
	if cursor == "" {
		return ""
	}
	v := url.Values{"after": {cursor}}
	for k, s := range q {
		if s != "" {
			v.Set(k, s)
		}
	}
	return "?" + v.Encode()
}

// owner returns the route's customer, nil on the routes of every
// customer; another customer's is ENOTFOUND.
func (rq *request) owner() (*switchboard.Customer, error) {
	id := rq.r.PathValue("id")
	if id == "" {
		return nil, nil
	}
	return rq.h.svc.Customer(rq.r.Context(), rq.principal(), id)
}

// auditPage lists the events of the use case SearchEvents, narrowed by
// kind and a search text, with the actors' names; without a customer in
// the route it is the operator's list of all (an administrator's own
// customer's).
func (h *handler) auditPage(rq *request) error {
	c, err := rq.owner()
	if err != nil {
		return err
	}
	q := rq.filterQuery("kind", "q")
	eq := app.EventQuery{Kind: q["kind"], Text: q["q"]}
	if c != nil {
		eq.Customer = c.ID
	}
	evs, next, err := h.svc.SearchEvents(rq.r.Context(), rq.principal(), eq, rq.page())
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "audit", "audit.title", filtered[*switchboard.Event]{Owner: c, Query: q, Choices: eventChoices}, errs)
	}
	if err != nil {
		return err
	}
	return rq.show("audit", "audit.title", filtered[*switchboard.Event]{Items: evs, Owner: c, Query: q,
		Choices: eventChoices, Next: nextQuery(q, next)})
}
