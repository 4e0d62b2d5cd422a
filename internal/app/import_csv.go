package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Import limits: a file larger than the API's body limit never arrives; one
// with more rows than MaxImportRows is refused as a whole, and at most
// MaxImportErrors bad lines are listed (the rest are counted). 100,000 rows
// are the largest import an operator may send, and it finishes within a minute (BENCHMARKS.md).
const (
	MaxImportRows   = 100000
	MaxImportErrors = 100
)

// csvLayout describes the columns of an import file: the first required
// of columns must be present, the others are optional; aliases are other
// names people give them. Header names are matched without regard to
// case, spaces or dashes. what names one line's item in messages.
type csvLayout struct {
	columns  []string
	required int
	aliases  map[string]string
	what     string
}

// deviceImport is the layout of a device import file.
var deviceImport = csvLayout{
	columns:  []string{"model", "mac", "description", "workplace", "mac_provisioning", "base", "label_code"},
	required: 4,
	aliases: map[string]string{
		"workplace_username": "workplace", "username": "workplace", "mac_address": "mac",
		"serial": "label_code", "serial_number": "label_code",
	},
	what: "device",
}

// importRow is one line of an import file, by column name.
type importRow struct {
	line   int
	fields map[string]string
}

func (r importRow) get(col string) string { return strings.TrimSpace(r.fields[col]) }

// ImportLineError is what is wrong with one line of an import file.
type ImportLineError struct {
	Line int `json:"line"`
	// Column names the column at fault, when one is.
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// ImportError refuses an import: nothing was created, and Lines says which
// lines are wrong and why (the first MaxImportErrors of them; More counts
// the others). It unwraps to an invalid-input *switchboard.Error, so every
// adapter maps it like any other refusal.
type ImportError struct {
	Lines []ImportLineError
	More  int
}

// Error lists the bad lines in one text.
func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString(e.summary())
	for _, l := range e.Lines {
		fmt.Fprintf(&b, "; line %d: %s", l.Line, l.Message)
	}
	return b.String()
}

// summary says how many lines are wrong and that nothing was imported.
func (e *ImportError) summary() string {
	n := len(e.Lines) + e.More
	s := fmt.Sprintf("nothing was imported: %d line(s) of the file have errors", n)
	if e.More > 0 {
		s += fmt.Sprintf(" (the first %d are listed)", len(e.Lines))
	}
	return s
}

// Unwrap gives the error's code and summary as an application error.
func (e *ImportError) Unwrap() error {
	return &switchboard.Error{Code: switchboard.EINVALID, Message: e.summary()}
}

// add records a bad line, keeping at most MaxImportErrors.
func (e *ImportError) add(line int, column, format string, args ...any) {
	if len(e.Lines) >= MaxImportErrors {
		e.More++
		return
	}
	e.Lines = append(e.Lines, ImportLineError{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// addErr records an application error against a line, naming its field as
// the column.
func (e *ImportError) addErr(line int, err error) {
	e.add(line, switchboard.ErrorField(err), "%s", switchboard.ErrorMessage(err))
}

func (e *ImportError) empty() bool { return len(e.Lines) == 0 && e.More == 0 }

// parseImport reads an import file of the layout: a header line naming
// the columns, then one item per line, separated by commas or (as spreadsheets in many
// locales write them) semicolons. Lines whose fields cannot be read are
// recorded in bad; parsing goes on so that every bad line is reported.
func parseImport(r io.Reader, layout csvLayout, bad *ImportError) ([]importRow, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3) // the byte-order mark spreadsheets put first
	}
	first, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if line, _, _ := bytes.Cut(first, []byte("\n")); bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		cr.Comma = ';'
	}
	header, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.Is(err, io.EOF) || errors.As(err, &pe) {
			bad.add(1, "", "the file must start with a header line naming the columns: %s", layout.columnList())
			return nil, nil
		}
		return nil, fmt.Errorf("read import file: %w", err)
	}
	cols, ok := layout.header(header, bad)
	if !ok {
		return nil, nil
	}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad.add(pe.StartLine, "", "the line cannot be read as CSV: %v", pe.Err)
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read import file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= MaxImportRows {
			bad.add(line, "", "the file has more than %d %ss; split it into several files", MaxImportRows, layout.what)
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(cols) {
			bad.add(line, "", "the line has %d fields, the header names %d columns", len(rec), len(cols))
			continue
		}
		row := importRow{line: line, fields: make(map[string]string, len(cols))}
		for i, c := range cols {
			row.fields[c] = rec[i]
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 && bad.empty() {
		bad.add(1, "", "the file names no %[1]s: after the header line, give one %[1]s per line", layout.what)
	}
	return rows, nil
}

// header maps the header's names to columns. Unknown, repeated and
// missing columns are reported together as one error on line 1.
func (l csvLayout) header(header []string, bad *ImportError) ([]string, bool) {
	known := map[string]bool{}
	for _, c := range l.columns {
		known[c] = true
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	var problems []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		name = strings.NewReplacer(" ", "_", "-", "_").Replace(name)
		if a, isAlias := l.aliases[name]; isAlias {
			name = a
		}
		switch {
		case !known[name]:
			problems = append(problems, fmt.Sprintf("unknown column %q", strings.TrimSpace(h)))
		case seen[name]:
			problems = append(problems, fmt.Sprintf("column %q named twice", name))
		}
		seen[name] = true
		cols[i] = name
	}
	var missing []string
	for _, c := range l.columns[:l.required] {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "missing column(s) "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		bad.add(1, "", "the first line must be a header naming the columns %s; here: %s", l.columnList(), strings.Join(problems, ", "))
		return nil, false
	}
	return cols, true
}

// columnList describes the columns for error messages.
func (l csvLayout) columnList() string {
	return strings.Join(l.columns[:l.required], ", ") +
		" (optional: " + strings.Join(l.columns[l.required:], ", ") + ")"
}

// importFile parses an import file and runs fn on its lines in one
// transaction, all or nothing. The caller's right to the customer is
// checked first, so a stranger learns nothing about the file or the
// customer from the answer; then a file with bad lines is refused as a
// whole before fn runs. fn records the lines it finds bad in bad.
func (s *Service) importFile(ctx context.Context, p switchboard.Principal, customerID string, file io.Reader, layout csvLayout,
	fn func(tx switchboard.Tx, now time.Time, rows []importRow, bad *ImportError) (audit, error)) error {
	bad := &ImportError{}
	rows, err := parseImport(file, layout, bad)
	if err != nil {
		return err
	}
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		if !bad.empty() {
			return audit{}, bad
		}
		return fn(tx, now, rows, bad)
	})
}
