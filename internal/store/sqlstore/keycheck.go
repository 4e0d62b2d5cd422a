package sqlstore

import (
	"context"
	"fmt"
	switchboard "github.com/switchboard-pbx/switchboard"
	"time"
)

// CheckKey reads the recorded key checks in a write transaction, passes
// them to verify and records the checks it returns. When none is recorded
// (a new database, or one older than key checks) verify also gets one
// sealed secret, if there is any, to prove the key on. Two nodes starting on
// an empty database with different keys cannot both record theirs: the
// transaction of one sees the other's row (SQLite writes one at a time,
// PostgreSQL runs it again after a serialization failure), so verify must
// have no effect outside it.
func (db *DB) CheckKey(ctx context.Context, verify func(recorded []switchboard.KeyCheck, sample []byte) ([]switchboard.KeyCheck, error)) error {
	return db.d.Update(ctx, func(c Conn) error {
		recorded, err := keyChecks(ctx, c)
		if err != nil {
			return err
		}
		var sample []byte
		if len(recorded) == 0 {
			if sample, err = sampleSealed(ctx, c); err != nil {
				return err
			}
		}
		add, err := verify(recorded, sample)
		if err != nil {
			return err
		}
		for _, k := range add {
			if _, err := c.Exec(ctx, `INSERT INTO key_checks (key_id, mac, index_key, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (key_id) DO NOTHING`, k.ID, k.MAC, k.IndexKey, db.d.Time(time.Now())); err != nil {
				return fmt.Errorf("record key check: %w", err)
			}
		}
		return nil
	})
}

// KeyChecks returns the recorded key checks.
func (db *DB) KeyChecks(ctx context.Context) ([]switchboard.KeyCheck, error) {
	var out []switchboard.KeyCheck
	err := db.d.View(ctx, func(c Conn) error {
		var err error
		out, err = keyChecks(ctx, c)
		return err
	})
	return out, err
}

// RetireKeys removes the key checks of every key but keep, once no secret
// is sealed under them any more.
func (db *DB) RetireKeys(ctx context.Context, keep string) error {
	return db.d.Update(ctx, func(c Conn) error {
		if _, err := c.Exec(ctx, `DELETE FROM key_checks WHERE key_id <> ?`, keep); err != nil {
			return fmt.Errorf("retire key checks: %w", err)
		}
		return nil
	})
}

func keyChecks(ctx context.Context, c Conn) ([]switchboard.KeyCheck, error) {
	rows, err := c.Query(ctx, `SELECT key_id, mac, index_key FROM key_checks ORDER BY created_at, key_id`)
	if err != nil {
		return nil, fmt.Errorf("read key checks: %w", err)
	}
	defer rows.Close()
	var out []switchboard.KeyCheck
	for rows.Next() {
		var k switchboard.KeyCheck
		if err := rows.Scan(&k.ID, &k.MAC, &k.IndexKey); err != nil {
			return nil, fmt.Errorf("read key checks: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read key checks: %w", err)
	}
	return out, nil
}

// sampleSealed returns one sealed secret, or nil when the database holds
// none.
func sampleSealed(ctx context.Context, c Conn) ([]byte, error) {
	for _, t := range sealedColumns {
		for _, col := range t.cols {
			rows, err := c.Query(ctx, `SELECT `+col+` FROM `+t.table+` WHERE `+col+` IS NOT NULL LIMIT 1`)
			if err != nil {
				return nil, fmt.Errorf("read a sealed secret: %w", err)
			}
			var v []byte
			if rows.Next() {
				err = rows.Scan(&v)
			}
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
			if err != nil {
				return nil, fmt.Errorf("read a sealed secret: %w", err)
			}
			if len(v) > 0 {
				return v, nil
			}
		}
	}
	return nil, nil
}
