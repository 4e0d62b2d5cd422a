package api_test

import (
	"context"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// openPostgres opens a store on a new database of the test server.
func openPostgres(t *testing.T) switchboard.Store {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.URL(t), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestOnPostgres runs the tests whose rules rely on the store (uniqueness,
// all or nothing, isolation) again on PostgreSQL. It skips, naming what is
// missing, when no PostgreSQL is available.
func TestOnPostgres(t *testing.T) {
	openPostgres(t).Close() // skips without PostgreSQL
	openStore = openPostgres
	defer func() { openStore = openSQLite }()
	for _, c := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"TenantIsolation", TestTenantIsolation},
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
	} {
		t.Run(c.name, c.fn)
	}
}
