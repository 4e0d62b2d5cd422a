package api_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestOnPostgres runs the tests whose rules rely on the store (uniqueness,
// all or nothing, isolation, orders and the outbox) again on PostgreSQL.
// The import is among them: there a refused statement aborts the whole
// transaction, so the import must find every bad line before it writes. It
// skips, naming what is missing, when no PostgreSQL is available.
func TestOnPostgres(t *testing.T) {
	stores.Postgres(t) // skips without PostgreSQL
	openStore = stores.Postgres
	defer func() { openStore = stores.SQLite }()
	for _, c := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"TenantIsolation", TestTenantIsolation},
		{"Calls", TestCalls},
		{"UserCannotChangeOwnWorkplace", TestUserCannotChangeOwnWorkplace},
		{"Customers", TestCustomers},
		{"Numbers", TestNumbers},
		{"WorkplaceCreateRules", TestWorkplaceCreateRules},
		{"WorkplaceUpdateAndDelete", TestWorkplaceUpdateAndDelete},
		{"ConcurrentCreation", TestConcurrentCreation},
		{"Devices", TestDevices},
		{"Tokens", TestTokens},
		{"AuditEvents", TestAuditEvents},
		{"StatusAndActions", TestStatusAndActions},
		{"LinkUnlink", TestLinkUnlink},
		{"FunctionKeys", TestFunctionKeys},
		{"RegistrarForgetsChangedAccounts", TestRegistrarForgetsChangedAccounts},
		{"Import10k", TestImport10k},
		{"ImportRefusals", TestImportRefusals},
		{"ImportVariants", TestImportVariants},
		{"FunctionKeyRules", TestFunctionKeyRules},
		{"KeysAndSettingsSurviveNewKeyAndReset", TestKeysAndSettingsSurviveNewKeyAndReset},
		{"WorkplaceAdminPassword", TestWorkplaceAdminPassword},
		{"DECTRules", TestDECTRules},
		{"WorkplaceOrderDeliversCredentials", TestWorkplaceOrderDeliversCredentials},
		{"PackageMinimumTerm", TestPackageMinimumTermThroughAPI},
		{"PasswordReset", TestPasswordReset},
		{"RedirectLifecycle", TestRedirectLifecycle},
		{"RedirectRetries", TestRedirectRetries},
		{"RedirectSurvivesRestart", TestRedirectSurvivesRestart},
		{"RedirectAccounts", TestRedirectAccounts},
		{"HotDesk", TestHotDeskThroughTheAPI},
		{"ExportImport", TestExportImportAPI},
		{"NoSecretsInAnswers", TestNoSecretsInAnswers},
		{"ForeignImports", TestForeignImports},
	} {
		t.Run(c.name, c.fn)
	}
}
