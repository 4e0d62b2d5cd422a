package postgres

import (
	"strconv"
	"strings"
	"sync"
)

// rebound caches rebind's results. The queries are a fixed set but for
// the IN lists, which are at most a page long, so the cache stays small.
var rebound sync.Map

// rebind turns the ? placeholders the queries are written with into
// PostgreSQL's $1, $2, ... The queries contain no ? inside literals.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}
