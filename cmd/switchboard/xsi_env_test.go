package main

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
)

// ctiCustomer is a customer made through the API of a running node, for
// the CTI tests: its workplaces, phones and Xsi clients.
type ctiCustomer struct {
	t        *testing.T
	api      *apiClient
	data, id string
	site     string
	base     string
	// db is the --db of the nodes (PostgreSQL), empty for SQLite in data.
	db string
}

func newCTICustomer(t *testing.T, n *serveNode, data string) *ctiCustomer {
	t.Helper()
	api := newAPIClient(t, n.http, data)
	id := api.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
	site := api.call(201, "POST", "/customers/"+id+"/sites", map[string]any{"name": "HQ"})["id"].(string)
	return &ctiCustomer{t: t, api: api, data: data, id: id, site: site, base: "http://" + n.http}
}

// workplace creates an active workplace with devices desk phones and
// returns their SIP accounts.
func (c *ctiCustomer) workplace(user, first, ext string, devices int) []sipAccount {
	c.t.Helper()
	_, accs := c.newWorkplace(user, first, ext, devices)
	return accs
}

// newWorkplace is workplace, returning the workplace's id too.
func (c *ctiCustomer) newWorkplace(user, first, ext string, devices int) (string, []sipAccount) {
	c.t.Helper()
	api := c.api
	wp := api.call(201, "POST", "/customers/"+c.id+"/workplaces", map[string]any{"site": c.site, "first_name": first,
		"last_name": "Schmidt", "email": user + "@acme.example", "email_confirm": user + "@acme.example",
		"no_mobile": true, "username": user, "extension": ext, "multi_login": devices > 1})["id"].(string)
	var devs []string
	for range devices {
		devs = append(devs, api.call(201, "POST", "/workplaces/"+wp+"/devices", map[string]any{"model": "yealink-t46s"})["id"].(string))
	}
	deadline := time.Now().Add(10 * time.Second)
	for api.call(200, "GET", "/workplaces/"+wp, nil)["state"] != "active" {
		if time.Now().After(deadline) {
			c.t.Fatalf("workplace %s did not become active", user)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var out []sipAccount
	for _, dev := range devs {
		acc := api.call(200, "GET", "/devices/"+dev+"/sip-account", nil)
		out = append(out, sipAccount{device: dev, username: acc["username"].(string), password: acc["password"].(string), domain: acc["domain"].(string)})
	}
	return wp, out
}

// online registers an answering phone for each account and waits until
// the API shows them online.
func (c *ctiCustomer) online(n *serveNode, accs ...sipAccount) []*answeringPhone {
	c.t.Helper()
	var out []*answeringPhone
	for _, a := range accs {
		out = append(out, newAnsweringPhone(c.t, n.sip, a))
		c.api.waitState(a.device, "online")
	}
	return out
}

// monitor creates a monitoring account and returns its Xsi client.
func (c *ctiCustomer) monitor() *xsitest.Client {
	mon := c.api.call(201, "POST", "/customers/"+c.id+"/monitoring-accounts", map[string]any{"username": "acme.cti"})
	return &xsitest.Client{T: c.t, Base: c.base, User: "acme.cti", Password: mon["password"].(string)}
}

// admin creates the administrator's portal account, as an invitation
// would leave it, and returns its Xsi client.
func (c *ctiCustomer) admin() *xsitest.Client {
	c.t.Helper()
	store, svc, err := openService(context.Background(), c.data, c.db, "localhost", 8448, 5060, 5061, nil, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	defer store.Close()
	const adminPassword = "Correct-Horse-9"
	if _, err := svc.CreatePortalAccount(context.Background(), switchboard.System, app.PortalAccountInput{Username: "acme.admin",
		Role: switchboard.RoleAdmin, CustomerID: c.id, Password: adminPassword}); err != nil {
		c.t.Fatal(err)
	}
	return &xsitest.Client{T: c.t, Base: c.base, User: "acme.admin", Password: adminPassword}
}
