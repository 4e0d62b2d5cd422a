package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// ContactPath (exported, as huma reads embedded path parameters only from
// exported types) names a customer in the path and one of its phonebook
// contacts.
type ContactPath struct {
	IDPath
	Contact string `path:"contact" maxLength:"100" doc:"The contact's id."`
}

// contactRoutes serves the shared contacts of a customer's company
// phonebook, which every phone of the customer shows beside its
// workplaces.
func (s *server) contactRoutes() {
	const tag = "phonebook"
	const coll = "/customers/{id}/contacts"
	onIDBody(s, s.op("create-contact", http.MethodPost, coll,
		"Add a shared contact to the customer's company phonebook (administrators)", tag, http.StatusCreated), s.svc.CreateContact)
	listByID(s, s.op("list-contacts", http.MethodGet, coll, "List the shared contacts of the customer's phonebook", tag, 0), s.svc.Contacts)
	op := s.op("import-contacts", http.MethodPost, coll+"/import", "Add many shared contacts from a CSV file, all or nothing", tag, http.StatusCreated)
	op.Description = "The body is CSV (text/csv): a header line naming the columns name and numbers (several " +
		"separated by |, each in E.164 or an internal extension), optionally company and label; then one contact " +
		"per line, separated by commas or semicolons. A file with any bad line adds nothing; the answer's errors " +
		"name every bad line (up to 100) as \"line N\"."
	importCSV(s, op, s.svc.ImportContacts)

	const item = coll + "/{contact}"
	handle(s, s.op("get-contact", http.MethodGet, item, "Get one shared contact of the customer's phonebook", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *ContactPath) (*body[*switchboard.Contact], error) {
			v, err := s.svc.Contact(ctx, p, in.ID, in.Contact)
			return &body[*switchboard.Contact]{Body: v}, err
		})
	handle(s, s.op("update-contact", http.MethodPatch, item, "Change a shared contact (administrators)", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			ContactPath
			Body app.ContactPatch
		}) (*body[*switchboard.Contact], error) {
			v, err := s.svc.UpdateContact(ctx, p, in.ID, in.Contact, in.Body)
			return &body[*switchboard.Contact]{Body: v}, err
		})
	handle(s, s.op("delete-contact", http.MethodDelete, item, "Remove a shared contact (administrators)", tag, http.StatusNoContent),
		func(ctx context.Context, p switchboard.Principal, in *ContactPath) (*struct{}, error) {
			return nil, s.svc.DeleteContact(ctx, p, in.ID, in.Contact)
		})
}
