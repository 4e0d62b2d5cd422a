package api

import switchboard "github.com/switchboard-pbx/switchboard"

// PageInput is the cursor pagination every list takes. It and IDPath are
// exported because huma finds parameters in embedded structs by reflection.
type PageInput struct {
	After string `query:"after" doc:"Cursor from the previous page's next; empty for the first page."`
	Limit int    `query:"limit" minimum:"0" maximum:"1000" doc:"Most items to return; 0 means 100."`
}

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
