package sim

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Factory is how a factory-fresh phone finds its provisioning URL: through
// the initial login a user types into it (seed 000), or by asking its
// vendor's redirect service (seed 004). Either way it fetches a bootstrap
// from a shared URL, takes the provisioning URL the bootstrap names and
// goes on from there as a phone set up by hand.
type Factory struct {
	// LoginURL, LoginUser and LoginPassword are the initial login
	// (GET /api/v1/devices/{id}/initial-login).
	LoginURL, LoginUser, LoginPassword string
	// RedirectURL is the redirect service's look-up the phone asks with
	// its MAC appended (redirecttest.Fake.PhoneLookup).
	RedirectURL string
}

// discover runs the factory-fresh start and returns the provisioning URL
// the bootstrap names.
func (p *phone) discover(ctx context.Context, c *http.Client) (string, error) {
	f, m, mac := p.spec.Factory, p.spec.Model, p.spec.MAC
	shared := f.LoginURL
	if f.RedirectURL != "" {
		var err error
		if shared, err = askRedirect(ctx, c, f.RedirectURL+mac, p.httpUA); err != nil {
			return "", err
		}
	}
	if err := p.fl.checkURL(shared); err != nil {
		return "", err
	}
	urls, err := ProfileURLs(m, mac, shared)
	if err != nil {
		return "", fail("bootstrap-url", "%v", err)
	}
	var files []switchboard.File
	for _, u := range urls.Files {
		file, ok, err := getBootstrap(ctx, c, u, p.httpUA, f)
		if err != nil {
			return "", err
		}
		if ok {
			files = append(files, file)
		}
	}
	if len(files) == 0 {
		return "", fail("bootstrap-none", "no bootstrap at %s", redact(shared))
	}
	next, err := vendors.FollowBootstrap(m, files)
	if err != nil || next == "" {
		return "", fail("bootstrap-unreadable", "the bootstrap names no provisioning URL: %v", err)
	}
	if p.spec.ProvisioningURL != "" && next != p.spec.ProvisioningURL {
		return "", fail("bootstrap-wrong-url", "the bootstrap names %s, not the device's provisioning URL", redact(next))
	}
	return next, nil
}

// askRedirect asks the redirect service where the phone's MAC points.
func askRedirect(ctx context.Context, c *http.Client, lookup, ua string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lookup, nil)
	if err != nil {
		return "", fail("redirect-url", "%v", err)
	}
	req.Header.Set("User-Agent", ua)
	resp, err := c.Do(req)
	if err != nil {
		return "", &Failure{Kind: "redirect-connect", Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil || resp.StatusCode != http.StatusOK {
		return "", fail(fmt.Sprintf("redirect-http-%d", resp.StatusCode), "the redirect service answered %s", resp.Status)
	}
	return strings.TrimSpace(string(body)), nil
}

// getBootstrap GETs one file at the shared URL, answering an initial-login
// challenge with the login when it has one; ok is false for a file the
// server does not give there (404), which a phone skips.
func getBootstrap(ctx context.Context, c *http.Client, u, ua string, f *Factory) (switchboard.File, bool, error) {
	var auth string
	for range 2 {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return switchboard.File{}, false, fail("bootstrap-url", "%v", err)
		}
		req.Header.Set("User-Agent", ua)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Do(req)
		if err != nil {
			return switchboard.File{}, false, fetchFailure(err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxProfileFile))
		resp.Body.Close()
		switch {
		case err != nil:
			return switchboard.File{}, false, fetchFailure(err)
		case resp.StatusCode == http.StatusOK:
			return switchboard.File{Name: fileName(u), ContentType: resp.Header.Get("Content-Type"), Body: body}, true, nil
		case resp.StatusCode == http.StatusNotFound:
			return switchboard.File{}, false, nil
		case resp.StatusCode == http.StatusUnauthorized && auth == "" && f.LoginUser != "":
			if auth, err = answerLogin(resp, req.URL.RequestURI(), f); err != nil {
				return switchboard.File{}, false, err
			}
			continue
		}
		return switchboard.File{}, false, fail(fmt.Sprintf("bootstrap-http-%d", resp.StatusCode), "GET %s answered %s", redact(u), resp.Status)
	}
	return switchboard.File{}, false, fail("login-refused", "the initial login was refused at %s", redact(u))
}

// answerLogin answers the first challenge the phone can, as firmware does.
func answerLogin(resp *http.Response, uri string, f *Factory) (string, error) {
	for _, v := range resp.Header.Values("Www-Authenticate") {
		if ch, err := digest.ParseChallenge(v); err == nil && digest.Supported(ch.Algorithm) {
			return digest.Answer(ch, http.MethodGet, uri, f.LoginUser, f.LoginPassword, 1, token()).String(), nil
		}
	}
	return "", fail("login-bad-challenge", "the login URL sent no digest challenge the phone can answer")
}
