package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// resource is a collection served the standard way: objects are created in
// and listed from its collection path and got, changed and deleted at
// /{many}/{id}. Its names make the operation ids ("create-site",
// "list-sites"), the item path and the tag.
type resource struct {
	one, many  string
	collection string
}

// Standard verbs of a resource.
const (
	verbCreate = "create"
	verbList   = "list"
	verbGet    = "get"
	verbUpdate = "update"
	verbDelete = "delete"
)

// summaries documents the resources' standard operations by operation id.
var summaries = map[string]string{
	"create-customer":  "Create a customer (operator)",
	"list-customers":   "List customers; q searches name and admin e-mail",
	"get-customer":     "Get a customer",
	"update-customer":  "Change a customer",
	"delete-customer":  "Delete an empty customer (operator)",
	"create-site":      "Add a site to a customer",
	"list-sites":       "List a customer's sites",
	"get-site":         "Get a site",
	"update-site":      "Change a site",
	"delete-site":      "Delete a site no workplace uses",
	"create-workplace": "Create a workplace with its numbers",
	"list-workplaces":  "List a customer's workplaces, deleted ones included; q searches name, username, extension and numbers",
	"get-workplace":    "Get a workplace",
	"update-workplace": "Change a workplace",
	"delete-workplace": "Delete a workplace, releasing its numbers and extension",
	"get-device":       "Get a device with its provisioning URL",
	"update-device":    "Change a device",
	"delete-device":    "Delete a device; its key and SIP account stop working",
	"create-token":     "Create an API token; its secret is shown once",
	"list-tokens":      "List tokens (without secrets)",
	"delete-token":     "Revoke a token",
}

// op describes the resource's standard operation verb. An operation
// without a summary is a mistake in this file, found when New runs.
func (r resource) op(s *server, verb string) huma.Operation {
	id, method, path, status := verb+"-"+r.one, http.MethodGet, "/"+r.many+"/{id}", 0
	switch verb {
	case verbCreate:
		method, path, status = http.MethodPost, r.collection, http.StatusCreated
	case verbList:
		id, path = verb+"-"+r.many, r.collection
	case verbUpdate:
		method = http.MethodPatch
	case verbDelete:
		method, status = http.MethodDelete, http.StatusNoContent
	}
	summary, ok := summaries[id]
	if !ok {
		panic("api: no summary for operation " + id)
	}
	return s.op(id, method, path, summary, r.many, status)
}

// item registers get, update and delete of one of r's objects.
func item[T, P any](s *server, r resource,
	get func(context.Context, switchboard.Principal, string) (T, error),
	update func(context.Context, switchboard.Principal, string, P) (T, error),
	remove func(context.Context, switchboard.Principal, string) error,
) {
	onID(s, r.op(s, verbGet), get)
	onIDBody(s, r.op(s, verbUpdate), update)
	deleteByID(s, r.op(s, verbDelete), remove)
}

// crud registers the five standard operations of a resource whose
// collection path names its owner.
func crud[T, In, P any](s *server, r resource,
	create func(context.Context, switchboard.Principal, string, In) (T, error),
	list func(context.Context, switchboard.Principal, string, switchboard.Page) ([]T, string, error),
	get func(context.Context, switchboard.Principal, string) (T, error),
	update func(context.Context, switchboard.Principal, string, P) (T, error),
	remove func(context.Context, switchboard.Principal, string) error,
) {
	onIDBody(s, r.op(s, verbCreate), create)
	listByID(s, r.op(s, verbList), list)
	item(s, r, get, update, remove)
}
