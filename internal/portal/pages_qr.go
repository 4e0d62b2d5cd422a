package portal

import (
	"fmt"
	"net/http"

	qrcode "github.com/skip2/go-qrcode"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// qrSize is the QR code's width and height in pixels: large enough for a
// phone's camera at arm's length from a screen.
const qrSize = 256

// qrRoutes serve a soft client's QR code, which its app scans instead of
// the user typing the provisioning URL.
func (h *handler) qrRoutes(mux *http.ServeMux) {
	mux.Handle("GET /devices/{id}/qr.png", h.private(h.qrImage))
}

// qrImage is the PNG QR code of the device's provisioning URL, to whoever
// may read the device (the use case's rules, as the API's image).
func (h *handler) qrImage(rq *request) error {
	url, err := h.svc.SoftClientURL(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(url, qrcode.Medium, qrSize)
	if err != nil {
		return fmt.Errorf("encode QR code: %w", err)
	}
	rq.w.Header().Set("Content-Type", "image/png")
	_, err = rq.w.Write(png)
	return err
}

// hasQR reports whether the device page shows a QR code: for a soft
// client with a provisioning URL, as the use case decides.
func (h *handler) hasQR(rq *request, id string) (bool, error) {
	_, err := h.svc.SoftClientURL(rq.r.Context(), rq.principal(), id)
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return false, nil
	}
	return err == nil, err
}
