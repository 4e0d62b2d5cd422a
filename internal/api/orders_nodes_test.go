package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestOrderWorkersOnSeveralNodes runs the order worker on two nodes
// sharing one database at the same time: every order is carried out once,
// so each user gets one welcome and one password, never two.
func TestOrderWorkersOnSeveralNodes(t *testing.T) {
	for name, mk := range bothStores {
		t.Run(name, func(t *testing.T) {
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
			var wg sync.WaitGroup
			claimed := make([]int, len(nodes))
			for i, node := range nodes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						k, err := node.ProcessOrders(ctx)
						if err != nil {
							t.Error(err)
							return
						}
						if k == 0 {
							return
						}
						claimed[i] += k
					}
				}()
			}
			wg.Wait()
			t.Logf("orders claimed per node: %v", claimed)
			if claimed[0]+claimed[1] != n {
				t.Errorf("nodes claimed %v orders, want %d in all", claimed, n)
			}
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
		})
	}
}
