package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// operatorToken makes an operator token on svc.
func operatorToken(t *testing.T, svc *app.Service) string {
	t.Helper()
	tok, err := svc.CreateToken(context.Background(), switchboard.System, switchboard.RoleOperator, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return tok.Secret
}

// TestCLICustomerExportImport moves a customer between two servers with
// 'customer export' and 'customer import', the passphrase read from a
// file; an import without a passphrase is refused before anything is
// sent.
func TestCLICustomerExportImport(t *testing.T) {
	src, srcSvc, customer, _ := apiServer(t)
	dst, dstSvc, taken, _ := apiServer(t)
	// The other server's customer would hold the same SIP domain.
	if err := dstSvc.DeleteCustomer(context.Background(), switchboard.System, taken); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file, pass := filepath.Join(dir, "export.json"), filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("moving day at the office\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runSplit(t, "customer", "export", customer, "--out", file, "--passphrase-file", pass,
		"--server", src.URL, "--token", operatorToken(t, srcSvc))
	if err != nil || !strings.Contains(out, "secrets sealed") {
		t.Fatalf("export: %v\n%s%s", err, out, errOut)
	}
	dstTok := operatorToken(t, dstSvc)
	if _, _, err := runSplit(t, "customer", "import", file, "--server", dst.URL, "--token", dstTok); err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Errorf("import without a passphrase: %v", err)
	}
	out, errOut, err = runSplit(t, "customer", "import", file, "--passphrase-file", pass, "--server", dst.URL, "--token", dstTok)
	if err != nil || !strings.Contains(out, customer) {
		t.Fatalf("import: %v\n%s%s", err, out, errOut)
	}
	if _, err := dstSvc.Customer(context.Background(), switchboard.System, customer); err != nil {
		t.Errorf("the imported customer: %v", err)
	}
}

// TestCLIImportFrom creates a device from a wazo-provd list and refuses
// an unknown format before anything is sent.
func TestCLIImportFrom(t *testing.T) {
	srv, _, customer, token := apiServer(t)
	file := filepath.Join(t.TempDir(), "devices.json")
	if err := os.WriteFile(file, []byte(`{"devices": [{"mac": "00:15:65:aa:bb:41", "vendor": "Yealink", "model": "T54W"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--server", srv.URL, "--token", token, "--customer", customer}
	out, errOut, err := runSplit(t, append([]string{"device", "import-from", "--format", "wazo-provd", file}, common...)...)
	if err != nil || !strings.Contains(out, "created") {
		t.Fatalf("import-from: %v\n%s%s", err, out, errOut)
	}
	if _, _, err := runSplit(t, append([]string{"device", "import-from", "--format", "freepbx", file}, common...)...); err == nil {
		t.Error("an unknown format was accepted")
	}
}
