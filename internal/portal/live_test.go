package portal_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// events opens the session's event stream and returns the "type data"
// lines of its events; the stream closes when the test ends.
func (b *browser) events() <-chan string {
	b.e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b.e.t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.e.srv.URL+"/events", nil)
	b.e.must(err)
	c := *b.c
	c.Timeout = 0
	resp, err := c.Do(req)
	b.e.must(err)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		b.e.t.Fatalf("event stream: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan string, 10)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		typ := ""
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: ") {
				typ = strings.TrimPrefix(line, "event: ")
			} else if strings.HasPrefix(line, "data: ") {
				out <- typ + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out
}

// next waits up to 5 s for the stream's next event.
func next(t *testing.T, events <-chan string) string {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
		return ""
	}
}

// TestLiveEvents: the session's stream tells an administrator of the own
// customer's device going online, and nothing of another customer's; a
// user hears only of the own workplace's devices; without a session
// there is no stream.
func TestLiveEvents(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin := e.loggedIn(e.acme.admin).events()
	user := e.loggedIn(e.acme.wp1.Username).events()
	e.register(e.other.desk1.ID)
	e.register(e.acme.desk2.ID)
	e.register(e.acme.desk1.ID)
	for _, c := range []struct {
		who    string
		events <-chan string
		want   string
	}{
		{"admin", admin, e.acme.desk2.ID},
		{"admin", admin, e.acme.desk1.ID},
		{"user", user, e.acme.desk1.ID},
	} {
		if got := next(t, c.events); !strings.HasPrefix(got, "device ") || !strings.Contains(got, `"id":"`+c.want+`"`) ||
			!strings.Contains(got, `"state":"online"`) {
			t.Errorf("%s: event %q, want %s online", c.who, got, c.want)
		}
	}
	list := e.loggedIn(e.acme.admin).get("/customers/" + e.acme.cust.ID + "/devices").body
	if !strings.Contains(list, `status-online" data-live-device="`+e.acme.desk1.ID+`"`) {
		t.Errorf("the device list does not show the device online for the script to follow:\n%s", list)
	}
	if p := e.browser("en").get("/events"); strings.Contains(p.header.Get("Content-Type"), "event-stream") {
		t.Errorf("a stream without a session: %d %q", p.status, p.header.Get("Content-Type"))
	}
}

// TestBrowserLive: an administrator has the device page open when the
// phone registers; the page shows it online within a second, without a
// reload.
func TestBrowserLive(t *testing.T) {
	ctx := newChrome(t, 1024)
	e := newEnv(t, portal.Options{})
	dev := e.acme.desk1
	var before, after string
	err := chromedp.Do(ctx,
		logIn(e.srv.URL, e.acme.admin),
		chromedp.Navigate(e.srv.URL+"/devices/"+dev.ID),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-live="open"]`)),
		into(&before, chromedp.Text(chromedp.CSS("#status"))),
		into(new(bool), chromedp.Evaluate[bool](`window.notReloaded = true`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e.register(dev.ID)
	var kept bool
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#status.status-online")),
		into(&after, chromedp.Text(chromedp.CSS("#status"))),
		into(&kept, chromedp.Evaluate[bool](`window.notReloaded === true`)),
	)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("online shown %v after the registration", took)
	if before != "Offline" || after != "Online" || !kept {
		t.Errorf("status %q, then %q (page kept: %v); want Offline, then Online without a reload", before, after, kept)
	}
	if took > time.Second {
		t.Errorf("online shown after %v, want within a second", took)
	}
}
