package portal

import (
	"cmp"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// firmwareRoutes are the operator's firmware files (issue 17 item 2): the
// list per model, the upload form and deletion.
func (h *handler) firmwareRoutes(mux *http.ServeMux) {
	mux.Handle("GET /firmware", h.private(h.firmwarePage))
	mux.Handle("POST /firmware", h.streamed(h.uploadFirmware))
	mux.Handle("POST /firmware/{id}/delete", h.private(h.deleteFirmware))
}

// maxFirmwareForm bounds an upload's body: the file's limit and room for
// the form's other fields.
const maxFirmwareForm = switchboard.MaxFirmwareSize + 1<<20

// firmwareData is the firmware page: every uploaded file by model, the
// catalogue's models for the upload form and what a refused upload typed.
type firmwareData struct {
	Files    []*switchboard.Firmware
	Models   []switchboard.Model
	Operator bool
	Input    app.FirmwareUpload
	MaxMiB   int
}

// allFirmware reads every uploaded firmware file, of one model when model
// is given, ordered by model and upload.
func (h *handler) allFirmware(rq *request, model string) ([]*switchboard.Firmware, error) {
	var out []*switchboard.Firmware
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		fs, next, err := h.svc.Firmwares(rq.r.Context(), rq.principal(), model, page)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
		if next == "" {
			break
		}
		page.After = next
	}
	slices.SortStableFunc(out, func(a, b *switchboard.Firmware) int {
		return cmp.Or(cmp.Compare(a.Model, b.Model), a.CreatedAt.Compare(b.CreatedAt))
	})
	return out, nil
}

// renderFirmware shows the firmware page with status; errs are a refused
// upload's or deletion's messages.
func (h *handler) renderFirmware(rq *request, status int, in app.FirmwareUpload, errs map[string]string) error {
	fs, err := h.allFirmware(rq, "")
	if err != nil {
		return err
	}
	d := firmwareData{Files: fs, Operator: rq.sess.Role == switchboard.RoleOperator, Input: in,
		MaxMiB: switchboard.MaxFirmwareSize >> 20}
	if d.Operator {
		d.Models = h.svc.Models()
	}
	return rq.render(status, "firmware", "firmware.title", d, errs)
}

func (h *handler) firmwarePage(rq *request) error {
	return h.renderFirmware(rq, http.StatusOK, app.FirmwareUpload{}, nil)
}

// uploadFirmware streams the form's file to the API's use case, which
// checksums it and refuses it above the size limit; the fields before the
// file (model, version, sha256) name it. A refusal shows the page again
// with the rule's message.
func (h *handler) uploadFirmware(rq *request) error {
	rq.r.Body = http.MaxBytesReader(rq.w, rq.r.Body, maxFirmwareForm)
	var in app.FirmwareUpload
	fields := map[string]*string{"model": &in.Model, "version": &in.Version, "sha256": &in.SHA256}
	for in.Body == nil {
		part, err := rq.parts.NextPart()
		if err != nil {
			return rq.refuseFirmware(in, switchboard.FieldErrorf("file", "%s", rq.loc.T("firmware.no_file")))
		}
		if part.FormName() == "file" {
			in.FileName, in.Body = path.Base(part.FileName()), part
			continue
		}
		if f, ok := fields[part.FormName()]; ok {
			v, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return err
			}
			*f = strings.TrimSpace(string(v))
		}
	}
	if in.FileName == "." || in.FileName == "/" {
		in.FileName = ""
	}
	f, err := h.svc.UploadFirmware(rq.r.Context(), rq.principal(), in)
	if err != nil {
		return rq.refuseFirmware(in, err)
	}
	http.Redirect(rq.w, rq.r, "/firmware?notice=firmware_uploaded#fw-"+f.ID, http.StatusSeeOther)
	return nil
}

// refuseFirmware shows the firmware page with an upload's refusal: a
// domain rule's message by its field, a conflict above the form; other
// errors go to the error page.
func (rq *request) refuseFirmware(in app.FirmwareUpload, err error) error {
	in.Body = nil
	switch switchboard.ErrorCode(err) {
	case switchboard.EINVALID:
		return rq.h.renderFirmware(rq, http.StatusUnprocessableEntity, in, fieldErrors(err))
	case switchboard.ECONFLICT:
		return rq.h.renderFirmware(rq, http.StatusConflict, in, map[string]string{"": switchboard.ErrorMessage(err)})
	}
	return err
}

// deleteFirmware removes a file; while a pin or a rollout names it the
// use case refuses, and the page says why.
func (h *handler) deleteFirmware(rq *request) error {
	err := h.svc.DeleteFirmware(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return rq.refuseFirmware(app.FirmwareUpload{}, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/firmware?notice=firmware_deleted", http.StatusSeeOther)
	return nil
}

// Bytes writes a size in bytes with the locale's digit grouping.
func (l *locale) Bytes(n int64) string {
	return l.T("unit.bytes", l.printer.Sprintf("%d", n))
}
