package storetest

import (
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// searchWorld is setup's world with a second workplace and a device of
// each workplace, numbers held and free, and a customer whose name has
// LIKE's wildcards in it.
func searchWorld(t *testing.T, s switchboard.Store) world {
	w := setup(t, s)
	bob := newWorkplace("wp_2", w.s1, "bob.meier", "202")
	bob.FirstName, bob.LastName = "Bob", "Meier"
	other := newWorkplace("wp_3", w.s2, "anna.other", "201")
	d1 := newDevice("dev_1", w.w1, "0004f2aabbcc", "sip_anna", "key-1")
	d2 := newDevice("dev_2", bob, "0004f2ddeeff", "sipxbob", "key-2")
	d2.Description = "Store 100%"
	d3 := newDevice("dev_3", other, "0004f2112233", "sip_other", "key-3")
	c3 := newCustomer(3)
	c3.Name = "100%_Sure Ltd"
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateWorkplace, bob, other); err != nil {
			return err
		}
		if err := each(tx.CreateDevice, d1, d2, d3); err != nil {
			return err
		}
		for _, n := range []*switchboard.Number{
			{E164: "+49301111", CustomerID: w.c1.ID, CreatedAt: utc(at)},
			{E164: "+49302222", CustomerID: w.c1.ID, CreatedAt: utc(at)},
			{E164: "+43103333", CustomerID: w.c2.ID, CreatedAt: utc(at)},
		} {
			if err := tx.CreateNumber(n); err != nil {
				return err
			}
		}
		if err := tx.AssignNumber(w.c1.ID, "+49301111", w.w1.ID); err != nil {
			return err
		}
		if err := tx.AssignNumber(w.c2.ID, "+43103333", other.ID); err != nil {
			return err
		}
		return tx.CreateCustomer(c3)
	})
	return w
}

// searchCase is one search and the keys it must find, in order.
type searchCase struct {
	what string
	run  func(tx switchboard.Tx) ([]string, string, error)
	want []string
}

// devicesFound, numbersFound, workplacesFound and customersFound run one
// search of a page of size (0 for the default) after cursor.
func devicesFound(f switchboard.DeviceFilter, after string, size int) func(switchboard.Tx) ([]string, string, error) {
	return func(tx switchboard.Tx) ([]string, string, error) {
		ds, next, err := tx.Devices(f, switchboard.Page{After: after, Limit: size})
		return keys(ds, func(d *switchboard.Device) string { return d.ID }), next, err
	}
}

func numbersFound(f switchboard.NumberFilter) func(switchboard.Tx) ([]string, string, error) {
	return func(tx switchboard.Tx) ([]string, string, error) {
		ns, next, err := tx.Numbers(f, switchboard.Page{})
		return keys(ns, func(n *switchboard.Number) string { return n.E164 }), next, err
	}
}

func workplacesFound(f switchboard.WorkplaceSearch, after string, size int) func(switchboard.Tx) ([]string, string, error) {
	return func(tx switchboard.Tx) ([]string, string, error) {
		ws, next, err := tx.SearchWorkplaces(f, switchboard.Page{After: after, Limit: size})
		return keys(ws, func(w *switchboard.Workplace) string { return w.ID + " " + strings.Join(w.Numbers, ";") }), next, err
	}
}

func customersFound(f switchboard.CustomerSearch) func(switchboard.Tx) ([]string, string, error) {
	return func(tx switchboard.Tx) ([]string, string, error) {
		cs, next, err := tx.SearchCustomers(f, switchboard.Page{})
		return keys(cs, func(c *switchboard.Customer) string { return c.ID }), next, err
	}
}

// testSearch checks the portal's search boxes: a text is found in any of
// a list's columns regardless of case, separators in MACs and numbers are
// ignored, LIKE's wildcards are taken literally, another customer's rows
// never match, and the pages of a search follow each other.
func testSearch(t *testing.T, s switchboard.Store) {
	w := searchWorld(t, s)
	c1 := w.c1.ID
	dev := func(text string) switchboard.DeviceFilter {
		return switchboard.DeviceFilter{CustomerID: c1, Text: text}
	}
	num := func(text string) switchboard.NumberFilter {
		return switchboard.NumberFilter{CustomerID: c1, Text: text}
	}
	wp := func(text string) switchboard.WorkplaceSearch {
		return switchboard.WorkplaceSearch{CustomerID: c1, Text: text}
	}
	cases := []searchCase{
		{"device description", devicesFound(dev("RECEP"), "", 0), []string{"dev_1"}},
		{"device MAC typed with colons", devicesFound(dev("00:04:F2:AA"), "", 0), []string{"dev_1"}},
		{"device SIP username, _ literal", devicesFound(dev("sip_"), "", 0), []string{"dev_1"}},
		{"device description, % literal", devicesFound(dev("100%"), "", 0), []string{"dev_2"}},
		{"device model, first page", devicesFound(dev("T54W"), "", 1), []string{"dev_1"}},
		{"device model, second page", devicesFound(dev("T54W"), "dev_1", 1), []string{"dev_2"}},
		{"another customer's device", devicesFound(dev("112233"), "", 0), nil},
		{"device separators only", devicesFound(dev("::"), "", 0), nil},
		{"number typed with spaces", numbersFound(num("+49 30 1111")), []string{"+49301111"}},
		{"number by its workplace", numbersFound(num("SCHMIDT")), []string{"+49301111"}},
		{"number by its workplace's extension", numbersFound(num("201")), []string{"+49301111"}},
		{"number free", numbersFound(num("2222")), []string{"+49302222"}},
		{"another customer's number", numbersFound(num("3333")), nil},
		{"workplace full name", workplacesFound(wp("anna schmidt"), "", 0), []string{"wp_1 +49301111"}},
		{"workplace username", workplacesFound(wp("BOB.M"), "", 0), []string{"wp_2 "}},
		{"workplace extension", workplacesFound(wp("202"), "", 0), []string{"wp_2 "}},
		{"workplace number", workplacesFound(wp("30-1111"), "", 0), []string{"wp_1 +49301111"}},
		{"workplace, _ literal", workplacesFound(wp("bob_"), "", 0), nil},
		{"workplaces, first page", workplacesFound(wp("m"), "", 1), []string{"wp_1 +49301111"}},
		{"workplaces, second page", workplacesFound(wp("m"), "wp_1", 1), []string{"wp_2 "}},
		{"another customer's workplace", workplacesFound(wp("anna.other"), "", 0), nil},
		{"customer name", customersFound(switchboard.CustomerSearch{Text: "CUSTOMER"}), []string{"cus_001", "cus_002"}},
		{"customer admin e-mail", customersFound(switchboard.CustomerSearch{Text: "c2.EXAMPLE"}), []string{"cus_002"}},
		{"customer, % literal", customersFound(switchboard.CustomerSearch{Text: "%"}), []string{"cus_003"}},
		{"one customer", customersFound(switchboard.CustomerSearch{ID: c1, Text: "customer"}), []string{"cus_001"}},
		{"one customer, not matching", customersFound(switchboard.CustomerSearch{ID: c1, Text: "customer 2"}), nil},
	}
	view(t, s, func(tx switchboard.Tx) error {
		for _, c := range cases {
			got, _, err := c.run(tx)
			wantKeys(t, c.what, got, err, c.want)
		}
		_, next, err := devicesFound(dev("T54W"), "", 1)(tx)
		wantKeys(t, "cursor after a searched page", []string{next}, err, []string{"dev_1"})
		return nil
	})
}
