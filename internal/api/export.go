package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// maxImportBody bounds an import's body: an export of a customer with
// tens of thousands of devices.
const maxImportBody = 256 << 20

// ExportInput names the customer to export and, for the operator, the
// passphrase its secrets are sealed with. The passphrase travels in a
// header, so it stays out of URLs and the logs that keep them.
type ExportInput struct {
	IDPath
	Passphrase string `header:"Export-Passphrase" doc:"Operator only: include the secrets, sealed with this passphrase (at least 12 characters). Without it the export holds no secrets and cannot be imported."`
}

// ImportInput is an export to import and the passphrase of its secrets.
type ImportInput struct {
	Passphrase string `header:"Export-Passphrase" doc:"The passphrase the export's secrets were sealed with."`
	Body       *app.Export
}

// exportRoutes serves the customer export and import (issue 17 item 4).
func (s *server) exportRoutes() {
	const tag = "export"
	handle(s, s.op("export-customer", http.MethodGet, "/customers/{id}/export",
		"The customer's installation as one document (docs/export-format.md): sites, numbers, workplaces, devices with keys and handsets, contacts, redirect accounts; secrets only for the operator, sealed with a passphrase",
		tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *ExportInput) (*body[*app.Export], error) {
			v, err := s.svc.ExportCustomer(ctx, p, in.ID, in.Passphrase)
			return &body[*app.Export]{Body: v}, err
		})
	op := s.op("import-customer", http.MethodPost, "/import",
		"Create a customer from an export made with a passphrase, every record as it was (ids, keys, SIP accounts), all or nothing (operator)",
		tag, http.StatusCreated)
	op.MaxBodyBytes = maxImportBody
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *ImportInput) (*body[*app.CustomerImport], error) {
		v, err := s.svc.ImportCustomer(ctx, p, in.Passphrase, in.Body)
		return &body[*app.CustomerImport]{Body: v}, err
	})
}
