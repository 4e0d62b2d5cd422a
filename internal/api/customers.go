package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// customerRoutes serves /customers and a customer's orders.
func (s *server) customerRoutes() {
	r := resource{one: "customer", many: "customers", collection: "/customers"}
	onBody(s, r.op(s, verbCreate), s.svc.CreateCustomer)
	searchAll(s, r.op(s, verbList), s.svc.SearchCustomers)
	item(s, r, s.svc.Customer, s.svc.UpdateCustomer, s.svc.DeleteCustomer)
	listByID(s, s.op("list-orders", http.MethodGet, "/customers/{id}/orders", "List a customer's orders with their state", "customers", 0), s.svc.Orders)
}

// customerResourceRoutes serves the resources created in and listed from
// a customer: its sites and workplaces, each also at /{many}/{id}.
func (s *server) customerResourceRoutes() {
	crud(s, resource{one: "site", many: "sites", collection: "/customers/{id}/sites"},
		s.svc.CreateSite, s.svc.Sites, s.svc.Site, s.svc.UpdateSite, s.svc.DeleteSite)
	workplaces := resource{one: "workplace", many: "workplaces", collection: "/customers/{id}/workplaces"}
	onIDBody(s, workplaces.op(s, verbCreate), s.svc.CreateWorkplace)
	s.listWorkplaces(workplaces)
	item(s, workplaces, s.svc.Workplace, s.svc.UpdateWorkplace, s.svc.DeleteWorkplace)
}

// numberRoutes serves a customer's public numbers.
func (s *server) numberRoutes() {
	handle(s, s.op("add-numbers", http.MethodPost, "/customers/{id}/numbers", "Add E.164 numbers to a customer, all or none", "numbers", http.StatusCreated),
		func(ctx context.Context, p switchboard.Principal, in *idBodyInput[app.NumbersInput]) (*listOutput[*switchboard.Number], error) {
			v, err := s.svc.AddNumbers(ctx, p, in.ID, in.Body)
			return list(v, ""), err
		})
	handle(s, s.op("list-numbers", http.MethodGet, "/customers/{id}/numbers", "List a customer's numbers; q searches the number and its workplace's name, username and extension", "numbers", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			IDPath
			PageInput
			SearchInput
			Free bool `query:"free" doc:"Only numbers assigned to no workplace."`
		}) (*listOutput[*switchboard.Number], error) {
			v, next, err := s.svc.SearchNumbers(ctx, p, in.ID, in.Q, in.Free, in.page())
			return list(v, next), err
		})
	handle(s, s.op("delete-number", http.MethodDelete, "/customers/{id}/numbers/{number}", "Remove an unassigned number from a customer", "numbers", http.StatusNoContent),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			IDPath
			Number string `path:"number" maxLength:"40" doc:"The number in E.164, e.g. +49301234567."`
		}) (*struct{}, error) {
			return nil, s.svc.DeleteNumber(ctx, p, in.ID, in.Number)
		})
}
