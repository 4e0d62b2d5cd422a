package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Resealer seals a secret again under the sealing key, or reports that
// the sealing key sealed it already; internal/keyring implements it.
type Resealer interface {
	Reseal(sealed []byte) ([]byte, bool, error)
}

// sealedColumns lists every sealed column by table (whose key is id).
var sealedColumns = []struct {
	table string
	cols  []string
}{
	{"workplaces", []string{"hot_desk_pin", "device_admin_password"}},
	{"devices", []string{"access_key", "admin_password", "web_password", "sip_password", "login_password", "sip_previous_password"}},
	{"messages", []string{"body_text", "body_html"}},
	{"redirect_accounts", []string{"credentials"}},
	{"fetched_files", []string{"body"}},
	{"portal_accounts", []string{"totp_secret"}},
	{"profile_versions", []string{"archive", "settings"}},
	{"trunks", []string{"password"}},
}

// Reseal walks every sealed secret in batches of batch rows, one short
// transaction each, and seals again under r's sealing key those another
// key sealed, so nodes keep serving meanwhile. A secret written by a node
// between read and write is left as that node wrote it (the write only
// replaces the values read; the next pass finds it). It returns how many
// secrets it sealed again.
func (db *DB) Reseal(ctx context.Context, r Resealer, batch int) (int, error) {
	total := 0
	for _, t := range sealedColumns {
		after := ""
		for {
			var n, rows int
			var last string
			err := db.d.Update(ctx, func(c Conn) error {
				var err error
				n, rows, last, err = resealBatch(ctx, c, r, t.table, t.cols, after, batch)
				return err
			})
			if err != nil {
				return total, fmt.Errorf("reseal %s: %w", t.table, err)
			}
			total += n
			if rows < batch {
				break
			}
			after = last
		}
	}
	return total, nil
}

// resealBatch reseals the secrets of up to batch rows of table after the
// id after, and returns how many it changed, how many rows it read and the
// last id.
func resealBatch(ctx context.Context, c Conn, r Resealer, table string, cols []string, after string, batch int) (changed, read int, last string, err error) {
	rows, err := c.Query(ctx, `SELECT id, `+strings.Join(cols, ", ")+` FROM `+table+` WHERE id > ? ORDER BY id LIMIT ?`, after, batch)
	if err != nil {
		return 0, 0, "", err
	}
	type row struct {
		id   string
		vals [][]byte
	}
	var stale []row
	for rows.Next() {
		rw := row{vals: make([][]byte, len(cols))}
		dest := []any{&rw.id}
		for i := range rw.vals {
			dest = append(dest, &rw.vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return 0, 0, "", err
		}
		stale = append(stale, rw)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, "", err
	}
	for _, rw := range stale {
		last = rw.id
		var set, where []string
		var newVals, oldVals []any
		for i, v := range rw.vals {
			if len(v) == 0 {
				continue
			}
			nv, ok, err := r.Reseal(v)
			if err != nil {
				return 0, 0, "", fmt.Errorf("%s %s.%s: %w", table, rw.id, cols[i], err)
			}
			if ok {
				set, where = append(set, cols[i]+" = ?"), append(where, " AND "+cols[i]+" = ?")
				newVals, oldVals = append(newVals, nv), append(oldVals, v)
			}
		}
		if len(set) == 0 {
			continue
		}
		args := append(append(newVals, rw.id), oldVals...)
		n, err := c.Exec(ctx, `UPDATE `+table+` SET `+strings.Join(set, ", ")+` WHERE id = ?`+strings.Join(where, ""), args...)
		if err != nil {
			return 0, 0, "", err
		}
		if n > 0 {
			changed += len(set)
		}
	}
	return changed, len(stale), last, nil
}

// resealPasses is how many reseal passes Rotate makes before it concludes
// that a node still seals with an old key.
const resealPasses = 3

// ErrStillSealing is returned by Rotate when secrets sealed under another
// key keep appearing: a node has not been restarted with the new sealing
// key yet.
var ErrStillSealing = errors.New("a node still seals with an old key")

// Rotation is what Rotate did: the secrets it sealed again, and the keys
// whose checks it removed (the database no longer needs them).
type Rotation struct {
	Resealed int
	Retired  []string
}

// Rotate finishes a key rotation: it reseals every secret under r's
// sealing key (id) in passes until one finds nothing left, then removes the
// other keys' checks, after which a node holding only an old key refuses
// to start. When secrets under another key still appear after
// resealPasses passes it stops with ErrStillSealing and removes nothing.
func (db *DB) Rotate(ctx context.Context, r Resealer, id string, batch int) (Rotation, error) {
	var out Rotation
	for pass := 1; ; pass++ {
		n, err := db.Reseal(ctx, r, batch)
		out.Resealed += n
		if err != nil {
			return out, err
		}
		if n == 0 {
			break
		}
		if pass == resealPasses {
			return out, fmt.Errorf("%d secrets were sealed under another key during pass %d: %w", n, pass, ErrStillSealing)
		}
	}
	rec, err := db.KeyChecks(ctx)
	if err != nil {
		return out, err
	}
	for _, c := range rec {
		if c.ID != id {
			out.Retired = append(out.Retired, c.ID)
		}
	}
	return out, db.RetireKeys(ctx, id)
}
