package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/fusionpbx"
	"github.com/switchboard-pbx/switchboard/internal/wazoprovd"
)

// foreignImportRoutes serve the imports of other provisioning systems'
// device lists (issue 17 item 4; docs/export-format.md).
func (s *server) foreignImportRoutes() {
	op := s.op("import-fusionpbx-devices", http.MethodPost, "/customers/{id}/devices/import/fusionpbx",
		"Create free devices from FusionPBX's devices CSV, all or nothing (administrators)", "devices", http.StatusCreated)
	op.Description = "The body is the CSV of FusionPBX's devices (text/csv): a header naming device_mac_address and " +
		"device_vendor, optionally device_model, device_label and device_description; other columns are read past. " +
		"Vendor and model are matched to the catalogue; the answer's errors name every bad line as \"line N\"."
	importCSV(s, op, func(ctx context.Context, p switchboard.Principal, id string, file io.Reader) (*app.ImportResult, error) {
		ds, err := fusionpbx.Parse(file)
		if err != nil {
			return nil, switchboard.Errorf(switchboard.EINVALID, "FusionPBX devices file: %v", err)
		}
		return s.svc.ImportForeignDevices(ctx, p, id, foreign(ds, func(d fusionpbx.Device) app.ForeignDevice {
			return app.ForeignDevice{MAC: d.MAC, Vendor: d.Vendor, Model: d.Model, Description: d.Description}
		}))
	})
	op = s.op("import-wazo-provd-devices", http.MethodPost, "/customers/{id}/devices/import/wazo-provd",
		"Create free devices from wazo-provd's device list, all or nothing (administrators)", "devices", http.StatusCreated)
	op.Description = "The body is what wazo-provd answers for GET /provd/dev_mgr/devices ({\"devices\": [...]}) or for " +
		"one device ({\"device\": {...}}). Vendor and model are matched to the catalogue; the answer's errors name " +
		"every bad device as \"line N\", the list's first device being line 2."
	op.MaxBodyBytes = max(MaxImportBytes, s.maxBody)
	huma.Register(s.api, op, func(ctx context.Context, in *struct {
		IDPath
		Body json.RawMessage
	}) (*body[*app.ImportResult], error) {
		v, err := s.importWazo(ctx, in.ID, in.Body)
		var bad *app.ImportError
		if errors.As(err, &bad) {
			return nil, importProblem(bad)
		}
		if err != nil {
			return nil, s.problem(ctx, err)
		}
		return &body[*app.ImportResult]{Body: v}, nil
	})
}

// importWazo parses a wazo-provd device list and imports it.
func (s *server) importWazo(ctx context.Context, customerID string, raw []byte) (*app.ImportResult, error) {
	ds, err := wazoprovd.Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "wazo-provd device list: %v", err)
	}
	return s.svc.ImportForeignDevices(ctx, principal(ctx), customerID, foreign(ds, func(d wazoprovd.Device) app.ForeignDevice {
		return app.ForeignDevice{MAC: d.MAC, Vendor: d.Vendor, Model: d.Model, Description: d.Description}
	}))
}

// foreign maps another system's devices to the use case's input.
func foreign[T any](ds []T, f func(T) app.ForeignDevice) []app.ForeignDevice {
	out := make([]app.ForeignDevice, len(ds))
	for i, d := range ds {
		out[i] = f(d)
	}
	return out
}
