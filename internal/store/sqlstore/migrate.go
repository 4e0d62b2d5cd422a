package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migrate applies the migrations in files (migrations/NNNN_name.sql, each
// a dialect's own SQL) that schema_migrations does not list yet, in
// file-name order, and records each with now (encoded for applied_at). It
// runs in the caller's transaction, which has created schema_migrations
// and keeps other processes from migrating at the same time; c.Exec must
// take several statements at once.
func Migrate(ctx context.Context, c Conn, files fs.FS, now any) error {
	names, err := fs.Glob(files, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number: %w", base, err)
		}
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := c.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := c.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			version, base, now); err != nil {
			return fmt.Errorf("record migration %s: %w", base, err)
		}
	}
	return nil
}
