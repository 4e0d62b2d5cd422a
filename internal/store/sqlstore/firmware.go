package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.FirmwareTx = (*tx)(nil)

const firmwareCols = `id, model, version, file_name, size, sha256, created_at`

func scanFirmware(s Row) (*switchboard.Firmware, error) {
	f := &switchboard.Firmware{}
	err := s.Scan(&f.ID, &f.Model, &f.Version, &f.FileName, &f.Size, &f.SHA256, timeCol{&f.CreatedAt})
	return f, err
}

// CreateFirmware inserts f; a model's version exists once.
func (t *tx) CreateFirmware(f *switchboard.Firmware) error {
	dup, err := t.exists(`SELECT 1 FROM firmware WHERE model = ? AND version = ?`, f.Model, f.Version)
	if err != nil {
		return fmt.Errorf("look for firmware %s %s: %w", f.Model, f.Version, err)
	}
	if dup {
		return conflictf("the %s has firmware %s already; delete it first to upload it again", f.Model, f.Version)
	}
	_, err = t.exec(`INSERT INTO firmware (`+firmwareCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.Model, f.Version, f.FileName, f.Size, f.SHA256, t.time(f.CreatedAt))
	if err != nil {
		return t.refused(err, "firmware", "firmware", f.ID, nil)
	}
	return nil
}

// Firmware returns the firmware with id.
func (t *tx) Firmware(id string) (*switchboard.Firmware, error) {
	return one(t, `SELECT `+firmwareCols+` FROM firmware WHERE id = ?`, []any{id}, scanFirmware, "firmware", id)
}

// Firmwares lists firmware in id order, of one model when model is given.
func (t *tx) Firmwares(model string, p switchboard.Page) ([]*switchboard.Firmware, string, error) {
	return list(t, firmwareCols, "firmware", "id", filter{}.eq("model", model), p,
		scanFirmware, func(f *switchboard.Firmware) string { return f.ID })
}

// DeleteFirmware removes the firmware and its chunks unless a pin or a
// rollout names it.
func (t *tx) DeleteFirmware(id string) error {
	err := t.deleteRecord("firmware", "firmware", id, "firmware %q is still in use",
		dependant{"firmware_pins", "firmware_id", "firmware %q is pinned %d time(s); pin another version first"},
		dependant{"firmware_rollouts", "firmware_id", "firmware %q is named by %d rollout(s)"},
		dependant{"firmware_rollouts", "from_firmware_id", "firmware %q is what %d rollout(s) go back to"})
	if err != nil {
		return err
	}
	return t.DeleteFirmwareChunks(id)
}

// PutFirmwareChunk stores piece n of a firmware's content.
func (t *tx) PutFirmwareChunk(firmwareID string, n int, data []byte) error {
	if _, err := t.exec(`DELETE FROM firmware_chunks WHERE firmware_id = ? AND n = ?`, firmwareID, n); err != nil {
		return fmt.Errorf("replace firmware chunk: %w", err)
	}
	if _, err := t.exec(`INSERT INTO firmware_chunks (firmware_id, n, data) VALUES (?, ?, ?)`, firmwareID, n, data); err != nil {
		return fmt.Errorf("store firmware chunk: %w", err)
	}
	return nil
}

// FirmwareChunk reads piece n of a firmware's content.
func (t *tx) FirmwareChunk(firmwareID string, n int) ([]byte, error) {
	var data []byte
	err := t.queryRow(`SELECT data FROM firmware_chunks WHERE firmware_id = ? AND n = ?`, firmwareID, n).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("firmware chunk", fmt.Sprintf("%s/%d", firmwareID, n))
	}
	if err != nil {
		return nil, fmt.Errorf("read firmware chunk: %w", err)
	}
	return data, nil
}

// DeleteFirmwareChunks removes every piece of a firmware's content.
func (t *tx) DeleteFirmwareChunks(firmwareID string) error {
	if _, err := t.exec(`DELETE FROM firmware_chunks WHERE firmware_id = ?`, firmwareID); err != nil {
		return fmt.Errorf("delete firmware chunks: %w", err)
	}
	return nil
}

const pinCols = `customer_id, site_id, model, firmware_id, updated_at`

func scanPin(s Row) (*switchboard.FirmwarePin, error) {
	p := &switchboard.FirmwarePin{}
	err := s.Scan(&p.CustomerID, &p.SiteID, &p.Model, &p.FirmwareID, timeCol{&p.UpdatedAt})
	return p, err
}

// SetFirmwarePin replaces the pin of its customer, site and model.
func (t *tx) SetFirmwarePin(p *switchboard.FirmwarePin) error {
	if p.SiteID != "" {
		if err := t.present(siteRef(p.CustomerID, p.SiteID)); err != nil {
			return err
		}
	}
	if _, err := t.Firmware(p.FirmwareID); err != nil {
		return err
	}
	if _, err := t.exec(`DELETE FROM firmware_pins WHERE customer_id = ? AND site_id = ? AND model = ?`, p.CustomerID, p.SiteID, p.Model); err != nil {
		return fmt.Errorf("replace firmware pin: %w", err)
	}
	_, err := t.exec(`INSERT INTO firmware_pins (`+pinCols+`) VALUES (?, ?, ?, ?, ?)`,
		p.CustomerID, p.SiteID, p.Model, p.FirmwareID, t.time(p.UpdatedAt))
	if err != nil {
		return t.refused(err, "firmware pin", "firmware_pins", p.Model, nil, customerRef(p.CustomerID))
	}
	return nil
}

// FirmwarePin returns the pin of a customer's site and model.
func (t *tx) FirmwarePin(customerID, siteID, model string) (*switchboard.FirmwarePin, error) {
	return one(t, `SELECT `+pinCols+` FROM firmware_pins WHERE customer_id = ? AND site_id = ? AND model = ?`,
		[]any{customerID, siteID, model}, scanPin, "firmware pin", model)
}

// DeleteFirmwarePin removes the pin of a customer's site and model.
func (t *tx) DeleteFirmwarePin(customerID, siteID, model string) error {
	n, err := t.exec(`DELETE FROM firmware_pins WHERE customer_id = ? AND site_id = ? AND model = ?`, customerID, siteID, model)
	if err != nil {
		return fmt.Errorf("delete firmware pin: %w", err)
	}
	return affected(n, "firmware pin", model)
}

// FirmwarePins lists a customer's pins.
func (t *tx) FirmwarePins(customerID string) ([]*switchboard.FirmwarePin, error) {
	return all(t, `SELECT `+pinCols+` FROM firmware_pins WHERE customer_id = ? ORDER BY site_id, model`, []any{customerID}, scanPin)
}
