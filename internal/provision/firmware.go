package provision

import (
	"net/http"
	"net/netip"
	"time"
)

// serveFirmware answers a device's request for the firmware its profile
// names (DeviceProvisioning.Firmware, under its ServedName) after the same
// checks as its profile files. http.ServeContent answers Range requests,
// so a phone that lost its connection half-way resumes; the entity tag is
// the file's SHA-256, which never changes for an uploaded file. It
// reports false when the request is not for the device's firmware.
func (s *Server) serveFirmware(w http.ResponseWriter, r *http.Request, e *entry, t target, addr netip.Addr, now time.Time) bool {
	fw := e.prov.Firmware
	if fw == nil || t.file == "" || t.file != fw.ServedName() {
		return false
	}
	if _, reason := s.admit(e, t, r.UserAgent(), s.certs.mac(r), addr); reason != "" {
		s.refuse(w, r, addr, now, refusal{reason: reason, file: t.file, device: e.prov}, http.StatusNotFound)
		return true
	}
	content, err := s.src.OpenFirmware(r.Context(), fw)
	if err != nil {
		s.unavailable(w, r, err)
		return true
	}
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Etag", `"`+fw.SHA256+`"`)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, fw.FileName, fw.CreatedAt, content)
	return true
}
