package app_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// world is tenant a, the one every call of the authorization table is
// about, with one of its orders and tokens; b is another customer whose
// administrator must not reach a's objects.
type world struct {
	a, b         tenant
	order, token string
}

// newWorld builds a world; b only when withOther is set.
func newWorld(t *testing.T, withOther bool) (*env, world) {
	e := newEnv(t)
	w := world{a: e.tenant("alpha", 1)}
	if withOther {
		w.b = e.tenant("beta", 2)
	}
	w.order = e.orders(w.a.cust.ID)[0].ID
	tok, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: w.a.cust.ID})
	e.must(err)
	w.token = tok.ID
	return e, w
}

// principals are the callers of the table, in the order of its want
// strings: the operator, a's administrator, b's administrator and the
// user of a's first workplace.
func (w world) principals() []switchboard.Principal {
	return []switchboard.Principal{switchboard.System, w.a.admin, w.b.admin, w.a.user1}
}

var callerNames = []string{"operator", "admin", "other admin", "user"}

// outcomes maps the words of a want string to error codes.
var outcomes = map[string]string{
	"ok": "", "nf": switchboard.ENOTFOUND, "fb": switchboard.EFORBIDDEN, "cf": switchboard.ECONFLICT,
}

// authzCall is one use case as the table calls it.
type authzCall struct {
	name string
	// want is the outcome per principal (see principals): ok, nf (not
	// found), fb (forbidden) or cf (conflict).
	want string
	// mutates says that a successful call changes the store; it is then
	// made on a fresh world, by the least privileged caller allowed.
	mutates bool
	call    func(e *env, w world, p switchboard.Principal) error
}

// errOf and errOfList keep only the error of a use case's answer.
func errOf[T any](_ T, err error) error { return err }

func errOfList[T any](_ T, _ string, err error) error { return err }

// authzCalls covers every exported method that takes a principal.
func authzCalls() []authzCall {
	str := func(s string) *string { return &s }
	page := switchboard.Page{}
	return []authzCall{
		{"CreateCustomer", "ok fb fb fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.CreateCustomer(e.ctx, p, app.CustomerInput{Name: "Gamma", AdminEmail: "a@gamma.example"}))
		}},
		{"Customer", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Customer(e.ctx, p, w.a.cust.ID))
		}},
		{"Customers", "ok ok ok fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchCustomers(e.ctx, p, "", page))
		}},
		{"UpdateCustomer e-mail", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateCustomer(e.ctx, p, w.a.cust.ID, app.CustomerPatch{AdminEmail: str("it@alpha.example")}))
		}},
		{"UpdateCustomer name", "ok fb nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateCustomer(e.ctx, p, w.a.cust.ID, app.CustomerPatch{Name: str("Alpha AG")}))
		}},
		{"DeleteCustomer", "cf fb nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return e.svc.DeleteCustomer(e.ctx, p, w.a.cust.ID)
		}},
		{"CreateSite", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.CreateSite(e.ctx, p, w.a.cust.ID, app.SiteInput{Name: "Branch"}))
		}},
		{"Site", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error { return errOf(e.svc.Site(e.ctx, p, w.a.site.ID)) }},
		{"Sites", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Sites(e.ctx, p, w.a.cust.ID, page))
		}},
		{"UpdateSite", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateSite(e.ctx, p, w.a.site.ID, app.SitePatch{Address: str("Hauptstr. 2")}))
		}},
		{"DeleteSite in use", "cf cf nf fb", false, func(e *env, w world, p switchboard.Principal) error { return e.svc.DeleteSite(e.ctx, p, w.a.site.ID) }},
		{"AddNumbers", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.AddNumbers(e.ctx, p, w.a.cust.ID, app.NumbersInput{Numbers: []string{"+4989123456"}}))
		}},
		{"Numbers", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Numbers(e.ctx, p, w.a.cust.ID, true, page))
		}},
		{"DeleteNumber", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return e.svc.DeleteNumber(e.ctx, p, w.a.cust.ID, w.a.numbers[3])
		}},
		{"CreateWorkplace", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.CreateWorkplace(e.ctx, p, w.a.cust.ID, workplaceInput(w.a, "alpha.new", "299", nil)))
		}},
		{"Workplace own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Workplace(e.ctx, p, w.a.wp1.ID))
		}},
		{"Workplace other", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Workplace(e.ctx, p, w.a.wp2.ID))
		}},
		{"Workplaces", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Workplaces(e.ctx, p, w.a.cust.ID, page))
		}},
		{"UpdateWorkplace own name", "ok ok nf ok", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateWorkplace(e.ctx, p, w.a.wp1.ID, app.WorkplacePatch{FirstName: str("Erik")}))
		}},
		{"UpdateWorkplace own extension", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateWorkplace(e.ctx, p, w.a.wp1.ID, app.WorkplacePatch{Extension: str("288")}))
		}},
		{"UpdateWorkplace other name", "ok ok nf nf", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateWorkplace(e.ctx, p, w.a.wp2.ID, app.WorkplacePatch{FirstName: str("Erik")}))
		}},
		{"DeleteWorkplace", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return e.svc.DeleteWorkplace(e.ctx, p, w.a.wp1.ID)
		}},
		{"WorkplaceAdminPassword undelivered", "nf nf nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.WorkplaceAdminPassword(e.ctx, p, w.a.wp1.ID))
		}},
		{"WorkplaceDevices own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.WorkplaceDevices(e.ctx, p, w.a.wp1.ID, page))
		}},
		{"WorkplaceDevices other", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.WorkplaceDevices(e.ctx, p, w.a.wp2.ID, page))
		}},
		{"CreateDevice on own workplace", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.CreateDevice(e.ctx, p, w.a.cust.ID, w.a.wp1.ID, app.DeviceInput{Model: "softclient-mobile"}))
		}},
		{"CreateDevice free", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.CreateDevice(e.ctx, p, w.a.cust.ID, "", app.DeviceInput{Model: "snom-d785"}))
		}},
		{"CustomerDevices", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchDevices(e.ctx, p, w.a.cust.ID, "", page))
		}},
		{"ImportDevices", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.ImportDevices(e.ctx, p, w.a.cust.ID, strings.NewReader("model,mac,description,workplace\nsnom-d785,000413000099,lobby,\n")))
		}},
		{"Device own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Device(e.ctx, p, w.a.desk1.ID))
		}},
		{"Device other", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Device(e.ctx, p, w.a.desk2.ID))
		}},
		{"Device free", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Device(e.ctx, p, w.a.free.ID))
		}},
		{"SIPAccount own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.SIPAccount(e.ctx, p, w.a.desk1.ID))
		}},
		{"SIPAccount other", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.SIPAccount(e.ctx, p, w.a.desk2.ID))
		}},
		{"InitialLogin own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.InitialLogin(e.ctx, p, w.a.desk1.ID))
		}},
		{"Status own", "ok ok nf ok", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Status(e.ctx, p, w.a.desk1.ID))
		}},
		{"Status other", "ok ok nf nf", false, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.Status(e.ctx, p, w.a.desk2.ID))
		}},
		{"UpdateDevice", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UpdateDevice(e.ctx, p, w.a.desk1.ID, app.DevicePatch{Description: str("reception")}))
		}},
		{"DeleteDevice", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return e.svc.DeleteDevice(e.ctx, p, w.a.desk1.ID)
		}},
		{"NewKey", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.NewKey(e.ctx, p, w.a.desk1.ID))
		}},
		{"LinkDevice", "ok ok nf nf", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.LinkDevice(e.ctx, p, w.a.free.ID, app.LinkInput{Workplace: w.a.wp2.ID}))
		}},
		{"UnlinkDevice", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.UnlinkDevice(e.ctx, p, w.a.desk1.ID))
		}},
		{"SetKeys", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.SetKeys(e.ctx, p, w.a.desk1.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202"}}))
		}},
		{"DeviceAction", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.DeviceAction(e.ctx, p, w.a.desk1.ID, switchboard.ActionSync))
		}},
		{"Orders", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Orders(e.ctx, p, w.a.cust.ID, page))
		}},
		{"Order", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error { return errOf(e.svc.Order(e.ctx, p, w.order)) }},
		{"CustomerEvents", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.CustomerEvents(e.ctx, p, w.a.cust.ID, "", page))
		}},
		{"Events", "ok ok ok fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Events(e.ctx, p, "", page))
		}},
		{"CustomerMessages", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.CustomerMessages(e.ctx, p, w.a.cust.ID, app.MessageFilter{}, page))
		}},
		{"Messages", "ok fb fb fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.Messages(e.ctx, p, app.MessageFilter{}, page))
		}},
		{"IssueToken", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error {
			return errOf(e.svc.IssueToken(e.ctx, p, app.TokenInput{Role: switchboard.RoleUser, Customer: w.a.cust.ID, Workplace: w.a.wp2.ID}))
		}},
		{"Tokens", "ok ok ok fb", false, func(e *env, w world, p switchboard.Principal) error { return errOfList(e.svc.Tokens(e.ctx, p, page)) }},
		{"DeleteToken", "ok ok nf fb", true, func(e *env, w world, p switchboard.Principal) error { return e.svc.DeleteToken(e.ctx, p, w.token) }},
		{"SearchCustomers", "ok ok ok fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchCustomers(e.ctx, p, "a", page))
		}},
		{"SearchDevices", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchDevices(e.ctx, p, w.a.cust.ID, "a", page))
		}},
		{"SearchWorkplaces", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchWorkplaces(e.ctx, p, w.a.cust.ID, "a", page))
		}},
		{"SearchNumbers", "ok ok nf fb", false, func(e *env, w world, p switchboard.Principal) error {
			return errOfList(e.svc.SearchNumbers(e.ctx, p, w.a.cust.ID, "a", false, page))
		}},
	}
}

// TestAuthorization makes every call of the table as the operator, the
// customer's administrator, another customer's administrator and a user.
// Another customer's objects are not found, a user is forbidden what only
// administrators may do, and a refused call changes nothing. Calls that
// change the store succeed on a fresh world of their own, and their audit
// event names the caller.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	e, w := newWorld(t, true)
	before := e.snapshot()
	for _, c := range authzCalls() {
		ps := w.principals()
		wants := strings.Fields(c.want)
		allowed := -1
		for i, word := range wants {
			code, ok := outcomes[word]
			if !ok || len(wants) != len(ps) {
				t.Fatalf("%s: bad want %q", c.name, c.want)
			}
			if c.mutates && code == "" {
				allowed = i
				continue
			}
			wantCode(t, c.name+" as "+callerNames[i], c.call(e, w, ps[i]), code)
			if after := e.snapshot(); after != before {
				t.Fatalf("%s as %s changed the store", c.name, callerNames[i])
			}
		}
		if allowed < 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fe, fw := newWorld(t, false)
			p := fw.principals()[allowed]
			if err := c.call(fe, fw, p); err != nil {
				t.Fatalf("as %s: %v", callerNames[allowed], err)
			}
			evs, _, err := fe.svc.Events(fe.ctx, switchboard.System, switchboard.EventAudit, switchboard.Page{Limit: switchboard.MaxPageSize})
			fe.must(err)
			if last := evs[len(evs)-1]; last.Actor != p.TokenID || last.ActorRole != p.Role {
				t.Errorf("audit event %s by %s (%s), want by %s", last.Action, last.Actor, last.ActorRole, p.TokenID)
			}
		})
	}
}
