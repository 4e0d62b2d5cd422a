package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
	"github.com/switchboard-pbx/switchboard"
)

// TestUnavailable: failures to reach the database are EUNAVAILABLE (the API
// answers 503 with Retry-After); failures of the request itself and the
// caller's own cancellation keep their meaning.
func TestUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"connection refused", fmt.Errorf("begin transaction: %w", &pgconn.ConnectError{}), switchboard.EUNAVAILABLE},
		{"reset mid-query", fmt.Errorf("read customer: %w", refused), switchboard.EUNAVAILABLE},
		{"pool closed", fmt.Errorf("begin transaction: %w", puddle.ErrClosedPool), switchboard.EUNAVAILABLE},
		{"connection closed", fmt.Errorf("begin transaction: %w", pgconn.ErrConnClosed), switchboard.EUNAVAILABLE},
		{"server gone", io.ErrUnexpectedEOF, switchboard.EUNAVAILABLE},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, switchboard.EUNAVAILABLE},
		{"server starting", &pgconn.PgError{Code: "57P03"}, switchboard.EUNAVAILABLE},
		{"connection failure", &pgconn.PgError{Code: "08006"}, switchboard.EUNAVAILABLE},
		{"too many connections", &pgconn.PgError{Code: "53300"}, switchboard.EUNAVAILABLE},
		{"unique violation", &pgconn.PgError{Code: "23505"}, switchboard.EINTERNAL},
		{"syntax error", &pgconn.PgError{Code: "42601"}, switchboard.EINTERNAL},
		{"not found", switchboard.Errorf(switchboard.ENOTFOUND, "device not found"), switchboard.ENOTFOUND},
		{"caller cancelled", fmt.Errorf("begin transaction: %w", context.Canceled), switchboard.EINTERNAL},
		{"other", errors.New("scan: wrong type"), switchboard.EINTERNAL},
	} {
		err := unavailable(c.err)
		if got := switchboard.ErrorCode(err); got != c.want {
			t.Errorf("%s: code %q, want %q", c.name, got, c.want)
		}
		if !errors.Is(err, c.err) {
			t.Errorf("%s: the cause left the chain: %v", c.name, err)
		}
	}
	if unavailable(nil) != nil {
		t.Error("nil is not an error")
	}
}
