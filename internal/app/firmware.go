package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// FirmwareUpload is one firmware file as an operator uploads it: for
// which model, its version, its file name, optionally the SHA-256 the
// client computed (checked against what arrived), and the content.
type FirmwareUpload struct {
	Model    string
	Version  string
	FileName string
	SHA256   string
	Body     io.Reader
}

// errNoFirmwareFiles refuses firmware use cases on a Service built
// without Options.FirmwareFiles.
var errNoFirmwareFiles = switchboard.Errorf(switchboard.EUNAVAILABLE, "this server keeps no firmware files")

// UploadFirmware stores a firmware file for a model (issue 17 item 2).
// The content is streamed to the firmware store while its SHA-256 is
// computed; a file over switchboard.MaxFirmwareSize or whose checksum
// differs from the one given is refused and nothing is kept. Operators
// only: one file serves every customer.
func (s *Service) UploadFirmware(ctx context.Context, p switchboard.Principal, in FirmwareUpload) (*switchboard.Firmware, error) {
	if err := mayOperate(p); err != nil {
		return nil, err
	}
	if s.firmwareFiles == nil {
		return nil, errNoFirmwareFiles
	}
	now := s.clock()
	f := &switchboard.Firmware{ID: switchboard.NewID("fw", now), Model: strings.TrimSpace(in.Model), Version: strings.TrimSpace(in.Version),
		FileName: strings.TrimSpace(in.FileName), CreatedAt: now}
	if f.FileName == "" {
		f.FileName = f.Model + ".bin"
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if _, ok := s.catalogue.Model(f.Model); !ok {
		return nil, switchboard.FieldErrorf("model", "model %q is not in the catalogue", f.Model)
	}
	want := strings.ToLower(strings.TrimSpace(in.SHA256))
	if want != "" {
		if b, err := hex.DecodeString(want); err != nil || len(b) != sha256.Size {
			return nil, switchboard.FieldErrorf("sha256", "sha256 is 64 hexadecimal digits")
		}
	}
	sum := sha256.New()
	counted := &countingReader{r: io.LimitReader(in.Body, switchboard.MaxFirmwareSize+1)}
	if err := s.firmwareFiles.Put(ctx, f.ID, io.TeeReader(counted, sum)); err != nil {
		return nil, fmt.Errorf("store firmware: %w", err)
	}
	f.Size, f.SHA256 = counted.n, hex.EncodeToString(sum.Sum(nil))
	var refusal error
	switch {
	case f.Size > switchboard.MaxFirmwareSize:
		refusal = switchboard.Errorf(switchboard.EINVALID, "the file is larger than %d MiB", switchboard.MaxFirmwareSize>>20)
	case f.Size == 0:
		refusal = switchboard.Errorf(switchboard.EINVALID, "the file is empty")
	case want != "" && want != f.SHA256:
		refusal = switchboard.FieldErrorf("sha256", "the file arrived with SHA-256 %s, not %s; upload it again", f.SHA256, want)
	}
	if refusal == nil {
		refusal = s.update(ctx, p, func(tx switchboard.Tx, _ time.Time) (audit, error) {
			return audit{action: "firmware.upload", object: f.ID, detail: f.Model + " " + f.Version}, tx.CreateFirmware(f)
		})
	}
	if refusal != nil {
		return nil, errors.Join(refusal, s.firmwareFiles.Remove(context.WithoutCancel(ctx), f.ID))
	}
	return f, nil
}

// countingReader counts what passes through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Firmwares lists the uploaded firmware, of one model when model is
// given. Every caller may read the list: administrators pin from it.
func (s *Service) Firmwares(ctx context.Context, _ switchboard.Principal, model string, page switchboard.Page) ([]*switchboard.Firmware, string, error) {
	var out []*switchboard.Firmware
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Firmwares(model, page)
		return err
	})
	return out, next, err
}

// DeleteFirmware removes a firmware file; ECONFLICT while a pin or a
// rollout names it. Operators only.
func (s *Service) DeleteFirmware(ctx context.Context, p switchboard.Principal, id string) error {
	if err := mayOperate(p); err != nil {
		return err
	}
	if s.firmwareFiles == nil {
		return errNoFirmwareFiles
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, _ time.Time) (audit, error) {
		return audit{action: "firmware.delete", object: id}, tx.DeleteFirmware(id)
	})
	if err != nil {
		return err
	}
	return s.firmwareFiles.Remove(ctx, id)
}

// OpenFirmware opens a firmware file's content for the provisioning
// server, which has already checked that the device asking for it is told
// this version.
func (s *Service) OpenFirmware(ctx context.Context, f *switchboard.Firmware) (io.ReadSeekCloser, error) {
	if s.firmwareFiles == nil {
		return nil, errNoFirmwareFiles
	}
	return s.firmwareFiles.Open(ctx, f.ID, f.Size)
}
