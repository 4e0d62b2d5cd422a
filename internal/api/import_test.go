package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
)

// importCSV posts a CSV file to the customer's import as text/csv.
func (e *env) importCSV(customer, token, csv string) resp {
	e.t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/customers/"+customer+"/devices/import", strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
}

// countDevices counts a customer's devices in the store.
func (e *env) countDevices(customer string) int {
	e.t.Helper()
	n := 0
	err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		page := switchboard.Page{Limit: switchboard.MaxPageSize}
		for {
			ds, next, err := tx.Devices(switchboard.DeviceFilter{CustomerID: customer}, page)
			if err != nil {
				return err
			}
			n += len(ds)
			if next == "" {
				return nil
			}
			page.After = next
		}
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// macFile returns a CSV of n desk phones with distinct MACs from base.
func macFile(n, base int) string {
	var b strings.Builder
	b.WriteString("model,mac,description,workplace\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "acme-d100,00:15:65:%02x:%02x:%02x,Room %d,\n", (base+i)>>16&0xff, (base+i)>>8&0xff, (base+i)&0xff, i)
	}
	return b.String()
}

// TestImport10k imports 10,000 devices in one request, above the API's
// general body limit, and finds every one of them stored.
func TestImport10k(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	before := e.countDevices(a.customer)
	file := macFile(10000, 0x100000)
	start := time.Now()
	r := e.importCSV(a.customer, a.admin, file)
	took := time.Since(start)
	if r.status != 201 {
		t.Fatalf("import: %d %.300s", r.status, r.raw)
	}
	t.Logf("imported 10,000 devices (%d KiB of CSV) in %v", len(file)>>10, took)
	o := r.obj()
	ids, _ := o["devices"].([]any)
	if o["rows"] != float64(10000) || o["created"] != float64(10000) || len(ids) != 10000 {
		t.Fatalf("answer: rows %v created %v ids %d", o["rows"], o["created"], len(ids))
	}
	if got := e.countDevices(a.customer); got != before+10000 {
		t.Errorf("%d devices stored, want %d", got, before+10000)
	}
	d := e.must(200, "GET", "/api/v1/devices/"+ids[9999].(string), a.admin, nil)
	if d.str("mac") != "00156510270f" || d.str("description") != "Room 9999" || d.str("model") != "acme-d100" || d.str("mac_provisioning") != "off" {
		t.Errorf("last device: %s", d.raw)
	}
}

// TestImportRefusals checks that a file with any bad line creates nothing
// and names every bad line.
func TestImportRefusals(t *testing.T) {
	e := newRichEnv(t)
	a, b := e.tenants()
	e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-d100", "mac": "00:15:65:00:00:99"}`)
	before := e.snapshot()
	hdr := "model,mac,description,workplace\n"
	for _, c := range []struct {
		name, file string
		// lines maps a "line N[ column]" location to words of its message.
		lines map[string]string
	}{
		{"errors on lines 3 and 7",
			hdr + "acme-d100,001565000001,a,\nacme-x,001565000002,b,\nacme-d100,001565000003,c,\nacme-d100,001565000004,d,\nacme-d100,001565000005,e,\nacme-d100,0015650000zz,f,\nacme-d100,001565000007,g,\n",
			map[string]string{"line 3 model": `unknown model "acme-x"`, "line 7 mac": "hexadecimal"}},
		{"wrong header", "type,mac,description,user\nacme-d100,001565000001,a,\n",
			map[string]string{"line 1": `unknown column "type", unknown column "user", missing column(s) model, workplace`}},
		{"missing header", "acme-d100,001565000001,a,\n",
			map[string]string{"line 1": `must be a header naming the columns model, mac, description, workplace`}},
		{"header without a column", "model,mac,description\nacme-d100,001565000001,a\n",
			map[string]string{"line 1": "missing column(s) workplace"}},
		{"column twice", "model,mac,description,workplace,MAC\nacme-d100,001565000001,a,,\n",
			map[string]string{"line 1": `column "mac" named twice`}},
		{"header only", hdr, map[string]string{"line 1": "names no device"}},
		{"duplicate MAC within the file", hdr + "acme-d100,001565000001,a,\nacme-d100,00-15-65-00-00-01,b,\n",
			map[string]string{"line 3 mac": "also on line 2"}},
		{"MAC of an existing device", hdr + "acme-d100,001565000001,a,\nacme-d100,001565000099,b,\n",
			map[string]string{"line 3 mac": "already registered"}},
		{"another customer's workplace", hdr + "acme-d100,001565000001,a," + b.username1 + "\n",
			map[string]string{"line 2 workplace": "no workplace with the username"}},
		{"unknown workplace", hdr + "acme-d100,001565000001,a,nobody.here\n",
			map[string]string{"line 2 workplace": "nobody.here"}},
		{"second desk phone for a workplace", hdr + "acme-d100,001565000001,a,\nacme-soft,,b," + a.username1 + "\n",
			map[string]string{"line 3": ""}},
		{"wrong number of fields", hdr + "acme-d100,001565000001\n",
			map[string]string{"line 2": "2 fields"}},
		{"bad quoting", hdr + "acme-d100,001565000001,\"a\"b,\nacme-d100,001565000002,c,\n",
			map[string]string{"line 2": "CSV"}},
		{"provisioning without MAC", "model,mac,description,workplace,mac_provisioning\nacme-d100,,a,,once\n",
			map[string]string{"line 2 mac": "needs the device's MAC"}},
		{"description with a line break", hdr + "acme-d100,001565000001,\"two\nlines\",\n",
			map[string]string{"line 2 description": "control characters"}},
		{"label code too long", "model,mac,description,workplace,label_code\nacme-d100,001565000001,a,," + strings.Repeat("9", 65) + "\n",
			map[string]string{"line 2 label_code": "at most 64 printable characters"}},
		{"handset without base", "model,mac,description,workplace\nacme-hs2,,a,\n",
			map[string]string{"line 2 base": "base"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.importCSV(a.customer, a.admin, c.file)
			if c.name == "second desk phone for a workplace" {
				// A soft client is no desk phone: this file is fine...
				if r.status != 201 {
					t.Fatalf("soft client refused: %s", r.raw)
				}
				before = e.snapshot()
				r = e.importCSV(a.customer, a.admin, hdr+"acme-d100,001565000011,a,"+a.username2+"\n")
				c.lines = map[string]string{"line 2 workplace": "more than 1 desk phone"}
			}
			if r.status != 422 {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			details := problemDetails(r)
			for loc, words := range c.lines {
				if msg, ok := details[loc]; !ok || !strings.Contains(msg, words) {
					t.Errorf("%s: %q, want %q; answer %s", loc, msg, words, r.raw)
				}
			}
			if len(details) != len(c.lines) {
				t.Errorf("%d lines named, want %d: %s", len(details), len(c.lines), r.raw)
			}
			if d := r.str("detail"); !strings.Contains(d, "nothing was imported") {
				t.Errorf("detail %q", d)
			}
			if after := e.snapshot(); after != before {
				t.Errorf("a refused import changed data")
			}
		})
	}
	e.must(403, "POST", "/api/v1/customers/"+a.customer+"/devices/import", a.user1, hdr+"acme-d100,001565000001,a,\n")
	if r := e.importCSV(a.customer, a.admin, ""); r.status != 400 || !strings.Contains(r.str("detail"), "body is required") {
		t.Errorf("empty file: %d %s", r.status, r.raw)
	}
	if after := e.snapshot(); after != before {
		t.Errorf("refused imports changed data")
	}
}

// TestImportManyErrors checks that every bad line counts but the answer
// lists at most 100 of them.
func TestImportManyErrors(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	file := "model,mac,description,workplace\n" + strings.Repeat("acme-nope,,x,\n", 150)
	r := e.importCSV(a.customer, a.admin, file)
	if r.status != 422 || len(problemDetails(r)) != 100 || !strings.Contains(r.str("detail"), "150 line(s)") {
		t.Errorf("status %d, %d details: %.300s", r.status, len(problemDetails(r)), r.raw)
	}
}

// TestImportVariants checks the forms spreadsheets write (semicolons, a
// byte-order mark, quoted fields, columns in any order and case) and the
// optional columns: workplace, MAC provisioning and DECT handsets on a base
// named by the MAC of an earlier line.
func TestImportVariants(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.must(204, "DELETE", "/api/v1/devices/"+a.dev2, a.admin, nil)
	file := "\xef\xbb\xbfDescription;Model;MAC;Workplace;MAC-Provisioning;Base;Serial\r\n" +
		"\"Reception; front\";acme-d100;00:15:65:AA:00:01;" + a.username2 + ";once;; GS-1234 \r\n" +
		"Base hall;acme-base2;00:15:65:AA:00:02;;;;\r\n" +
		"Handset 1;acme-hs2;;;;00:15:65:aa:00:02;\r\n" +
		"\r\n" +
		"Handset 2;acme-hs2;;" + a.username1 + ";;001565aa0002;\r\n"
	r := e.importCSV(a.customer, a.admin, file)
	if r.status != 201 {
		t.Fatalf("import: %d %s", r.status, r.raw)
	}
	ids, _ := r.obj()["devices"].([]any)
	if len(ids) != 4 {
		t.Fatalf("devices: %s", r.raw)
	}
	get := func(i int) resp { return e.must(200, "GET", "/api/v1/devices/"+ids[i].(string), a.admin, nil) }
	if d := get(0); d.str("description") != "Reception; front" || d.str("workplace") != a.wp2 || d.str("mac_provisioning") != "once" || d.str("mac") != "001565aa0001" || d.str("label_code") != "GS-1234" {
		t.Errorf("desk phone: %s", d.raw)
	}
	base := ids[1].(string)
	if d := get(2); d.str("base") != base || d.str("kind") != "dect_handset" {
		t.Errorf("handset 1: %s", d.raw)
	}
	if d := get(3); d.str("base") != base || d.str("workplace") != a.wp1 {
		t.Errorf("handset 2: %s", d.raw)
	}
	found := false
	for _, ev := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/events?kind=audit", a.admin, nil).items() {
		found = found || ev["action"] == "device.import" && ev["detail"] == "4 devices" && ev["object"] == a.customer
	}
	if !found {
		t.Error("no audit event for the import")
	}
	// The base takes two handsets; a third in a later file is refused.
	r = e.importCSV(a.customer, a.admin, "model,mac,description,workplace,base\nacme-hs2,,h3,,"+base+"\n")
	if msg := problemDetails(r)["line 2 base"]; r.status != 422 || !strings.Contains(msg, "already carries 2 handsets") {
		t.Errorf("third handset: %d %s", r.status, r.raw)
	}
}

// TestImportBodyLimit checks that the import takes files above the API's
// general body limit but not above its own.
func TestImportBodyLimit(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	big := "model,mac,description,workplace\n" + strings.Repeat("acme-d100,,"+strings.Repeat("x", 1000)+",\n", api.MaxImportBytes/1000+10)
	if r := e.importCSV(a.customer, a.admin, big); r.status != 413 {
		t.Errorf("%d MiB file: status %d, want 413: %.200s", len(big)>>20, r.status, r.raw)
	}
}

// BenchmarkImport10k measures an import of 10,000 desk phones through the
// API into a SQLite store in one transaction; rows/s is the figure.
func BenchmarkImport10k(b *testing.B) {
	e := newEnvWith(b, richModels)
	a := e.makeTenant("alpha", "+4930111")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		file := macFile(10000, (i+1)<<16)
		b.StartTimer()
		if r := e.importCSV(a.customer, a.admin, file); r.status != 201 {
			b.Fatalf("import: %d %.300s", r.status, r.raw)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
