package provision_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// FuzzZeroTouch sends arbitrary files, User-Agents and Authorization
// headers to the shared URLs: the answer is never a 500 or a panic, and
// never a profile, since no forged answer matches a nonce the server
// issued and no device is armed for MAC provisioning.
func FuzzZeroTouch(f *testing.F) {
	for _, s := range [][3]string{
		{"/login/001565aabbcc.cfg", "Yealink SIP-T54W 96.86.0.70", `Digest username="1234567890", realm="switchboard provisioning", nonce="abc", uri="/login/001565aabbcc.cfg", response="00", qop=auth, nc=00000001, cnonce="x"`},
		{"/login/", "Mozilla/4.0 (compatible; snomD785-SIP 10.1.73.16 000413aabbcc)", `Digest username="", nonce=""`},
		{"/login/cfg000b828aa872.xml", "Grandstream GXP2135 1.0.11.16 00:0b:82:aa:bb:cc", `Basic dXNlcjpwYXNz`},
		{"/ztp/001565aabbcc.cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", ""},
		{"/ztp/snomD785-000413AABBCC.htm", "", ""},
		{"/ztp/../login/", "", `Digest username="a\"b", realm=x, nonce="n", uri="/", response="r", algorithm=SHA-256`},
	} {
		f.Add(s[0], s[1], s[2])
	}
	e := newEnv(f, 1_000_000, zeroTouch(nil))
	e.device("yealink-t54w", "001565aabbcc", true)
	_, err := e.svc.CreateDevice(f.Context(), switchboard.System, e.cust.ID, "", app.DeviceInput{Model: "snom-d785", MAC: "000413aabbcc"})
	e.must(err)
	f.Fuzz(func(t *testing.T, path, userAgent, authorization string) {
		u, err := url.ParseRequestURI(path)
		if err != nil {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL, req.RequestURI = u, path
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set("Authorization", authorization)
		req.RemoteAddr = "198.51.100.20:33000"
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code == http.StatusOK {
			t.Fatalf("%q with %q, %q: %d", path, userAgent, authorization, rec.Code)
		}
	})
}
