package api

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Most operations run one use case on the caller and an id from the path, a
// request body or both, and answer one object, a page or nothing. The
// functions below register an operation of each such shape around the use
// case itself, so every one of them maps errors and wraps answers alike.

// idInput names one object in the path.
type idInput struct{ IDPath }

// idBodyInput names an object in the path and carries a request body.
type idBodyInput[B any] struct {
	IDPath
	Body B
}

// idPageInput asks for a page of what belongs to the object in the path.
type idPageInput struct {
	IDPath
	PageInput
}

// bodyInput carries a request body alone.
type bodyInput[B any] struct{ Body B }

// pageInput asks for a page of a top-level collection.
type pageInput struct{ PageInput }

// handle registers op with a handler that passes the caller to fn and
// answers fn's error as a problem.
func handle[I, O any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, *I) (*O, error)) {
	huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := fn(ctx, principal(ctx), in)
		if err != nil {
			return nil, s.problem(ctx, err)
		}
		return out, nil
	})
}

// onID registers op as fn on the object named in the path.
func onID[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string) (T, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *idInput) (*body[T], error) {
		v, err := fn(ctx, p, in.ID)
		return &body[T]{Body: v}, err
	})
}

// onIDBody registers op as fn on the object named in the path and the body.
func onIDBody[B, T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string, B) (T, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *idBodyInput[B]) (*body[T], error) {
		v, err := fn(ctx, p, in.ID, in.Body)
		return &body[T]{Body: v}, err
	})
}

// onBody registers op as fn on the body alone.
func onBody[B, T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, B) (T, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *bodyInput[B]) (*body[T], error) {
		v, err := fn(ctx, p, in.Body)
		return &body[T]{Body: v}, err
	})
}

// listByID registers op as fn listing a page of what belongs to the object
// named in the path.
func listByID[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string, switchboard.Page) ([]T, string, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *idPageInput) (*listOutput[T], error) {
		items, next, err := fn(ctx, p, in.ID, in.page())
		return list(items, next), err
	})
}

// listAll registers op as fn listing a page of a top-level collection.
func listAll[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, switchboard.Page) ([]T, string, error)) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *pageInput) (*listOutput[T], error) {
		items, next, err := fn(ctx, p, in.page())
		return list(items, next), err
	})
}

// deleteByID registers op as fn removing the object named in the path; it
// answers without a body.
func deleteByID(s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string) error) {
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *idInput) (*struct{}, error) {
		return nil, fn(ctx, p, in.ID)
	})
}
