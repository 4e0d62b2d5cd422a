package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// StoreFirmwareFiles keeps firmware content in the store itself, in
// switchboard.FirmwareChunkSize pieces (FirmwareTx), each written in a
// transaction of its own: with PostgreSQL every node then serves every
// file, and no transaction holds a whole image.
func StoreFirmwareFiles(store switchboard.Store) switchboard.FirmwareFiles {
	return chunkFiles{store: store}
}

type chunkFiles struct{ store switchboard.Store }

// Put writes the content piece by piece; a failure removes what was
// written.
func (c chunkFiles) Put(ctx context.Context, id string, r io.Reader) error {
	buf := make([]byte, switchboard.FirmwareChunkSize)
	for n := 0; ; n++ {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			piece := buf[:k]
			if werr := c.store.Update(ctx, func(tx switchboard.Tx) error { return tx.PutFirmwareChunk(id, n, piece) }); werr != nil {
				return errors.Join(fmt.Errorf("store firmware chunk: %w", werr), c.Remove(context.WithoutCancel(ctx), id))
			}
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil
		case err != nil:
			return errors.Join(fmt.Errorf("read firmware: %w", err), c.Remove(context.WithoutCancel(ctx), id))
		}
	}
}

// Open reads the content back a piece at a time, seeking by piece.
func (c chunkFiles) Open(ctx context.Context, id string, size int64) (io.ReadSeekCloser, error) {
	return &chunkReader{ctx: ctx, store: c.store, id: id, size: size, piece: -1}, nil
}

// Remove deletes every piece.
func (c chunkFiles) Remove(ctx context.Context, id string) error {
	return c.store.Update(ctx, func(tx switchboard.Tx) error { return tx.DeleteFirmwareChunks(id) })
}

// chunkReader reads a firmware's pieces as one file, keeping the piece
// last read.
type chunkReader struct {
	ctx   context.Context
	store switchboard.Store
	id    string
	size  int64
	off   int64
	piece int
	data  []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := int(r.off / switchboard.FirmwareChunkSize)
	if n != r.piece {
		err := r.store.View(r.ctx, func(tx switchboard.Tx) error {
			var err error
			r.data, err = tx.FirmwareChunk(r.id, n)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("read firmware chunk %d: %w", n, err)
		}
		r.piece = n
	}
	at := int(r.off % switchboard.FirmwareChunkSize)
	if at >= len(r.data) {
		return 0, io.ErrUnexpectedEOF
	}
	k := copy(p, r.data[at:])
	r.off += int64(k)
	return k, nil
}

func (r *chunkReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, fmt.Errorf("seek: whence %d", whence)
	}
	if offset < 0 {
		return 0, fmt.Errorf("seek to %d: before the start", offset)
	}
	r.off = offset
	return offset, nil
}

func (r *chunkReader) Close() error { return nil }
