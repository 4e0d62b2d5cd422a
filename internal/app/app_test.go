package app

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func TestSlug(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Acme", "acme"},
		{"Müller & Söhne GmbH", "mueller-soehne-gmbh"},
		{"  Straße 12 ", "strasse-12"},
		{"Ça va! Café", "ca-va-cafe"},
		{"---", "customer"},
		{"日本", "customer"},
		{strings.Repeat("ab-", 40), strings.TrimRight(strings.Repeat("ab-", 17)[:50], "-")},
	} {
		got := slug(c.in)
		if got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.in, got, c.want)
		}
		if err := switchboard.ValidateDomain("d", got+".example"); err != nil {
			t.Errorf("slug(%q) = %q is no DNS label: %v", c.in, got, err)
		}
	}
}

func TestRandomSecrets(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		k := randomHex(accessKeyLen)
		if len(k) != 48 || seen[k] {
			t.Fatalf("access key %q: wrong length or repeated", k)
		}
		seen[k] = true
	}
	// Every digit turns up: the generator is not stuck on a subset.
	counts := map[rune]int{}
	for _, r := range randomDigits(2000) {
		counts[r]++
	}
	for _, d := range digits {
		if counts[d] < 100 {
			t.Errorf("digit %c appeared %d times in 2000", d, counts[d])
		}
	}
}
