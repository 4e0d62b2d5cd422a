package registrar

import (
	"context"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// statusWorkers publish status changes at once (a notice to PostgreSQL is
// a round trip); queueSize bounds the changes waiting for them and the
// devices waiting for their pending action. A boot storm brings a change
// per phone: past the bound a change is dropped (and its pending action
// waits for the device's next fetch) rather than stalling the server's
// event delivery.
const (
	statusWorkers = 16
	queueSize     = 20000
)

// Run serves SIP on the listeners and follows the bus until ctx ends or a
// listener fails, then waits for everything it started and writes the
// queued security events. It returns the listener's failure. A Registrar
// runs once.
func (r *Registrar) Run(ctx context.Context, ls ...sip.Listener) error {
	actions, stopActions := r.bus.Subscribe(TopicAction)
	defer stopActions()
	devices, stopDevices := r.bus.Subscribe(switchboard.TopicDevice)
	defer stopDevices()
	sites, stopSites := r.bus.Subscribe(switchboard.TopicSite)
	defer stopSites()
	customers, stopCustomers := r.bus.Subscribe(switchboard.TopicCustomer)
	defer stopCustomers()
	revokes, stopRevokes := r.bus.Subscribe(TopicRevoke)
	defer stopRevokes()
	trunks, stopTrunks := r.bus.Subscribe(switchboard.TopicTrunk)
	defer stopTrunks()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range statusWorkers {
		wg.Go(func() { r.publishStatus(ctx) })
	}
	wg.Go(func() { r.sec.run(ctx) })
	wg.Go(func() { r.followActions(ctx, actions) })
	wg.Go(func() { r.followRevokes(ctx, revokes) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case id := <-devices:
				r.deviceChanged(ctx, id)
			case <-sites:
				r.InvalidateAll()
			case <-customers:
				r.InvalidateAll()
			case <-trunks:
				r.srv.ReloadTrunks()
			}
		}
	})
	r.serving.Store(true)
	err := r.srv.Serve(ctx, ls...)
	r.serving.Store(false)
	cancel()
	wg.Wait()
	r.sec.flush(context.WithoutCancel(ctx))
	r.logDropped()
	return err
}

// onStatus runs on the server's event goroutine, so it only queues: the
// notice for the status workers and, for a device that came online, its
// pending action.
func (r *Registrar) onStatus(e sip.StatusEvent) {
	r.offer(r.notices, e.DeviceID)
	if e.Status.Online {
		r.offer(r.due, e.DeviceID)
		r.sighted(e)
	}
}

// offer queues id on ch, or counts it dropped when ch is full.
func (r *Registrar) offer(ch chan<- string, id string) {
	select {
	case ch <- id:
	default:
		r.dropped.Add(1)
	}
}

func (r *Registrar) logDropped() {
	if n := r.dropped.Swap(0); n > 0 {
		r.log.Warn("SIP status changes not handled: too many at once; pending actions wait for the devices' next fetch", "dropped", n)
	}
}

// publishStatus tells the other nodes of status changes until ctx ends.
func (r *Registrar) publishStatus(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-r.notices:
			r.logDropped()
			pctx, cancel := context.WithTimeout(ctx, storeTimeout)
			if err := r.bus.Publish(pctx, TopicStatus, id); err != nil {
				r.log.Warn("status change not told to other nodes", "device", id, "err", err)
			}
			cancel()
		}
	}
}

// followActions hands over the actions other nodes' APIs asked for, for
// the devices whose bindings this node holds.
func (r *Registrar) followActions(ctx context.Context, actions <-chan string) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-actions:
			if id == switchboard.All {
				r.log.Warn("missed action requests from other nodes; they are delivered at the devices' next fetch or registration")
				continue
			}
			if len(r.srv.Bindings(id)) > 0 {
				r.offer(r.due, id)
			}
		}
	}
}

// deviceChanged drops the cached account of a changed device, or every
// account when the device is gone (its auth name is no longer known) or
// the notice stands for all devices. This node's use cases drop accounts
// directly too; the notices matter for the other nodes.
func (r *Registrar) deviceChanged(ctx context.Context, id string) {
	if id == switchboard.All {
		r.InvalidateAll()
		return
	}
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	var auth string
	err := r.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := tx.Device(id)
		if err == nil {
			auth = d.SIP.AuthName
		}
		return err
	})
	if err != nil || auth == "" {
		r.InvalidateAll()
		return
	}
	r.Invalidate(auth)
}
