package sim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// Names of the workplace the hot-desk path logs in on the phones.
const (
	hotDeskFirstName = "Simulated"
	hotDeskLastName  = "Hot desk"
	// hotDeskExtension is clear of the phones' own extensions ("2…").
	hotDeskExtension = "39999"
)

// HotDeskOptions configure HotDesk.
type HotDeskOptions struct {
	// Customer is the customer Setup provided the phones in; they must be
	// free devices (SetupOptions.Free).
	Customer string
	// Timeout bounds each wait: the workplace's activation by the
	// server's order worker, and each phone's resync (default 30 s).
	Timeout time.Duration
}

// HotDeskReport is what the hot-desk path saw.
type HotDeskReport struct {
	// Phones went through the path; Skipped were not desk phones.
	Phones, Skipped int
	// LoggedIn and LoggedOut count the phones that took the workplace's
	// line after the log-in and their free profile after the log-out.
	LoggedIn, LoggedOut int
	// Errors says what went wrong, one line per phone at most.
	Errors []string
	// Login and Logout are the slowest time from the API call to the
	// phone registered with its new profile.
	Login, Logout time.Duration
}

// Summary is the report's line for people.
func (r HotDeskReport) Summary() string {
	s := fmt.Sprintf("hot-desk: %d phones, %d logged in, %d logged out, %d errors, slowest log-in %.2f s, log-out %.2f s\n",
		r.Phones, r.LoggedIn, r.LoggedOut, len(r.Errors), r.Login.Seconds(), r.Logout.Seconds())
	if r.Skipped > 0 {
		s += fmt.Sprintf("hot-desk: %d phones skipped: hot-desking works on desk phones only\n", r.Skipped)
	}
	for _, e := range r.Errors {
		s += "  " + e + "\n"
	}
	return s
}

// HotDesk takes every desk phone of a running fleet, one after the
// other, through seed 003's hot-desk path: the simulator's hot-desk
// workplace logs in on the phone through the API (as an administrator,
// without the PIN), the server tells the phone to resync, the phone
// fetches the workplace's line and registers with it; the workplace logs
// out and the phone comes back on its free profile and registers again.
func HotDesk(ctx context.Context, c *apiclient.Client, f *Fleet, phones []Phone, o HotDeskOptions) (HotDeskReport, error) {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	var r HotDeskReport
	wp, name, err := hotDeskWorkplace(ctx, c, o)
	if err != nil {
		return r, err
	}
	wpath := "/api/v1/workplaces/" + url.PathEscape(wp) + "/hot-desk/"
	// A run stopped half-way may have left the workplace logged in.
	var refused *apiclient.Error
	if err := c.Do(ctx, "POST", wpath+"logout", nil, nil); err != nil && !(errors.As(err, &refused) && refused.Status == http.StatusConflict) {
		return r, fmt.Errorf("log out the hot-desk workplace: %w", err)
	}
	for _, p := range phones {
		if p.Model.Kind != switchboard.KindDeskPhone {
			r.Skipped++
			continue
		}
		r.Phones++
		free, err := f.hotDeskStep(ctx, p.DeviceID, "", o.Timeout, func() error {
			return c.Do(ctx, "POST", wpath+"login", map[string]any{"device": p.DeviceID}, nil)
		}, name)
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("%s log-in: %v", p.DeviceID, err))
			continue
		}
		r.LoggedIn++
		r.Login = max(r.Login, free.took)
		back, err := f.hotDeskStep(ctx, p.DeviceID, name, o.Timeout, func() error {
			return c.Do(ctx, "POST", wpath+"logout", nil, nil)
		}, free.before)
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("%s log-out: %v", p.DeviceID, err))
			continue
		}
		r.LoggedOut++
		r.Logout = max(r.Logout, back.took)
	}
	return r, nil
}

// step is one API call's effect on a phone: the display name it showed
// before and how long it took to show the new one, registered.
type step struct {
	before string
	took   time.Duration
}

// hotDeskStep calls the API and waits until the phone has fetched a
// profile whose first line shows want (and not was, when given) and has
// registered with it since the call.
func (f *Fleet) hotDeskStep(ctx context.Context, deviceID, was string, timeout time.Duration, call func() error, want string) (step, error) {
	st, ok := f.Status(deviceID)
	if !ok {
		return step{}, errors.New("not a phone of this fleet")
	}
	if was != "" && st.DisplayName != was {
		return step{}, fmt.Errorf("the phone shows %q, not %q", st.DisplayName, was)
	}
	start := time.Now()
	if err := call(); err != nil {
		return step{}, err
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		now, _ := f.Status(deviceID)
		if now.DisplayName == want && now.State == StateOnline && now.Registers > st.Registers {
			return step{before: st.DisplayName, took: time.Since(start)}, nil
		}
		select {
		case <-ctx.Done():
			return step{}, ctx.Err()
		case <-deadline.C:
			return step{}, fmt.Errorf("after %v the phone shows %q (%s, %d registrations), want %q registered again%s",
				timeout, now.DisplayName, now.State, now.Registers, want, lastError(now))
		case <-tick.C:
		}
	}
}

func lastError(st PhoneStatus) string {
	if st.LastError == "" {
		return ""
	}
	return "; last error: " + st.LastError
}

// hotDeskWorkplace finds or creates the simulator's hot-desk workplace in
// the customer's simulator site and waits until the server's order worker
// has activated it. It returns its id and the display name of its line.
func hotDeskWorkplace(ctx context.Context, c *apiclient.Client, o HotDeskOptions) (string, string, error) {
	cpath := "/api/v1/customers/" + url.PathEscape(o.Customer)
	site, err := findOrCreate(ctx, c, cpath+"/sites", "name", SiteName, "", map[string]any{"name": SiteName})
	if err != nil {
		return "", "", fmt.Errorf("site: %w", err)
	}
	user := fmt.Sprintf("sim-%s-hotdesk", shortHash(o.Customer))
	wp, err := findOrCreate(ctx, c, cpath+"/workplaces", "username", user, "", map[string]any{
		"site": site, "first_name": hotDeskFirstName, "last_name": hotDeskLastName,
		"email": user + "@example.com", "email_confirm": user + "@example.com", "no_mobile": true,
		"username": user, "extension": hotDeskExtension, "package": "none",
	})
	if err != nil {
		return "", "", fmt.Errorf("hot-desk workplace: %w", err)
	}
	deadline := time.Now().Add(o.Timeout)
	for {
		var w struct{ State string }
		if err := c.Do(ctx, "GET", "/api/v1/workplaces/"+url.PathEscape(wp), nil, &w); err != nil {
			return "", "", err
		}
		switch {
		case w.State == string(switchboard.WorkplaceActive):
			return wp, strings.TrimSpace(hotDeskFirstName + " " + hotDeskLastName), nil
		case !slices.Contains([]string{"", string(switchboard.WorkplaceOrdered)}, w.State):
			return "", "", fmt.Errorf("hot-desk workplace %s is %s", wp, w.State)
		case time.Now().After(deadline):
			return "", "", fmt.Errorf("hot-desk workplace %s not active after %v: is the server's order worker running?", wp, o.Timeout)
		}
		select {
		case <-ctx.Done():
			return "", "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
