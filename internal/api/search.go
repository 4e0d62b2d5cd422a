package api

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SearchInput is the search text of the long lists, as the portal's
// search boxes send it; exported for huma's reflection like PageInput.
type SearchInput struct {
	Q string `query:"q" maxLength:"200" doc:"Only the items containing this text, ignoring case; the operation's summary names the fields searched."`
}

// searchByID registers op as fn listing a page of what belongs to the
// object in the path, narrowed by the search text q.
func searchByID[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string, string, switchboard.Page) ([]T, string, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *struct {
		IDPath
		PageInput
		SearchInput
	}) (*listOutput[T], error) {
		items, next, err := fn(ctx, p, in.ID, in.Q, in.page())
		return list(items, next), err
	})
}

// searchAll registers op as fn listing a page of a top-level collection
// narrowed by the search text q.
func searchAll[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string, switchboard.Page) ([]T, string, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *struct {
		PageInput
		SearchInput
	}) (*listOutput[T], error) {
		items, next, err := fn(ctx, p, in.Q, in.page())
		return list(items, next), err
	})
}
