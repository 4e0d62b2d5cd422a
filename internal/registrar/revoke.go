package registrar

import (
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// TopicRevoke asks every node to end the registrations a device made with
// its previous SIP account (switchboard.CredentialRevoker): the node
// holding them sends the NOTIFY and drops them, and every node drops the
// previous account from its cache. The notice carries only the device id;
// each node reads the previous account from the store.
const TopicRevoke = "sip.revoke"

// Revoke implements switchboard.CredentialRevoker: this node's bindings
// made with the previous account get the NOTIFY and are dropped at once;
// then the other nodes are told. Bindings another node holds are reported
// as sent, as Notify does.
func (r *Registrar) Revoke(ctx context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	prev := d.PreviousSIP.AuthName
	if prev == "" {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device has no previous SIP account")
	}
	out := r.revokeLocal(ctx, d, reboot)
	if rec, ok := r.stored(d.ID); ok && rec.node != r.node {
		now := time.Now()
		for _, b := range rec.bindings.Bindings {
			if b.Username == prev && b.Expires.After(now) {
				out = append(out, switchboard.BindingOutcome{Contact: b.Contact, Transport: b.Transport, State: sip.OutcomeSent})
			}
		}
	}
	if err := r.bus.Publish(ctx, TopicRevoke, d.ID); err != nil {
		r.log.Warn("revoked SIP account not told to other nodes; their cached copy expires on its own", "device", d.ID, "err", err)
	}
	if len(out) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered with its previous SIP account")
	}
	return out, nil
}

// revokeLocal drops the previous account from this node's cache, sends
// the NOTIFY to this node's bindings made with it, answering the phone's
// challenge with that account, and then drops those bindings.
func (r *Registrar) revokeLocal(ctx context.Context, d *switchboard.Device, reboot bool) []switchboard.BindingOutcome {
	prev := d.PreviousSIP
	r.srv.Invalidate(prev.AuthName)
	srv := r.server()
	if srv == nil {
		return nil
	}
	outs, err := srv.NotifyAs(ctx, d.ID, r.event(d, reboot), reboot, sip.Credentials{Username: prev.AuthName, Password: prev.Password})
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		r.log.Warn("NOTIFY before revoking a SIP account failed; the bindings are dropped all the same", "device", d.ID, "err", err)
	}
	if n := srv.DropBindings(d.ID, prev.AuthName); n > 0 {
		r.log.Info("SIP bindings of a revoked account dropped", "device", d.ID, "bindings", n)
	}
	return outcomes(outs)
}

// followRevokes revokes, on this node, the previous accounts other nodes'
// use cases replaced. A missed notice (All) drops every cached account;
// bindings of a missed revocation stay until they expire, and the phone
// cannot renew them with the refused account.
func (r *Registrar) followRevokes(ctx context.Context, ids <-chan string) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-ids:
			if id == switchboard.All {
				r.InvalidateAll()
				continue
			}
			r.revokeNotice(ctx, id)
		}
	}
}

// revokeNotice reads the device's previous account and revokes it here.
func (r *Registrar) revokeNotice(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	var d *switchboard.Device
	err := r.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(id)
		return err
	})
	if err != nil {
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			r.log.Warn("reading a device for a revoked SIP account failed; dropping every cached account", "device", id, "err", err)
			r.InvalidateAll()
		}
		return
	}
	if d.PreviousSIP.AuthName == "" {
		return
	}
	m, _ := r.cat.Model(d.Model)
	r.revokeLocal(ctx, d, m.CanReboot && !m.CanSync)
}

// sighted tells the fraud signal about each current binding of a device
// whose registration changed: two bindings at once from two phones or two
// networks, or one replacing another within minutes, are what it watches
// for. Only changes reach here, never plain refreshes, so a registration
// costs nothing more.
func (r *Registrar) sighted(e sip.StatusEvent) {
	if r.sighting == nil {
		return
	}
	for _, b := range r.srv.Bindings(e.DeviceID) {
		r.sighting(switchboard.Sighting{DeviceID: e.DeviceID, Via: switchboard.ViaSIP, MAC: b.MAC, IP: b.IP(), At: e.At})
	}
}
