package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

type principalKey struct{}

// authenticate resolves the bearer token of every operation that declares
// security and puts the caller's principal into the context. A missing,
// malformed or unknown token is answered with 401 before any input is read.
func (s *server) authenticate(ctx huma.Context, next func(huma.Context)) {
	if len(ctx.Operation().Security) == 0 {
		next(ctx)
		return
	}
	scheme, secret, _ := strings.Cut(ctx.Header("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="switchboard"`)
		_ = huma.WriteErr(s.api, ctx, http.StatusUnauthorized, "missing bearer token; send Authorization: Bearer <token>")
		return
	}
	p, err := s.svc.Authenticate(ctx.Context(), strings.TrimSpace(secret))
	if err != nil {
		if switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="switchboard", error="invalid_token"`)
		}
		s.writeProblem(ctx, s.problem(ctx.Context(), err))
		return
	}
	if err := s.svc.CheckUserAddress(ctx.Context(), p, ctx.RemoteAddr()); err != nil {
		s.writeProblem(ctx, s.problem(ctx.Context(), err))
		return
	}
	next(huma.WithValue(ctx, principalKey{}, p))
}

// principal returns the caller authenticated by the middleware. Operations
// without a principal in the context never reach a use case with rights.
func principal(ctx context.Context) switchboard.Principal {
	p, _ := ctx.Value(principalKey{}).(switchboard.Principal)
	return p
}
