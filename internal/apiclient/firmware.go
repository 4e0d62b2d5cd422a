package apiclient

import (
	"context"
	"io"
	"net/url"
	"time"
)

// uploadTimeout bounds a firmware upload: 512 MiB over a slow line.
const uploadTimeout = 30 * time.Minute

// UploadFirmware streams a firmware file (size bytes, -1 when unknown) to
// POST /api/v1/firmware with its model, version, file name and SHA-256 in
// the query, and returns the answer's body; a refusal is an *Error.
func (c *Client) UploadFirmware(ctx context.Context, model, version, fileName, sha256 string, file io.Reader, size int64) ([]byte, error) {
	q := url.Values{"model": {model}, "version": {version}}
	for k, v := range map[string]string{"file_name": fileName, "sha256": sha256} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return c.postFile(ctx, "/api/v1/firmware?"+q.Encode(), "application/octet-stream", file, size, uploadTimeout, "upload")
}
