package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// MaxImportBytes is the body limit of a device import, above the API's
// general limit: app.MaxImportRows lines of CSV take about 5 to 10 MiB, so
// 32 MiB leaves room for long descriptions.
const MaxImportBytes = 32 << 20

// importRoutes serves the bulk device import and the workplace's device
// admin password.
func (s *server) importRoutes() {
	op := s.op("import-customer-devices", http.MethodPost, "/customers/{id}/devices/import",
		"Create many devices from a CSV file, all or nothing", "devices", http.StatusCreated)
	op.Description = "The body is CSV (text/csv): a header line naming the columns model, mac, description and " +
		"workplace (a workplace's username, or empty for a free hot-desk device), optionally mac_provisioning " +
		"(off or once) and base (a DECT handset's base: its id, or the MAC of a base of the customer or on an " +
		"earlier line); then one device per line, separated by commas or semicolons. A file with any bad line " +
		"creates nothing; the answer's errors name every bad line (up to 100) as \"line N\"."
	importCSV(s, op, s.svc.ImportDevices)
	onID(s, s.op("get-workplace-admin-password", http.MethodGet, "/workplaces/{id}/admin-password",
		"The admin password of the workplace's phones, once a device has fetched it (administrators)", "workplaces", 0),
		s.svc.WorkplaceAdminPassword)
}

// importCSV registers an all-or-nothing CSV import at op: the body is
// handed to fn, and a refused file is answered with every bad line.
func importCSV[T any](s *server, op huma.Operation, fn func(context.Context, switchboard.Principal, string, io.Reader) (T, error)) {
	op.MaxBodyBytes = max(MaxImportBytes, s.maxBody)
	huma.Register(s.api, op, func(ctx context.Context, in *struct {
		IDPath
		RawBody []byte `contentType:"text/csv"`
	}) (*body[T], error) {
		v, err := fn(ctx, principal(ctx), in.ID, bytes.NewReader(in.RawBody))
		var bad *app.ImportError
		if errors.As(err, &bad) {
			return nil, importProblem(bad)
		}
		if err != nil {
			return nil, s.problem(ctx, err)
		}
		return &body[T]{Body: v}, nil
	})
}

// importProblem answers a refused import with one error detail per bad
// line, located as "line N" (and the column, when one is at fault).
func importProblem(bad *app.ImportError) error {
	details := make([]error, 0, len(bad.Lines))
	for _, l := range bad.Lines {
		loc := "line " + strconv.Itoa(l.Line)
		if l.Column != "" {
			loc += " " + l.Column
		}
		details = append(details, &huma.ErrorDetail{Location: loc, Message: l.Message})
	}
	return huma.NewError(http.StatusUnprocessableEntity, switchboard.ErrorMessage(bad), details...)
}
