package app

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kylelemons/godebug/diff"
)

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// Masks for secrets in a profile line: a known secret's value wherever it
// appears, and the value of any key or element whose name says it holds a
// password, PIN or secret (an old password no longer known, for one).
var (
	secretKey     = regexp.MustCompile(`(?i)^(\s*[^=:<>\s]*(?:pass|pwd|secret|pin)[^=:<>\s]*\s*[=:]\s*)(\S.*?)(\s*)$`)
	secretElement = regexp.MustCompile(`(?i)(<[^<>/]*(?:pass|pwd|secret|pin)[^<>]*>)([^<]+)(<)`)
	secretAttr    = regexp.MustCompile(`(?i)(\b[\w.-]*(?:pass|pwd|secret|pin)[\w.-]*=")([^"]+)(")`)
)

// secretShown and secretChanged replace a secret in the difference.
const (
	secretShown   = "(secret)"
	secretChanged = "(changed)"
)

// masker hides secrets in profile lines.
type masker struct{ secrets []string }

// newMasker masks the given secrets; values shorter than four characters
// (a flag "1", an empty password) would mask ordinary text and are left to
// the key names.
func newMasker(secrets ...string) masker {
	var m masker
	for _, s := range secrets {
		if len(s) >= 4 {
			m.secrets = append(m.secrets, s)
		}
	}
	return m
}

// mask returns line with every secret replaced by secretShown.
func (m masker) mask(line string) string {
	for _, s := range m.secrets {
		line = strings.ReplaceAll(line, s, secretShown)
	}
	line = secretKey.ReplaceAllString(line, "${1}"+secretShown+"${3}")
	line = secretElement.ReplaceAllString(line, "${1}"+secretShown+"${3}")
	return secretAttr.ReplaceAllString(line, "${1}"+secretShown+"${3}")
}

// diffOp is one line of a difference: ' ', '-' or '+' and the masked text.
type diffOp struct {
	kind byte
	text string
}

// lineDiff returns a unified-style difference of old and new (hunks with
// "@@ -l,n +l,n @@" headers and three lines of context) with secrets
// masked; a line whose only change is a secret shows it as secretChanged.
// Empty when the two are equal.
func lineDiff(old, new string, m masker) string {
	a, b := splitLines(old), splitLines(new)
	var ops []diffOp
	for _, c := range diff.DiffChunks(a, b) {
		for _, l := range c.Deleted {
			ops = append(ops, diffOp{'-', m.mask(l)})
		}
		for _, l := range c.Added {
			ops = append(ops, diffOp{'+', m.mask(l)})
		}
		for _, l := range c.Equal {
			ops = append(ops, diffOp{' ', m.mask(l)})
		}
	}
	markSecretChanges(ops)
	var out strings.Builder
	aLine, bLine := 1, 1
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i, aLine, bLine = i+1, aLine+1, bLine+1
			continue
		}
		start := max(0, i-diffContext)
		end := hunkEnd(ops, i)
		aStart, bStart := aLine-(i-start), bLine-(i-start)
		na, nb := 0, 0
		for _, op := range ops[start:end] {
			na += btoi(op.kind != '+')
			nb += btoi(op.kind != '-')
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", aStart, na, bStart, nb)
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		aLine, bLine, i = aStart+na, bStart+nb, end
	}
	return out.String()
}

// hunkEnd returns the end of the hunk holding the change at i: changes
// closer than twice the context share a hunk, and the context after the
// last change closes it.
func hunkEnd(ops []diffOp, i int) int {
	last := i
	for j := i; j < len(ops) && j-last <= 2*diffContext; j++ {
		if ops[j].kind != ' ' {
			last = j
		}
	}
	return min(len(ops), last+1+diffContext)
}

// markSecretChanges finds a removed line and the added line paired with it
// (same position in adjacent runs) that read the same once masked: the
// change is a secret's, shown on the added line as secretChanged.
func markSecretChanges(ops []diffOp) {
	for i := 0; i < len(ops); {
		if ops[i].kind != '-' {
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].kind == '-' {
			j++
		}
		k := j
		for k < len(ops) && ops[k].kind == '+' {
			k++
		}
		for n := 0; n < j-i && n < k-j; n++ {
			if ops[i+n].text == ops[j+n].text {
				ops[j+n].text = strings.ReplaceAll(ops[j+n].text, secretShown, secretChanged)
			}
		}
		i = k
	}
}

// splitLines splits a file into lines without their ends; a final newline
// ends the last line rather than starting an empty one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
