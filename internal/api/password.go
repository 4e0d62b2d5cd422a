package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// passwordResetInput asks for a new portal password. It records the
// caller's address for the rate limit.
type passwordResetInput struct {
	Body struct {
		Username string `json:"username" maxLength:"200" doc:"The username of the user portal account."`
	}
	remote string
}

// Resolve implements huma.Resolver to learn the caller's address.
func (in *passwordResetInput) Resolve(ctx huma.Context) []error {
	in.remote = ctx.RemoteAddr()
	return nil
}

// passwordRoutes serves the user portal's password reset, the one
// operation without a token.
func (s *server) passwordRoutes() {
	op := s.op("request-password-reset", http.MethodPost, "/password-reset", "Request a new user portal password", "portal", http.StatusAccepted)
	op.Security = nil
	op.Errors = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity, http.StatusTooManyRequests}
	op.Description = "Always answers 202 for a well-formed request, whether or not the username exists. An active " +
		"account gets a new password, sent by SMS when the workplace has a mobile number and by e-mail otherwise. " +
		"A username gets at most one new password per 15 minutes; too many requests from one address get 429. No token needed."
	handle(s, op, func(ctx context.Context, _ switchboard.Principal, in *passwordResetInput) (*struct{}, error) {
		return nil, s.svc.RequestPasswordReset(ctx, in.Body.Username, in.remote)
	})
}
