package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// TestOrderWorkersOnSeveralNodes runs the order worker on two nodes
// sharing one database at the same time, in rounds of one batch and as
// the worker serve runs with several orders at once per node: every order
// is carried out once, so each user gets one welcome and one password,
// never two.
func TestOrderWorkersOnSeveralNodes(t *testing.T) {
	for name, mk := range bothStores {
		for mode, run := range map[string]orderRun{"rounds": inRounds, "workers": withWorkers} {
			t.Run(name+"/"+mode, func(t *testing.T) { ordersOnNodes(t, mk, run) })
		}
	}
}

// orderRun carries out the n orders of a customer on the nodes.
type orderRun func(t *testing.T, nodes []*app.Service, customerID string, n int)

// ordersOnNodes orders workplaces, has run carry the orders out on two
// nodes and checks that each was carried out once.
func ordersOnNodes(t *testing.T, mk func(testing.TB) stores.Opener, run orderRun) {
	open := mk(t)
	ctx := context.Background()
	nodes := []*app.Service{app.New(app.Options{Store: open(t), Catalogue: testModels}),
		app.New(app.Options{Store: open(t), Catalogue: testModels})}
	setup := nodes[0]
	sys := switchboard.System
	c, err := setup.CreateCustomer(ctx, sys, app.CustomerInput{Name: "Acme", AdminEmail: "admin@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	site, err := setup.CreateSite(ctx, sys, c.ID, app.SiteInput{Name: "HQ"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 24
	for i := range n {
		u := fmt.Sprintf("user%02d", i)
		if _, err := setup.CreateWorkplace(ctx, sys, c.ID, app.WorkplaceInput{Site: site.ID, FirstName: "A", LastName: "B",
			Email: u + "@acme.example", EmailConfirm: u + "@acme.example", NoMobile: true, Username: u,
			Extension: fmt.Sprint(300 + i)}); err != nil {
			t.Fatal(err)
		}
	}
	run(t, nodes, c.ID, n)
	orders, _, err := setup.Orders(ctx, sys, c.ID, switchboard.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		if o.State != switchboard.OrderDone {
			t.Errorf("order %s is %s (%s)", o.ID, o.State, o.Error)
		}
	}
	msgs, _, err := setup.Messages(ctx, sys, app.MessageFilter{}, switchboard.Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, m := range msgs {
		per[m.Kind+" "+m.To]++
	}
	for i := range n {
		to := fmt.Sprintf("user%02d@acme.example", i)
		if per["welcome "+to] != 1 || per["initial_password "+to] != 1 {
			t.Errorf("%s got %d welcomes and %d passwords", to, per["welcome "+to], per["initial_password "+to])
		}
	}
	if per["order_confirmation admin@acme.example"] != n || len(msgs) != 3*n {
		t.Errorf("%d messages, %d confirmations, want %d and %d", len(msgs), per["order_confirmation admin@acme.example"], 3*n, n)
	}
}

// inRounds has each node claim and carry out batches until none is left.
func inRounds(t *testing.T, nodes []*app.Service, _ string, n int) {
	var wg sync.WaitGroup
	claimed := make([]int, len(nodes))
	for i, node := range nodes {
		wg.Go(func() {
			for {
				k, err := node.ProcessOrders(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if k == 0 {
					return
				}
				claimed[i] += k
			}
		})
	}
	wg.Wait()
	t.Logf("orders claimed per node: %v", claimed)
	if claimed[0]+claimed[1] != n {
		t.Errorf("nodes claimed %v orders, want %d in all", claimed, n)
	}
}

// withWorkers runs each node's order worker with three orders at once
// until no order is open or processing (at most a minute).
func withWorkers(t *testing.T, nodes []*app.Service, customerID string, n int) {
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, node := range nodes {
		wg.Go(func() {
			if err := node.RunOrders(ctx, 10*time.Millisecond, 3); err != nil {
				t.Error(err)
			}
		})
	}
	defer func() {
		stop()
		wg.Wait()
	}()
	// Each order hashes a password (bcrypt); on a loaded two-core machine
	// 24 of them took more than a minute, so the bound is generous: the
	// test is about every order being carried out once, not about speed.
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		orders, _, err := nodes[0].Orders(ctx, switchboard.System, customerID, switchboard.Page{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		finished := 0
		for _, o := range orders {
			if o.State == switchboard.OrderDone || o.State == switchboard.OrderFailed {
				finished++
			}
		}
		if finished == n {
			return
		}
	}
	t.Errorf("the workers did not finish %d orders within three minutes", n)
}
