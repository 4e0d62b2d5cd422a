package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// TestDemo starts "switchboard demo", waits until its phones are online,
// logs in to the printed address with the printed token, finds the demo
// customer, logs in to the portal as the printed administrator and as the
// printed user, who sees the own phone only, and stops it.
func TestDemo(t *testing.T) {
	var out sbtest.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		root := newRoot()
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetArgs([]string{"demo", "--phones", "8", "--data", filepath.Join(t.TempDir(), "data")})
		done <- root.ExecuteContext(ctx)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), "8 phones: ") {
		select {
		case err := <-done:
			t.Fatalf("demo ended early: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo phones did not finish booting in 60 s:\n%s", out.String())
		}
	}
	text := out.String()
	if !regexp.MustCompile(`(?m)^8 phones: 8 online, 0 errors, [0-9.]+ s$`).MatchString(text) {
		t.Errorf("demo phones not all online:\n%s", text)
	}
	portal := regexp.MustCompile(`Portal:\s+(http://127\.0\.0\.1:[0-9]+)/`).FindStringSubmatch(text)
	token := regexp.MustCompile(`operator token: (\S+)`).FindStringSubmatch(text)
	if portal == nil || token == nil {
		t.Fatalf("demo printed no portal address or login:\n%s", text)
	}
	var customers struct {
		Items []struct{ Name string } `json:"items"`
	}
	if err := apiclient.New(portal[1], token[1]).Do(ctx, "GET", "/api/v1/customers", nil, &customers); err != nil {
		t.Fatalf("log in with the printed token: %v", err)
	}
	if len(customers.Items) != 1 || customers.Items[0].Name != demoCustomer {
		t.Errorf("customers %+v, want the demo customer", customers.Items)
	}
	admin := regexp.MustCompile(`admin demo-admin / (\S+)`).FindStringSubmatch(text)
	if admin == nil {
		t.Fatalf("demo printed no administrator's log-in:\n%s", text)
	}
	if page := portalLogIn(t, portal[1], "demo-admin", admin[1]); !strings.Contains(page, demoCustomer) {
		t.Errorf("the administrator's start page does not name the demo customer:\n%s", page)
	}
	user := regexp.MustCompile(`user (\S+) / (\S+) \(sees only "([^"]+)"\)`).FindStringSubmatch(text)
	if user == nil {
		t.Fatalf("demo printed no user's log-in:\n%s", text)
	}
	page := portalLogIn(t, portal[1], user[1], user[2])
	if !strings.Contains(page, user[3]) || strings.Count(page, `href="/devices/`) != 1 {
		t.Errorf("the user's start page does not show exactly the own phone %q:\n%s", user[3], page)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("demo stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("demo did not stop within 30 s of the signal")
	}
}

// portalLogIn logs in to the portal at base as a browser does and returns
// the page it lands on.
func portalLogIn(t *testing.T, base, username, password string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	read := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return string(raw)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(read(c.Get(base + "/login")))
	if csrf == nil {
		t.Fatal("the log-in page has no form token")
	}
	return read(c.PostForm(base+"/login", url.Values{"username": {username}, "password": {password}, "csrf": {csrf[1]}}))
}
