package registrar

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// The registrar's bindings are kept in switchboard.Registration.Data as
// the JSON of sip.DeviceBindings; the store keeps them opaque.

// persister writes the server's bindings to the store, one transaction per
// batch, under this node's name.
type persister struct {
	store switchboard.Store
	node  string
}

// SaveBindings implements sip.Persister.
func (p *persister) SaveBindings(ctx context.Context, batch []sip.DeviceBindings) error {
	now := time.Now().UnixMilli()
	recs := make([]*switchboard.Registration, 0, len(batch))
	for _, db := range batch {
		data, err := json.Marshal(db)
		if err != nil {
			return fmt.Errorf("encode bindings of device %s: %w", db.DeviceID, err)
		}
		var exp int64
		for _, b := range db.Bindings {
			exp = max(exp, b.Expires.UnixMilli())
		}
		recs = append(recs, &switchboard.Registration{DeviceID: db.DeviceID, Node: p.node, Data: data, ExpiresAtMillis: exp, UpdatedAtMillis: now})
	}
	return p.store.Update(ctx, func(tx switchboard.Tx) error { return tx.SaveRegistrations(recs) })
}

// decode reads a persisted registration's bindings.
func decode(rec *switchboard.Registration) (sip.DeviceBindings, error) {
	var db sip.DeviceBindings
	if err := json.Unmarshal(rec.Data, &db); err != nil {
		return db, fmt.Errorf("decode SIP bindings of device %s: %w", rec.DeviceID, err)
	}
	db.DeviceID = rec.DeviceID
	return db, nil
}

// storedBindings is a persisted registration decoded.
type storedBindings struct {
	node     string
	bindings sip.DeviceBindings
}

// stored reads a device's persisted registration.
func (r *Registrar) stored(deviceID string) (storedBindings, bool) {
	rec, ok := r.storedMany([]string{deviceID})[deviceID]
	return rec, ok
}

// storedMany reads the persisted registrations of the devices in one
// transaction; a device that never registered, or whose record cannot be
// read, is missing from the answer.
func (r *Registrar) storedMany(deviceIDs []string) map[string]storedBindings {
	out := make(map[string]storedBindings, len(deviceIDs))
	if len(deviceIDs) == 0 {
		return out
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	var recs []*switchboard.Registration
	err := r.store.View(ctx, func(tx switchboard.Tx) error {
		recs = recs[:0]
		for _, id := range deviceIDs {
			rec, err := tx.Registration(id)
			switch {
			case err == nil:
				recs = append(recs, rec)
			case switchboard.ErrorCode(err) != switchboard.ENOTFOUND:
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.log.Warn("reading persisted SIP registrations failed", "devices", len(deviceIDs), "err", err)
		return out
	}
	for _, rec := range recs {
		db, err := decode(rec)
		if err != nil {
			r.log.Warn("a persisted SIP registration is unreadable", "device", rec.DeviceID, "err", err)
			continue
		}
		out[rec.DeviceID] = storedBindings{node: rec.Node, bindings: db}
	}
	return out
}

// loadBindings restores the bindings this node persisted that have not
// expired, so a restart keeps registrations.
func (r *Registrar) loadBindings(ctx context.Context) error {
	now := time.Now()
	var all []sip.Binding
	after := ""
	for {
		var page []*switchboard.Registration
		err := r.store.View(ctx, func(tx switchboard.Tx) error {
			var err error
			page, err = tx.Registrations(r.node, now.UnixMilli(), after, switchboard.MaxPageSize)
			return err
		})
		if err != nil {
			return fmt.Errorf("load SIP bindings: %w", err)
		}
		for _, rec := range page {
			db, err := decode(rec)
			if err != nil {
				return fmt.Errorf("load SIP bindings: %w", err)
			}
			all = append(all, db.Bindings...)
		}
		if len(page) < switchboard.MaxPageSize {
			break
		}
		after = page[len(page)-1].DeviceID
	}
	r.srv.Load(all)
	return nil
}
