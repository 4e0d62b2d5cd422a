package xsi_test

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/xsi"
)

// backend is the use cases with the call settings and events written
// here over the store until the call use cases land.
type backend struct {
	*app.Service
	e *env
}

func (e *env) backend() xsi.Service { return backend{Service: e.svc, e: e} }

func (b backend) CallSettings(ctx context.Context, p switchboard.Principal, wid string) (*switchboard.CallSettings, error) {
	var s *switchboard.CallSettings
	err := b.e.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		s, err = tx.CallSettings(wid)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			w, err := tx.Workplace(wid)
			if err != nil {
				return err
			}
			s = switchboard.DefaultCallSettings(w)
			return nil
		}
		return err
	})
	return s, err
}

func (b backend) UpdateCallSettings(ctx context.Context, p switchboard.Principal, wid string, patch app.CallSettingsPatch, by string) (*switchboard.CallSettings, error) {
	s, err := b.CallSettings(ctx, p, wid)
	if err != nil {
		return nil, err
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.ForwardAlways, patch.ForwardAlways)
	set(&s.DoNotDisturb, patch.DoNotDisturb)
	set(&s.RemoteOffice, patch.RemoteOffice)
	set(&s.ParallelRinging, patch.ParallelRinging)
	set(&s.Voicemail, patch.Voicemail)
	if patch.ForwardTo != nil {
		s.ForwardTo = *patch.ForwardTo
	}
	if patch.RemoteOfficeNumber != nil {
		s.RemoteOfficeNumber = *patch.RemoteOfficeNumber
	}
	if patch.ParallelRingingNumbers != nil {
		s.ParallelRingingNumbers = *patch.ParallelRingingNumbers
	}
	s.UpdatedBy = by
	err = b.e.store.Update(ctx, func(tx switchboard.Tx) error {
		if err := tx.PutCallSettings(s); err != nil {
			return err
		}
		return tx.AddCallEvent(&switchboard.CallEvent{Kind: switchboard.EventCallSettings, CustomerID: s.CustomerID, WorkplaceID: wid, Settings: s})
	})
	if err != nil {
		return nil, err
	}
	return s, b.e.bus.Publish(ctx, switchboard.TopicCall, s.CustomerID)
}

func (b backend) CallEventsAfter(ctx context.Context, p switchboard.Principal, customerID string, after int64, limit int) ([]*switchboard.CallEvent, error) {
	var out []*switchboard.CallEvent
	err := b.e.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		out, err = tx.CallEventsAfter(customerID, after, limit)
		return err
	})
	return out, err
}

func (b backend) LastCallEventSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := b.e.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		seq, err = tx.LastCallEventSeq()
		return err
	})
	return seq, err
}

// recordCallEvent adds a call event as the B2BUA does.
func (e *env) recordCallEvent(ev *switchboard.CallEvent) {
	e.must(e.store.Update(e.ctx, func(tx switchboard.Tx) error { return tx.AddCallEvent(ev) }))
	e.must(e.bus.Publish(e.ctx, switchboard.TopicCall, ev.CustomerID))
}
