package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// tokenRoutes serves /tokens. The secret is in the creation answer only.
func (s *server) tokenRoutes() {
	r := resource{one: "token", many: "tokens", collection: "/tokens"}
	onBody(s, r.op(s, verbCreate), s.svc.IssueToken)
	listAll(s, r.op(s, verbList), s.svc.Tokens)
	deleteByID(s, r.op(s, verbDelete), s.svc.DeleteToken)
	handle(s, s.op("get-token-self", http.MethodGet, "/tokens/self", "The calling token's role and the customer and workplace it is bound to", "tokens", 0),
		func(_ context.Context, p switchboard.Principal, _ *struct{}) (*body[tokenSelf], error) {
			return &body[tokenSelf]{Body: tokenSelf{ID: p.TokenID, Role: p.Role, Customer: p.CustomerID, Workplace: p.WorkplaceID}}, nil
		})
}

// tokenSelf is what a token learns of itself, so that a client takes the
// customer from a token bound to one instead of asking for it.
type tokenSelf struct {
	ID        string           `json:"id"`
	Role      switchboard.Role `json:"role"`
	Customer  string           `json:"customer,omitempty"`
	Workplace string           `json:"workplace,omitempty"`
}
