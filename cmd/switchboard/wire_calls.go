package main

import (
	"context"
	"net/netip"
	"sync/atomic"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// callUseCases hands the B2BUA's questions (where a call goes, which
// trunk an address is) and its call events to the use cases. The SIP
// server is built before the use cases, which need its registrar; svc is
// stored right after app.New, before anything serves.
type callUseCases struct {
	svc atomic.Pointer[app.Service]
}

// Route asks the use cases where a call goes.
func (c *callUseCases) Route(ctx context.Context, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	return c.svc.Load().Route(ctx, req)
}

// TrunkByAddress finds the trunk an INVITE came from.
func (c *callUseCases) TrunkByAddress(ctx context.Context, ip netip.Addr, dialled string) (*switchboard.Trunk, error) {
	return c.svc.Load().TrunkByAddress(ctx, ip, dialled)
}

// TrunkSecret reads a trunk with its password, to answer its challenges.
func (c *callUseCases) TrunkSecret(ctx context.Context, id string) (*switchboard.Trunk, error) {
	return c.svc.Load().TrunkSecret(ctx, id)
}

// RegisteredTrunks reads the trunks the node registers at.
func (c *callUseCases) RegisteredTrunks(ctx context.Context) ([]*switchboard.Trunk, error) {
	return c.svc.Load().RegisteredTrunks(ctx)
}

// record writes a batch of call events (journal, CTI channels) in one
// transaction; the B2BUA counts and logs a batch that failed, the calls go
// on.
func (c *callUseCases) record(batch []switchboard.CallEvent) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	es := make([]*switchboard.CallEvent, len(batch))
	for i := range batch {
		es[i] = &batch[i]
	}
	return c.svc.Load().RecordCallEvents(ctx, es)
}

// RecordTrunkRegistration stores this node's registration state at a
// trunk.
func (c *callUseCases) RecordTrunkRegistration(ctx context.Context, trunkID string, r switchboard.TrunkRegistration) error {
	return c.svc.Load().RecordTrunkRegistration(ctx, trunkID, r)
}
