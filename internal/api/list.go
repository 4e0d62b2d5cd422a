package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// PageInput is the cursor pagination every list takes. It and IDPath are
// exported because huma finds parameters in embedded structs by reflection.
type PageInput struct {
	After string `query:"after" doc:"Cursor from the previous page's next; empty for the first page."`
	Limit int    `query:"limit" minimum:"0" maximum:"1000" doc:"Most items to return; 0 means 100."`
}

// Resolve refuses a cursor no list handed out with 400 before the list is
// read: keyset pagination would otherwise answer it with some page.
func (p PageInput) Resolve(huma.Context) []error {
	if err := p.page().Validate(); err != nil {
		return []error{badRequest{&huma.ErrorDetail{Location: "query.after", Message: switchboard.ErrorMessage(err)}}}
	}
	return nil
}

// badRequest is a refused request parameter: 400, where huma's own
// parameter checks answer 422.
type badRequest struct{ detail *huma.ErrorDetail }

func (e badRequest) Error() string                  { return e.detail.Message }
func (e badRequest) ErrorDetail() *huma.ErrorDetail { return e.detail }

// GetStatus makes the refusal a 400.
func (badRequest) GetStatus() int { return http.StatusBadRequest }

// page converts the query into the store's page.
func (p PageInput) page() switchboard.Page {
	return switchboard.Page{After: p.After, Limit: p.Limit}
}

// listBody is every list answer: one page of items and the cursor of the
// next page, empty at the end.
type listBody[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

// listOutput is a list answer.
type listOutput[T any] struct {
	Body listBody[T]
}

// list builds a list answer, never with a null item list.
func list[T any](items []T, next string) *listOutput[T] {
	if items == nil {
		items = []T{}
	}
	return &listOutput[T]{Body: listBody[T]{Items: items, Next: next}}
}

// body wraps a single object answer.
type body[T any] struct {
	Body T
}

// IDPath names the object in the path.
type IDPath struct {
	ID string `path:"id" maxLength:"100" doc:"The object's id."`
}
