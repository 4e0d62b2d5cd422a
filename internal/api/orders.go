package api

import "net/http"

// orderRoutes serves single orders; a customer's list is under customers.
func (s *server) orderRoutes() {
	op := s.op("get-order", http.MethodGet, "/orders/{id}", "Get an order with its state", "orders", 0)
	op.Description = "An order (create_workplace, change_workplace, change_package, delete_workplace) goes from open " +
		"to processing to done, or to failed with the reason in error. Administrators of the order's customer and the operator."
	onID(s, op, s.svc.Order)
}
