package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

// filter narrows a list: conditions joined with AND after the keyset
// condition on the key column.
type filter struct {
	where []string
	args  []any
}

// eq narrows f to the rows whose column equals v; an empty v leaves f as
// it is.
func (f filter) eq(column, v string) filter {
	if v != "" {
		f.where = append(f.where, column+" = ?")
		f.args = append(f.args, v)
	}
	return f
}

// list runs a keyset-paginated query: rows of from matching f whose key is
// after p.After, in key order, at most p.Size(). It fetches one row more
// than asked to know whether a next page exists; the cursor is the key of
// the page's last item.
func list[T any](t *tx, cols, from, key string, f filter, p switchboard.Page, scan func(Row) (T, error), keyOf func(T) string) ([]T, string, error) {
	size := p.Size()
	out, err := all(t, listQuery(cols, from, key, f), append(append([]any{p.After}, f.args...), size+1), scan)
	if err != nil {
		return nil, "", fmt.Errorf("list %s: %w", from, err)
	}
	next := ""
	if len(out) > size {
		out = out[:size]
		next = keyOf(out[size-1])
	}
	return out, next, nil
}

// listQuery is list's query: its parameters are the cursor, f's values
// and the row limit.
func listQuery(cols, from, key string, f filter) string {
	q := "SELECT " + cols + " FROM " + from + " WHERE " + key + " > ?"
	for _, w := range f.where {
		q += " AND " + w
	}
	return q + " ORDER BY " + key + " LIMIT ?"
}

// all runs a query and scans every row; no rows make an empty slice.
func all[T any](t *tx, q string, args []any, scan func(Row) (T, error)) ([]T, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanString scans a row of one text column.
func scanString(s Row) (string, error) {
	var v string
	err := s.Scan(&v)
	return v, err
}

// one runs a query for a single row and scans it.
func one[T any](t *tx, q string, args []any, scan func(Row) (T, error), kind, id string) (T, error) {
	v, err := scan(t.queryRow(q, args...))
	if err != nil {
		var zero T
		return zero, noRow(err, kind, id)
	}
	return v, nil
}
