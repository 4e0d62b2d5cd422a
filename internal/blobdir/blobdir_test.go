package blobdir_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/blobdir"
)

// TestPutOpenRemove stores a file, reads it back at an offset, refuses a
// name that is not an id, leaves nothing behind after a failed write and
// removes the file.
func TestPutOpenRemove(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "firmware")
	d, err := blobdir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	id := switchboard.NewID("fw", time.Now())
	content := bytes.Repeat([]byte("image"), 1000)
	if err := d.Put(ctx, id, bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	f, err := d.Open(ctx, id, int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(4990, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if rest, err := io.ReadAll(f); err != nil || string(rest) != "imageimage" {
		t.Errorf("read from 4990: %q, %v", rest, err)
	}
	f.Close()
	if err := d.Put(ctx, "../escape", bytes.NewReader(content)); err == nil {
		t.Error("a name that is not an id was written")
	}
	broken := switchboard.NewID("fw", time.Now())
	if err := d.Put(ctx, broken, iotest.ErrReader(errors.New("connection reset"))); err == nil {
		t.Error("a failed upload reported success")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("the directory holds %d files after one good and one failed upload, want 1", len(entries))
	}
	if err := d.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, id, 0); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("open after remove: %v, want ENOTFOUND", err)
	}
	if err := d.Remove(ctx, id); err != nil {
		t.Errorf("removing again: %v", err)
	}
}
