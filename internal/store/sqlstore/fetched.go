package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const fetchedFileCols = `device_id, name, hash, body, remote_encrypt, fetched_at`

// SaveFetchedFiles records the files devices last fetched, sealing their
// bodies; a file whose hash is unchanged keeps its row (and its time)
// without being sealed or written again, the common case of a phone
// fetching the profile it has; a device deleted meanwhile gets none.
func (t *tx) SaveFetchedFiles(fs []*switchboard.FetchedFile) error {
	for _, f := range fs {
		same, err := t.exists(`SELECT 1 FROM fetched_files WHERE id = ? AND hash = ? AND remote_encrypt = ?
			AND (body IS NOT NULL OR ?)`, f.DeviceID+"/"+f.Name, f.Hash, f.RemoteEncrypt, len(f.Body) == 0)
		if err != nil {
			return fmt.Errorf("read fetched file %s of device %s: %w", f.Name, f.DeviceID, err)
		}
		if same {
			continue
		}
		sealed, err := t.seal(string(f.Body))
		if err != nil {
			return err
		}
		if _, err := t.exec(`INSERT INTO fetched_files (id, `+fetchedFileCols+`)
			SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?)
			ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, body = excluded.body,
			remote_encrypt = excluded.remote_encrypt, fetched_at = excluded.fetched_at
			WHERE fetched_files.hash <> excluded.hash OR fetched_files.remote_encrypt <> excluded.remote_encrypt
				OR fetched_files.body IS NULL AND excluded.body IS NOT NULL`,
			f.DeviceID+"/"+f.Name, f.DeviceID, f.Name, f.Hash, sealed[0], f.RemoteEncrypt, t.time(f.FetchedAt), f.DeviceID); err != nil {
			return fmt.Errorf("save fetched file %s of device %s: %w", f.Name, f.DeviceID, err)
		}
	}
	return nil
}

// FetchedFiles lists the files a device last fetched, by name.
func (t *tx) FetchedFiles(deviceID string) ([]*switchboard.FetchedFile, error) {
	out, err := all(t, `SELECT `+fetchedFileCols+` FROM fetched_files WHERE device_id = ? ORDER BY name`, []any{deviceID},
		func(r Row) (*switchboard.FetchedFile, error) {
			f := &switchboard.FetchedFile{}
			var body string
			err := r.Scan(&f.DeviceID, &f.Name, &f.Hash, t.secret(&body), &f.RemoteEncrypt, timeCol{&f.FetchedAt})
			f.Body = []byte(body)
			return f, err
		})
	if err != nil {
		return nil, fmt.Errorf("list fetched files of device %s: %w", deviceID, err)
	}
	return out, nil
}
