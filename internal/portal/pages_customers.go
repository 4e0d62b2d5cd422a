package portal

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// customerRoutes are the start page and the customers' pages.
func (h *handler) customerRoutes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", h.private(h.startPage))
	mux.Handle("GET /customers", h.private(h.customersPage))
	mux.Handle("GET /customers/{id}", h.private(h.customerPage))
	mux.Handle("GET /customers/{id}/devices", h.private(h.devicesPage))
	mux.Handle("GET /customers/{id}/orders", h.private(h.ordersPage))
}

// listPage is one page of a list and the cursor of the next.
type listPage[T any] struct {
	Items []T
	Next  string
	// Owner is what the list belongs to (the customer of a device list).
	Owner any
}

// page reads the list cursor of the request.
func (rq *request) page() switchboard.Page {
	return switchboard.Page{After: rq.r.URL.Query().Get("after"), Limit: 50}
}

// startPage sends operators and administrators to their lists and shows
// users their own devices (seed 000's user side).
func (h *handler) startPage(rq *request) error {
	switch rq.sess.Role {
	case switchboard.RoleOperator:
		http.Redirect(rq.w, rq.r, "/customers", http.StatusSeeOther)
		return nil
	case switchboard.RoleAdmin:
		http.Redirect(rq.w, rq.r, "/customers/"+rq.sess.CustomerID+"/devices", http.StatusSeeOther)
		return nil
	}
	ds, next, err := withStates(h.svc, h.svc.WorkplaceDevices)(rq.r.Context(), rq.principal(), rq.sess.WorkplaceID, rq.page())
	if err != nil {
		return err
	}
	return rq.show("devices", "devices.mine", searched[liveDevice]{filtered: filtered[liveDevice]{Items: ds, Next: nextQuery(nil, next)}})
}

func (h *handler) customerPage(rq *request) error {
	c, err := h.svc.Customer(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	return rq.show("customer", "customer.title", c)
}

// ordersPage lists a customer's orders and their state, the page the
// order confirmation mail points to ("Orders").
func (h *handler) ordersPage(rq *request) error {
	return customerList(rq, "orders", "orders.title", h.svc.Orders)
}

// customerList shows one page of a list of the route's customer.
func customerList[T any](rq *request, name, title string,
	list func(context.Context, switchboard.Principal, string, switchboard.Page) ([]T, string, error)) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := rq.h.svc.Customer(ctx, p, id)
	if err != nil {
		return err
	}
	items, next, err := list(ctx, p, id, rq.page())
	if err != nil {
		return err
	}
	return rq.show(name, title, listPage[T]{Items: items, Next: next, Owner: c})
}
