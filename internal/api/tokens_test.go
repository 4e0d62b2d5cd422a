package api_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()

	// An admin creates admin and user tokens of its own customer; the
	// secret is in this answer only.
	r := e.must(201, "POST", "/api/v1/tokens", a.admin, `{"role": "user", "workplace": "`+a.wp2+`", "name": "laptop"}`)
	secret := r.str("token")
	e.secrets = append(e.secrets, secret)
	if !regexp.MustCompile(`^sb_[0-9a-f]{64}$`).MatchString(secret) || r.str("customer") != a.customer || r.str("role") != "user" {
		t.Errorf("created token: %s", r.raw)
	}
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp2, secret, nil)
	e.must(404, "GET", "/api/v1/workplaces/"+a.wp1, secret, nil)
	adm := e.must(201, "POST", "/api/v1/tokens", a.admin, `{"role": "admin"}`).str("token")
	e.secrets = append(e.secrets, adm)
	e.must(200, "GET", "/api/v1/customers/"+a.customer, adm, nil)

	list := e.must(200, "GET", "/api/v1/tokens", a.admin, nil)
	if strings.Contains(string(list.raw), "sb_") || strings.Contains(string(list.raw), b.customer) || len(list.items()) != 4 {
		t.Errorf("admin's token list: %s", list.raw)
	}
	if n := len(e.must(200, "GET", "/api/v1/tokens", e.operator, nil).items()); n != 7 {
		t.Errorf("operator sees %d tokens, want 7", n)
	}

	for _, c := range []struct {
		token, body string
		status      int
	}{
		{a.admin, `{"role": "operator"}`, 403},
		{a.admin, `{"role": "admin", "customer": "` + b.customer + `"}`, 404},
		{a.admin, `{"role": "user", "customer": "` + a.customer + `", "workplace": "` + b.wp1 + `"}`, 404},
		{a.admin, `{"role": "user"}`, 422},
		{a.admin, `{"role": "king"}`, 422},
		{e.operator, `{"role": "admin"}`, 422},
		{e.operator, `{"role": "operator", "customer": "` + a.customer + `"}`, 422},
		{e.operator, `{"role": "admin", "customer": "cus_nope"}`, 404},
		{a.user1, `{"role": "user", "workplace": "` + a.wp1 + `"}`, 403},
		{a.admin, `{"role": "admin", "expires_at": "2020-01-01T00:00:00Z"}`, 422},
	} {
		e.must(c.status, "POST", "/api/v1/tokens", c.token, c.body)
	}

	// Expiry and revocation take effect at once.
	exp := e.must(201, "POST", "/api/v1/tokens", e.operator, `{"role": "admin", "customer": "`+a.customer+`", "expires_at": "2026-03-02T10:00:00Z"}`).str("token")
	e.secrets = append(e.secrets, exp)
	e.must(200, "GET", "/api/v1/customers/"+a.customer, exp, nil)
	e.now = e.now.Add(25 * time.Hour)
	e.must(401, "GET", "/api/v1/customers/"+a.customer, exp, nil)

	e.must(404, "DELETE", "/api/v1/tokens/"+b.adminTok, a.admin, nil)
	e.must(204, "DELETE", "/api/v1/tokens/"+a.user1Tok, a.admin, nil)
	e.must(401, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil)
	e.must(404, "DELETE", "/api/v1/tokens/"+a.user1Tok, a.admin, nil)
	e.must(204, "DELETE", "/api/v1/tokens/"+b.adminTok, e.operator, nil)
	e.must(401, "GET", "/api/v1/customers/"+b.customer, b.admin, nil)
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	for _, h := range []string{"", "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer sb_" + strings.Repeat("0", 64), "Bearer " + strings.Repeat("x", 500)} {
		r := e.rawRequest("GET", "/api/v1/customers", h)
		if r.status != 401 || r.header.Get("WWW-Authenticate") == "" || r.str("detail") == "" {
			t.Errorf("Authorization %q: %d %v %s", h, r.status, r.header, r.raw)
		}
	}
	// The scheme is case-insensitive.
	if r := e.rawRequest("GET", "/api/v1/customers", "bearer "+e.operator); r.status != 200 {
		t.Errorf("lower-case bearer: %d", r.status)
	}
	// The OpenAPI document needs no token.
	e.must(200, "GET", "/api/openapi.json", "", nil)
}

// TestTokenSelf checks that a token learns its own role and the customer
// and workplace it is bound to, and nothing of other tokens.
func TestTokenSelf(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	for _, c := range []struct {
		name, token, role, customer, workplace, id string
	}{
		{"A admin", a.admin, "admin", a.customer, "", a.adminTok},
		{"B admin", b.admin, "admin", b.customer, "", b.adminTok},
		{"A user", a.user1, "user", a.customer, a.wp1, a.user1Tok},
		{"operator", e.operator, "operator", "", "", ""},
	} {
		r := e.must(200, "GET", "/api/v1/tokens/self", c.token, nil)
		if r.str("role") != c.role || r.str("customer") != c.customer || r.str("workplace") != c.workplace ||
			(c.id != "" && r.str("id") != c.id) || strings.Contains(string(r.raw), "sb_") {
			t.Errorf("%s: %s", c.name, r.raw)
		}
	}
	e.must(401, "GET", "/api/v1/tokens/self", "sb_unknown", nil)
}
