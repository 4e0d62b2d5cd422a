package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	qrcode "github.com/skip2/go-qrcode"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// qrInput names the device and the image's size.
type qrInput struct {
	IDPath
	Size int `query:"size" minimum:"128" maximum:"1024" default:"256" doc:"Width and height of the image in pixels"`
}

// pngOutput is a PNG image; private because it holds a key URL.
type pngOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

// qrRoutes serves the QR code of a soft client's provisioning URL.
func (s *server) qrRoutes() {
	op := s.op("get-device-qr", http.MethodGet, "/devices/{id}/qr.png",
		"A PNG QR code of a soft client's provisioning URL, for its app to scan (409 for other kinds)", "devices", 0)
	op.Responses = map[string]*huma.Response{"200": {
		Description: "The QR code",
		Content:     map[string]*huma.MediaType{"image/png": {Schema: &huma.Schema{Type: "string", ContentEncoding: "binary"}}},
	}}
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *qrInput) (*pngOutput, error) {
		url, err := s.svc.SoftClientURL(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		png, err := qrcode.Encode(url, qrcode.Medium, in.Size)
		if err != nil {
			return nil, fmt.Errorf("encode QR code: %w", err)
		}
		return &pngOutput{ContentType: "image/png", CacheControl: "no-store", Body: png}, nil
	})
}
