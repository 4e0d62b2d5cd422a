package app_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/bus/pgbus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
)

// fakeCalls is one node's B2BUA for the relay tests: the calls it carries
// per workplace, and the actions it was asked for ("hold c1").
type fakeCalls struct {
	mu     sync.Mutex
	calls  map[string][]switchboard.Call
	did    []string
	refuse error
}

func (f *fakeCalls) Calls(workplaceID string) []switchboard.Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls[workplaceID])
}

func (f *fakeCalls) Call(workplaceID, callID string) (switchboard.Call, error) {
	for _, c := range f.Calls(workplaceID) {
		if c.ID == callID {
			return c, nil
		}
	}
	return switchboard.Call{}, switchboard.Errorf(switchboard.ENOTFOUND, "No such call")
}

// do records an action on a call it carries; ENOTFOUND for any other.
func (f *fakeCalls) do(workplaceID, what, callID string) error {
	if _, err := f.Call(workplaceID, callID); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.did = append(f.did, what+" "+callID)
	return f.refuse
}

func (f *fakeCalls) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.did)
}

func (f *fakeCalls) Dial(_ context.Context, workplaceID, address string) (switchboard.Call, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.did = append(f.did, "dial "+address)
	c := switchboard.Call{ID: "dialled", WorkplaceID: workplaceID, Personality: switchboard.CallClickToDial, RemoteAddress: address,
		State: switchboard.CallAlerting}
	f.calls[workplaceID] = append(f.calls[workplaceID], c)
	return c, nil
}

func (f *fakeCalls) Release(_ context.Context, w, id string) error { return f.do(w, "release", id) }
func (f *fakeCalls) Hold(_ context.Context, w, id string) error    { return f.do(w, "hold", id) }
func (f *fakeCalls) Talk(_ context.Context, w, id string) error    { return f.do(w, "talk", id) }
func (f *fakeCalls) BlindTransfer(_ context.Context, w, id, _ string) error {
	return f.do(w, "blind-transfer", id)
}
func (f *fakeCalls) ConsultTransfer(_ context.Context, w, id, _ string) error {
	return f.do(w, "consult-transfer", id)
}
func (f *fakeCalls) VoicemailTransfer(_ context.Context, w, id string) error {
	return f.do(w, "voicemail-transfer", id)
}
func (f *fakeCalls) Retrieve(_ context.Context, w string) (switchboard.Call, error) {
	cs := f.Calls(w)
	if len(cs) == 0 {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ENOTFOUND, "No call to retrieve")
	}
	return cs[0], f.do(w, "retrieve", cs[0].ID)
}
func (f *fakeCalls) Conference(_ context.Context, w string, ids []string) error {
	return f.do(w, "conference", ids[0])
}

// ownDevices routes a workplace to its devices, as the use cases answer
// CallRequest.OwnDevices.
type ownDevices map[string][]string

func (o ownDevices) Route(_ context.Context, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	if !req.OwnDevices || len(o[req.WorkplaceID]) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no device")
	}
	return &switchboard.CallRoute{Origin: &switchboard.CallTarget{WorkplaceID: req.WorkplaceID, DeviceIDs: o[req.WorkplaceID]}}, nil
}

// relayNode is one node of the relay tests: its store, bus, B2BUA and
// relay.
type relayNode struct {
	name  string
	store switchboard.Store
	calls *fakeCalls
	relay *app.CallRelay
}

// sharedStore opens the store and bus of a node; every node of a test
// shares one database and bus.
type sharedStore func(t testing.TB) (switchboard.Store, switchboard.Bus)

// relayBackends are the stores the relay runs over: SQLite with an
// in-process bus (the logic alone), and PostgreSQL with LISTEN/NOTIFY as
// several serve nodes run it.
func relayBackends() map[string]func(t testing.TB) sharedStore {
	return map[string]func(t testing.TB) sharedStore{
		"sqlite": func(t testing.TB) sharedStore {
			s, b := stores.SQLite(t)(t), bus.NewLocal()
			return func(testing.TB) (switchboard.Store, switchboard.Bus) { return s, b }
		},
		"postgres": func(t testing.TB) sharedStore {
			url, kr := pgtest.URL(t), keyring.Random()
			return func(t testing.TB) (switchboard.Store, switchboard.Bus) {
				db, err := postgres.Open(context.Background(), url, kr)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				b, err := pgbus.New(context.Background(), db.Pool(), pgbus.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = b.Close() })
				return db, b
			}
		},
	}
}

// startRelayNode starts the relay of a live node named name.
func startRelayNode(t testing.TB, open sharedStore, name string, router switchboard.CallRouter, wait time.Duration) *relayNode {
	t.Helper()
	s, b := open(t)
	n := &relayNode{name: name, store: s, calls: &fakeCalls{calls: map[string][]switchboard.Call{}}}
	n.relay = app.NewCallRelay(app.CallRelayOptions{Store: s, Bus: b, Node: name, Local: n.calls, Router: router, Wait: wait})
	beatNode(t, s, name)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.relay.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("relay of %s: %v", name, err)
		}
	})
	return n
}

// beatNode records a heartbeat of the node now, so the others wait for it.
func beatNode(t testing.TB, s switchboard.Store, name string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx switchboard.Tx) error {
		return tx.Beat(switchboard.Claimant{Node: name, Run: "run_" + name}, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCallRelayCarriesActionsToTheNodeOfTheCall: two nodes share a store
// and bus; a call carried by node A is listed, read, held and released
// through node B, B's own call is acted on by B alone, A's refusal keeps
// its code, an unknown call is not found on any node, and a click-to-dial
// call is placed by the node the workplace's phone registered with, or
// here when that node is gone.
func TestCallRelayCarriesActionsToTheNodeOfTheCall(t *testing.T) {
	for name, backend := range relayBackends() {
		t.Run(name, func(t *testing.T) {
			open := backend(t)
			router := ownDevices{"wp_anna": {"dev_anna"}, "wp_bob": {"dev_bob"}}
			a := startRelayNode(t, open, "node-a", router, 10*time.Second)
			b := startRelayNode(t, open, "node-b", router, 10*time.Second)
			ctx := context.Background()
			a.calls.calls["wp_anna"] = []switchboard.Call{{ID: "c1", WorkplaceID: "wp_anna", State: switchboard.CallActive}}
			b.calls.calls["wp_anna"] = []switchboard.Call{{ID: "c2", WorkplaceID: "wp_anna", State: switchboard.CallHeld}}

			var ids []string
			for _, c := range b.relay.Calls("wp_anna") {
				ids = append(ids, c.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, []string{"c1", "c2"}) {
				t.Errorf("calls listed through node B: %v, want both nodes' c1 and c2", ids)
			}
			if len(b.relay.Calls("wp_bob")) != 0 {
				t.Error("another workplace's list is not empty")
			}
			if c, err := b.relay.Call("wp_anna", "c1"); err != nil || c.State != switchboard.CallActive {
				t.Errorf("call c1 read through node B: %+v, %v", c, err)
			}
			if _, err := b.relay.Call("wp_bob", "c1"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				t.Errorf("another workplace reading c1: %v, want not found", err)
			}

			for _, act := range []func() error{
				func() error { return b.relay.Hold(ctx, "wp_anna", "c1") },
				func() error { return b.relay.Talk(ctx, "wp_anna", "c1") },
				func() error { return b.relay.BlindTransfer(ctx, "wp_anna", "c1", "201") },
				func() error { return b.relay.Conference(ctx, "wp_anna", []string{"c1", "c3"}) },
				func() error { return b.relay.Release(ctx, "wp_anna", "c1") },
				func() error { return b.relay.Hold(ctx, "wp_anna", "c2") },
			} {
				if err := act(); err != nil {
					t.Fatal(err)
				}
			}
			if got, want := a.calls.actions(), []string{"hold c1", "talk c1", "blind-transfer c1", "conference c1", "release c1"}; !slices.Equal(got, want) {
				t.Errorf("node A carried out %v, want %v", got, want)
			}
			if got := b.calls.actions(); !slices.Equal(got, []string{"hold c2"}) {
				t.Errorf("node B carried out %v, want only its own call's hold", got)
			}

			a.calls.refuse = switchboard.Errorf(switchboard.ECONFLICT, "The call is not answered")
			err := b.relay.Hold(ctx, "wp_anna", "c1")
			if switchboard.ErrorCode(err) != switchboard.ECONFLICT || switchboard.ErrorMessage(err) != "The call is not answered" {
				t.Errorf("node A's refusal through node B: %v, want its conflict", err)
			}
			began := time.Now()
			if err := b.relay.Hold(ctx, "wp_anna", "c9"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				t.Errorf("unknown call: %v, want not found", err)
			}
			if err := b.relay.Hold(ctx, "wp_bob", "c1"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				t.Errorf("another workplace holding c1: %v, want not found", err)
			}
			if d := time.Since(began); d > 5*time.Second {
				t.Errorf("not found took %v: the nodes' answers were not awaited but timed out", d)
			}

			register(t, a.store, "dev_anna", "node-a")
			c, err := b.relay.Dial(ctx, "wp_anna", "201")
			if err != nil || c.ID != "dialled" || c.RemoteAddress != "201" {
				t.Errorf("click-to-dial through node B: %+v, %v", c, err)
			}
			if got := a.calls.actions(); !slices.Contains(got, "dial 201") {
				t.Errorf("node A (holding the phone's registration) did not dial: %v", got)
			}
			if got := b.calls.actions(); slices.Contains(got, "dial 201") {
				t.Error("node B dialled though the phone is registered with node A")
			}
			register(t, a.store, "dev_bob", "node-gone")
			if _, err := b.relay.Dial(ctx, "wp_bob", "200"); err != nil || !slices.Contains(b.calls.actions(), "dial 200") {
				t.Errorf("click-to-dial of a phone registered with a node that stopped beating: %v, node B did %v, want it dialled here",
					err, b.calls.actions())
			}
		})
	}
}

// TestCallRelayGivesUpOnANodeThatDoesNotAnswer: a third node beats but
// runs no relay; a call no answering node carries ends unavailable after
// the wait, and the list holds the calls of the nodes that answered.
func TestCallRelayGivesUpOnANodeThatDoesNotAnswer(t *testing.T) {
	open := relayBackends()["sqlite"](t)
	a := startRelayNode(t, open, "node-a", nil, 300*time.Millisecond)
	b := startRelayNode(t, open, "node-b", nil, 300*time.Millisecond)
	beatNode(t, a.store, "node-c")
	a.calls.calls["wp_anna"] = []switchboard.Call{{ID: "c1", WorkplaceID: "wp_anna"}}
	err := b.relay.Hold(context.Background(), "wp_anna", "c9")
	if switchboard.ErrorCode(err) != switchboard.EUNAVAILABLE {
		t.Errorf("hold with a silent node: %v, want unavailable", err)
	}
	if cs := b.relay.Calls("wp_anna"); len(cs) != 1 || cs[0].ID != "c1" {
		t.Errorf("calls with a silent node: %+v, want node A's c1", cs)
	}
	if err := b.relay.Hold(context.Background(), "wp_anna", "c1"); err != nil {
		t.Errorf("hold of node A's call with a silent node: %v", err)
	}
}

// register records that node holds a current registration of the device.
func register(t *testing.T, s switchboard.Store, deviceID, node string) {
	t.Helper()
	now := time.Now().UnixMilli()
	err := s.Update(context.Background(), func(tx switchboard.Tx) error {
		return tx.SaveRegistrations([]*switchboard.Registration{{DeviceID: deviceID, Node: node, Data: []byte("{}"),
			ExpiresAtMillis: now + time.Hour.Milliseconds(), UpdatedAtMillis: now}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCallRelayHold measures an action on a call another node
// carries: request written, told on the bus, carried out and answered.
func BenchmarkCallRelayHold(b *testing.B) {
	for name, backend := range relayBackends() {
		b.Run(name, func(b *testing.B) {
			open := backend(b)
			a := startRelayNode(b, open, "node-a", nil, 10*time.Second)
			other := startRelayNode(b, open, "node-b", nil, 10*time.Second)
			a.calls.calls["wp_anna"] = []switchboard.Call{{ID: "c1", WorkplaceID: "wp_anna"}}
			for b.Loop() {
				if err := other.relay.Hold(context.Background(), "wp_anna", "c1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
