package api

import (
	"context"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// FirmwareUploadInput is an upload's metadata in the query; the content
// is the raw body, or the part "file" of a multipart form whose fields
// model, version, file_name and sha256 (before the file) may stand in for
// the query. The body is not read by huma but streamed to the store
// (Resolve keeps the request), so files far above the API's body limit
// pass without being held in memory.
type FirmwareUploadInput struct {
	Model    string `query:"model" maxLength:"100" doc:"The catalogue model the firmware is for."`
	Version  string `query:"version" maxLength:"32" doc:"The firmware version, as the phone reports it in its User-Agent."`
	FileName string `query:"file_name" maxLength:"48" doc:"The vendor's file name; default <model>.bin."`
	SHA256   string `query:"sha256" maxLength:"64" doc:"The file's SHA-256 in hex; when given, a file that arrives otherwise is refused."`
	req      *http.Request
}

// Resolve keeps the request for the handler to stream its body.
func (in *FirmwareUploadInput) Resolve(ctx huma.Context) []error {
	in.req, _ = humago.Unwrap(ctx)
	return nil
}

// upload reads the request into the use case's input and runs it.
func (in *FirmwareUploadInput) upload(ctx context.Context, s *server, p switchboard.Principal) (*switchboard.Firmware, error) {
	u := app.FirmwareUpload{Model: in.Model, Version: in.Version, FileName: in.FileName, SHA256: in.SHA256, Body: in.req.Body}
	mt, _, _ := mime.ParseMediaType(in.req.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return s.svc.UploadFirmware(ctx, p, u)
	}
	mr, err := in.req.MultipartReader()
	if err != nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "the multipart form cannot be read: %v", err)
	}
	fields := map[string]*string{"model": &u.Model, "version": &u.Version, "file_name": &u.FileName, "sha256": &u.SHA256}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, switchboard.Errorf(switchboard.EINVALID, "the multipart form has no part named file")
		}
		if part.FormName() == "file" {
			if u.FileName == "" && part.FileName() != "" {
				u.FileName = path.Base(part.FileName())
			}
			u.Body = part
			return s.svc.UploadFirmware(ctx, p, u)
		}
		if f, ok := fields[part.FormName()]; ok {
			v, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return nil, switchboard.Errorf(switchboard.EINVALID, "the multipart form cannot be read: %v", err)
			}
			*f = strings.TrimSpace(string(v))
		}
	}
}

// FirmwareListInput narrows the firmware list to a model.
type FirmwareListInput struct {
	PageInput
	Model string `query:"model" maxLength:"100" doc:"List only this model's firmware."`
}

// PinPath names a customer and a pinned model, and the site in the query.
type PinPath struct {
	IDPath
	Model string `path:"model" maxLength:"100" doc:"The pinned model."`
	Site  string `query:"site" maxLength:"100" doc:"The site whose pin to remove; empty: the customer's."`
}

// firmwareRoutes serve firmware files (operators), pins and staged
// rollouts (the customer's administrators), issue 17 item 2.
func (s *server) firmwareRoutes() {
	const tag = "firmware"
	op := s.op("upload-firmware", http.MethodPost, "/firmware", "Upload a firmware file for a model (operator)", tag, http.StatusCreated)
	op.Description = "The body is the file (application/octet-stream) or a multipart/form-data form with the file in the part " +
		"named file; model and version in the query or as form fields before the file. The file is checksummed (SHA-256) " +
		"as it arrives and refused when it differs from the sha256 given or is larger than 512 MiB."
	binary := &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	// The form's shape is in the description: a schema of its own would
	// make huma read the body itself.
	op.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"application/octet-stream": binary, "multipart/form-data": {}}}
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *FirmwareUploadInput) (*body[*switchboard.Firmware], error) {
		v, err := in.upload(ctx, s, p)
		return &body[*switchboard.Firmware]{Body: v}, err
	})
	handle(s, s.op("list-firmware", http.MethodGet, "/firmware", "List the uploaded firmware files", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *FirmwareListInput) (*listOutput[*switchboard.Firmware], error) {
			items, next, err := s.svc.Firmwares(ctx, p, in.Model, in.page())
			return list(items, next), err
		})
	deleteByID(s, s.op("delete-firmware", http.MethodDelete, "/firmware/{id}", "Delete a firmware file no pin or rollout names (operator)", tag, http.StatusNoContent),
		s.svc.DeleteFirmware)

	const pins = "/customers/{id}/firmware-pins"
	handle(s, s.op("list-firmware-pins", http.MethodGet, pins, "List the customer's firmware pins", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *idInput) (*body[[]*switchboard.FirmwarePin], error) {
			v, err := s.svc.FirmwarePins(ctx, p, in.ID)
			return &body[[]*switchboard.FirmwarePin]{Body: v}, err
		})
	onIDBody(s, s.op("set-firmware-pin", http.MethodPut, pins, "Pin a model's firmware at the customer or one of its sites", tag, 0),
		s.svc.SetFirmwarePin)
	handle(s, s.op("delete-firmware-pin", http.MethodDelete, pins+"/{model}", "Remove a firmware pin", tag, http.StatusNoContent),
		func(ctx context.Context, p switchboard.Principal, in *PinPath) (*struct{}, error) {
			return nil, s.svc.DeleteFirmwarePin(ctx, p, in.ID, in.Site, in.Model)
		})

	const rollouts = "/customers/{id}/rollouts"
	onIDBody(s, s.op("create-rollout", http.MethodPost, rollouts, "Start a staged firmware rollout of a model", tag, http.StatusCreated),
		s.svc.CreateRollout)
	listByID(s, s.op("list-rollouts", http.MethodGet, rollouts, "List the customer's firmware rollouts", tag, 0), s.svc.Rollouts)
	onID(s, s.op("get-rollout", http.MethodGet, "/rollouts/{id}", "Read a rollout's state and its devices", tag, 0), s.svc.Rollout)
	for _, cmd := range []app.RolloutCommand{app.RolloutPause, app.RolloutResume, app.RolloutAbort} {
		onID(s, s.op(string(cmd)+"-rollout", http.MethodPost, "/rollouts/{id}/"+string(cmd), rolloutSummaries[cmd], tag, 0),
			func(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Rollout, error) {
				return s.svc.ControlRollout(ctx, p, id, cmd)
			})
	}
}

// rolloutSummaries describe the rollout commands.
var rolloutSummaries = map[app.RolloutCommand]string{
	app.RolloutPause:  "Pause a rollout: devices told so far keep the new version, no more are told",
	app.RolloutResume: "Resume a paused rollout; the ring's time limit starts again",
	app.RolloutAbort:  "Abort a rollout and send its devices back to the pinned version",
}
