package apiclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// PassphraseHeader carries the passphrase of a customer export's secrets:
// in a header, so it stays out of URLs and the logs that keep them.
const PassphraseHeader = "Export-Passphrase"

// Transfer sends body (nil for none) as JSON to method path with the
// export passphrase (empty for none) and returns the answer as it came:
// a customer export, or an import's outcome.
func (c *Client) Transfer(ctx context.Context, method, path, passphrase string, body io.Reader) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if passphrase != "" {
		req.Header.Set(PassphraseHeader, passphrase)
	}
	return c.send(c.HTTP, req, method+" "+path, "read answer of "+method+" "+path)
}
