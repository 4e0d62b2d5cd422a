package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestServeAnswersTheCTIInterface checks that serve mounts the Xsi
// handler on the --http listener under all three prefixes: a request
// without credentials gets Xsi's 401 with a Basic challenge.
func TestServeAnswersTheCTIInterface(t *testing.T) {
	n := startNode(t, t.TempDir())
	for _, path := range []string{"/com.broadsoft.xsi-actions/v2.0/user/nobody/profile",
		"/com.broadsoft.xsi-events/v2.0/channel", "/com.broadsoft.async/com.broadsoft.xsi-events/v2.0/channel"} {
		resp, err := http.Get("http://" + n.http + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") ||
			!strings.Contains(string(body), "<ErrorInfo") {
			t.Errorf("%s: %d %q %s, want 401 with a Basic challenge and an ErrorInfo", path, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
		}
	}
}
