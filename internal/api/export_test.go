package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// exportPassphrase seals the exports of the API's tests.
const exportPassphrase = "a passphrase long enough"

// withPassphrase calls the API with the Export-Passphrase header.
func (e *env) withPassphrase(method, path, token string, body []byte) resp {
	e.t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Export-Passphrase", exportPassphrase)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
}

// TestExportImportAPI moves a customer from one Switchboard to another
// through the API: the administrator's export has no secrets and the
// administrator may not ask for them; the operator's sealed export,
// imported elsewhere, gives the devices the same SIP accounts.
func TestExportImportAPI(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	path := "/api/v1/customers/" + a.customer + "/export"
	plain := e.must(200, "GET", path, a.admin, nil)
	if strings.Contains(string(plain.raw), `"secrets"`) || !strings.Contains(string(plain.raw), a.dev1) {
		t.Errorf("the administrator's export: %s", plain.raw)
	}
	if r := e.withPassphrase("GET", path, a.admin, nil); r.status != http.StatusForbidden {
		t.Errorf("an administrator asked for the secrets: %d %s", r.status, r.raw)
	}
	sealed := e.withPassphrase("GET", path, e.operator, nil)
	if sealed.status != http.StatusOK || !strings.Contains(string(sealed.raw), `"ciphertext"`) {
		t.Fatalf("the operator's export: %d %s", sealed.status, sealed.raw)
	}
	to := newEnv(t)
	if r := to.withPassphrase("POST", "/api/v1/import", to.operator, sealed.raw); r.status != http.StatusCreated {
		t.Fatalf("import: %d %s", r.status, r.raw)
	}
	account := "/api/v1/devices/" + a.dev1 + "/sip-account"
	if was, is := e.must(200, "GET", account, e.operator, nil), to.must(200, "GET", account, to.operator, nil); !bytes.Equal(was.raw, is.raw) {
		t.Errorf("SIP account after the move:\n%s\nwant:\n%s", is.raw, was.raw)
	}
}
