package portal

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// searched is a list with a search box (issue 15's searchable long
// lists): the box's text is Query["q"] and stays in the next page's link.
type searched[T any] struct {
	filtered[T]
	// Label is the catalogue key of the box's label, which names what the
	// text is looked for in; "" shows no box (a user's own devices).
	Label string
}

// searchList reads the search box's text and a page of the list named
// name from find; a text the use case refuses yields its message at the
// box and an empty list.
func searchList[T any](rq *request, name string, owner *switchboard.Customer,
	find func(text string, page switchboard.Page) ([]T, string, error)) (searched[T], map[string]string, error) {
	q := rq.filterQuery("q")
	d := searched[T]{filtered: filtered[T]{Items: []T{}, Owner: owner, Query: q}, Label: "search." + name}
	items, next, err := find(q["q"], rq.page())
	if errs := fieldErrors(err); errs != nil {
		return d, errs, nil
	}
	if err != nil {
		return d, nil, err
	}
	d.Items, d.Next = items, nextQuery(q, next)
	return d, nil, nil
}

// showSearched renders a searched list; a refused text answers 422.
func showSearched(rq *request, name, title string, data any, errs map[string]string) error {
	status := http.StatusOK
	if errs != nil {
		status = http.StatusUnprocessableEntity
	}
	return rq.render(status, name, title, data, errs)
}

// customerSearch shows one page of a searched list of the route's
// customer.
func customerSearch[T any](rq *request, name, title string,
	find func(context.Context, switchboard.Principal, string, string, switchboard.Page) ([]T, string, error)) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := rq.h.svc.Customer(ctx, p, id)
	if err != nil {
		return err
	}
	d, errs, err := searchList(rq, name, c, func(text string, page switchboard.Page) ([]T, string, error) {
		return find(ctx, p, id, text, page)
	})
	if err != nil {
		return err
	}
	return showSearched(rq, name, title, d, errs)
}

// customersPage lists the customers, searched by name and admin e-mail.
func (h *handler) customersPage(rq *request) error {
	d, errs, err := searchList(rq, "customers", nil, func(text string, page switchboard.Page) ([]*switchboard.Customer, string, error) {
		return h.svc.SearchCustomers(rq.r.Context(), rq.principal(), text, page)
	})
	if err != nil {
		return err
	}
	return showSearched(rq, "customers", "customers.title", d, errs)
}

// devicesPage lists a customer's devices with their registration state,
// searched by description, MAC, model and SIP username.
func (h *handler) devicesPage(rq *request) error {
	return customerSearch(rq, "devices", "devices.title",
		func(ctx context.Context, p switchboard.Principal, id, text string, page switchboard.Page) ([]liveDevice, string, error) {
			return withStates(h.svc, func(ctx context.Context, p switchboard.Principal, id string, page switchboard.Page) ([]*app.DeviceView, string, error) {
				return h.svc.SearchDevices(ctx, p, id, text, page)
			})(ctx, p, id, page)
		})
}

// workplacesPage lists a customer's workplaces with their state, deleted
// ones included as the API does, searched by name, username, extension
// and number.
func (h *handler) workplacesPage(rq *request) error {
	return customerSearch(rq, "workplaces", "workplaces.title", h.svc.SearchWorkplaces)
}
