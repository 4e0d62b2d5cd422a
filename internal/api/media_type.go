package api

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// requireMediaType refuses with 415 a request body whose Content-Type is
// missing or is not a type the operation reads. huma would read a body
// without Content-Type as JSON, so a client sending a form or a file by
// mistake would have it interpreted instead of being told. A request
// without a body (an action such as POST .../sync) needs no Content-Type.
func (s *server) requireMediaType(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if op.RequestBody == nil || len(op.RequestBody.Content) == 0 {
		next(ctx)
		return
	}
	r, _ := humago.Unwrap(ctx)
	if r.ContentLength == 0 {
		next(ctx)
		return
	}
	mt, params, err := mime.ParseMediaType(ctx.Header("Content-Type"))
	if err == nil && reads(op.RequestBody.Content, mt) {
		// Media types are case-insensitive; huma matches them exactly.
		r.Header.Set("Content-Type", mime.FormatMediaType(mt, params))
		next(ctx)
		return
	}
	types := make([]string, 0, len(op.RequestBody.Content))
	for t := range op.RequestBody.Content {
		types = append(types, t)
	}
	slices.Sort(types)
	_ = huma.WriteErr(s.api, ctx, http.StatusUnsupportedMediaType,
		"send the body with Content-Type: "+strings.Join(types, " or "))
}

// reads reports whether an operation whose body has the given media types
// reads a body of media type mt; JSON operations also read the structured
// +json types such as application/merge-patch+json.
func reads(content map[string]*huma.MediaType, mt string) bool {
	if _, ok := content[mt]; ok {
		return true
	}
	_, json := content["application/json"]
	return json && strings.HasSuffix(mt, "+json")
}
