package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestAddDevice: an administrator adds a phone to a workplace from its
// page; a wrong MAC is answered at its field with the typed values kept;
// a second desk phone without multi-login is refused above the form; the
// new device's page shows its MAC; a user may not.
func TestAddDevice(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin := e.loggedIn(e.acme.admin)
	wp := "/workplaces/" + e.acme.wp1.ID
	wantIn(t, "workplace page", admin.get(wp), http.StatusOK, `href="`+wp+`/devices/new"`)
	wantIn(t, "form", admin.get(wp+"/devices/new"), http.StatusOK, `value="yealink-t54w"`, "Add the device")
	form := url.Values{"model": {"yealink-t54w"}, "description": {"reception"}, "mac": {"00:15:65:zz"}}
	wantIn(t, "wrong MAC", admin.post(wp+"/devices/new", form), http.StatusUnprocessableEntity, `value="reception"`, `aria-invalid="true"`)
	form.Set("mac", "00:15:65:12:34:99")
	wantIn(t, "second desk phone", admin.post(wp+"/devices/new", form), http.StatusConflict, `role="alert"`, `value="reception"`)
	form.Set("model", "yealink-w70b")
	wantIn(t, "added", admin.post(wp+"/devices/new", form), http.StatusOK, "The device is added", "reception", "001565123499")
	wantIn(t, "on the workplace", admin.get(wp), http.StatusOK, "reception")
	user := e.loggedIn(e.acme.wp1.Username)
	wantIn(t, "user", user.get(wp+"/devices/new"), http.StatusForbidden)
}
