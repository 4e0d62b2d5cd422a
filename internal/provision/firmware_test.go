package provision_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestFirmwareFetch pins firmware for a customer and, differently, for
// its site: the profile names the site's file under the device's key URL
// in Yealink's static.firmware.url, the file is served whole and in
// ranges, and only to the device the key belongs to.
func TestFirmwareFetch(t *testing.T) {
	e := newEnv(t, 100)
	ctx, sys := context.Background(), switchboard.System
	e.activate()
	d := e.device("yealink-t54w", "001565aabbcc", true)
	free := e.device("yealink-t54w", "001565aabbcd", false)
	upload := func(version string, content []byte) *switchboard.Firmware {
		f, err := e.svc.UploadFirmware(ctx, sys, app.FirmwareUpload{Model: "yealink-t54w", Version: version, FileName: "T54W.rom", Body: bytes.NewReader(content)})
		e.must(err)
		return f
	}
	content := bytes.Repeat([]byte("0123456789"), 300_000) // three chunks
	customerFW, siteFW := upload("96.86.0.100", []byte("customer image")), upload("96.86.0.120", content)
	for _, pin := range []app.PinInput{{Model: "yealink-t54w", Firmware: customerFW.ID}, {Site: e.site.ID, Model: "yealink-t54w", Firmware: siteFW.ID}} {
		_, err := e.svc.SetFirmwarePin(ctx, sys, e.cust.ID, pin)
		e.must(err)
	}

	const ua = "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:cc"
	profile := e.get("/"+key(d)+"/001565aabbcc.cfg", ua, "")
	want := "static.firmware.url = " + provURL + "/" + key(d) + "/" + siteFW.ServedName()
	if !strings.Contains(profile.body, want) {
		t.Fatalf("the profile of a device at the site does not name the site's firmware (%s):\n%s", want, profile.body)
	}
	freeProfile := e.get("/"+key(free)+"/001565aabbcd.cfg", "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:cd", "")
	if !strings.Contains(freeProfile.body, "/"+key(free)+"/"+customerFW.ServedName()) {
		t.Errorf("a device at no site is not told the customer's firmware:\n%s", freeProfile.body)
	}

	path := "/" + key(d) + "/" + siteFW.ServedName()
	whole := e.get(path, ua, "")
	if whole.status != http.StatusOK || whole.body != string(content) || whole.header.Get("Etag") != `"`+siteFW.SHA256+`"` {
		t.Fatalf("firmware: %d, %d bytes, ETag %s", whole.status, len(whole.body), whole.header.Get("Etag"))
	}
	part := e.get(path, ua, "", "Range", "bytes=1048570-1048585")
	if part.status != http.StatusPartialContent || part.body != string(content[1048570:1048586]) {
		t.Errorf("range across two chunks: %d %q", part.status, part.body)
	}
	for name, r := range map[string]reply{
		"another MAC":              e.get(path, "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:ff", ""),
		"another device's key":     e.get("/"+key(free)+"/"+siteFW.ServedName(), ua, ""),
		"a version it is not told": e.get("/"+key(d)+"/"+customerFW.ServedName(), ua, ""),
	} {
		if r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, r.status)
		}
	}
}
