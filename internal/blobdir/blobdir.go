// Package blobdir keeps firmware content as files in one directory (the
// data directory's "firmware" with SQLite): written to a temporary file
// and renamed into place, so a reader never sees half a file.
package blobdir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Dir is a directory of firmware files named by their ids.
type Dir struct{ path string }

var _ switchboard.FirmwareFiles = Dir{}

// Open returns the directory at path, created (mode 0700) when missing.
func Open(path string) (Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return Dir{}, fmt.Errorf("create firmware directory: %w", err)
	}
	return Dir{path: path}, nil
}

// name is the file of id; ids are the store's own, but one that could
// leave the directory is refused all the same.
func (d Dir) name(id string) (string, error) {
	if !switchboard.IsID(id) {
		return "", fmt.Errorf("firmware file: %q is not an id", id)
	}
	return filepath.Join(d.path, id), nil
}

// Put writes the content of id from r.
func (d Dir) Put(_ context.Context, id string, r io.Reader) error {
	name, err := d.name(id)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(d.path, ".upload-*")
	if err != nil {
		return fmt.Errorf("create firmware file: %w", err)
	}
	tmp := f.Name()
	_, err = io.Copy(f, r)
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write firmware file: %w", err)
	}
	return nil
}

// Open opens the content of id.
func (d Dir) Open(_ context.Context, id string, _ int64) (io.ReadSeekCloser, error) {
	name, err := d.name(id)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the content of firmware %q is missing from the data directory", id)
	}
	if err != nil {
		return nil, fmt.Errorf("open firmware file: %w", err)
	}
	return f, nil
}

// Remove deletes the content of id.
func (d Dir) Remove(_ context.Context, id string) error {
	name, err := d.name(id)
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove firmware file: %w", err)
	}
	return nil
}
