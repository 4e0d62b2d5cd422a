package sim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// maxProfileFile bounds one fetched file, as a phone's flash would.
const maxProfileFile = 1 << 20

// Failure is why a phone is not online, with a short kind for counting
// (e.g. "fetch-http-404", "register-timeout").
type Failure struct {
	Kind string
	Err  error
	// RetryAfter is set when the server said "retry later" (503 with
	// Retry-After): the phone comes back after it, as HTTP asks, and
	// the answer does not count as an error.
	RetryAfter time.Duration
}

func (f *Failure) Error() string { return f.Kind + ": " + f.Err.Error() }
func (f *Failure) Unwrap() error { return f.Err }

func fail(kind string, format string, args ...any) *Failure {
	return &Failure{Kind: kind, Err: fmt.Errorf(format, args...)}
}

// BootURLs are the URLs a phone asks for at boot, in order: Others, the
// files its firmware asks for besides its own (boot, common and model
// files, Model.OtherFiles), which the server may answer with 404, then
// Files, its own, which must be served.
type BootURLs struct {
	Others []string
	Files  []string
}

// ProfileURLs returns the URLs a phone of model m asks for given the
// provisioning URL it was set up with, the way its firmware uses it: a
// file-form model fetches the URL itself; a directory-form model appends
// each file name to it after a '/', so given a file URL ("…/<key>.cfg")
// it asks for "…/<key>.cfg/<mac>.cfg" and gets 404, as the real phone
// would.
func ProfileURLs(m switchboard.Model, mac, provisioningURL string) (BootURLs, error) {
	u, err := url.Parse(provisioningURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return BootURLs{}, fmt.Errorf("provisioning URL %q is not an https:// URL", provisioningURL)
	}
	if m.URLForm != switchboard.URLDirectory {
		return BootURLs{Files: []string{u.String()}}, nil
	}
	dir := u.String()
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	var out BootURLs
	for _, n := range otherNames(m, mac) {
		out.Others = append(out.Others, dir+url.PathEscape(n))
	}
	for _, n := range FileNames(m, mac) {
		out.Files = append(out.Files, dir+url.PathEscape(n))
	}
	return out, nil
}

// askOthers GETs the files the firmware asks for besides its own, as a
// booting phone does; 200 and 404 are both what a phone expects, anything
// else (a 429 from a server taking the office for an attacker) fails the
// boot.
func askOthers(ctx context.Context, c *http.Client, urls []string, ua string) error {
	for _, u := range urls {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return fail("fetch-url", "%v", err)
		}
		req.Header.Set("User-Agent", ua)
		resp, err := c.Do(req)
		if err != nil {
			return fetchFailure(err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxProfileFile))
		resp.Body.Close()
		if f := busy(resp); f != nil {
			return f
		}
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
			return fail(fmt.Sprintf("fetch-http-%d", resp.StatusCode), "GET %s answered %s", redact(u), resp.Status)
		}
	}
	return nil
}

// newHTTPClient returns the HTTP client of one phone boot: its own
// connection (a phone after a power cut shakes hands anew), kept alive
// across the phone's files.
func newHTTPClient(tc *tls.Config, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			TLSClientConfig:     tc,
			TLSHandshakeTimeout: timeout,
			MaxIdleConnsPerHost: 1,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
			Proxy:               nil,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// fetchFiles GETs each URL with the phone's User-Agent and returns the
// files. etags carries the ETag of each file from the last fetch; a 304
// answer returns the previous body kept in prev.
func fetchFiles(ctx context.Context, c *http.Client, urls []string, ua string, prev map[string]switchboard.File, etags map[string]string) ([]switchboard.File, error) {
	files := make([]switchboard.File, 0, len(urls))
	for _, u := range urls {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, fail("fetch-url", "%v", err)
		}
		req.Header.Set("User-Agent", ua)
		if tag, ok := etags[u]; ok {
			req.Header.Set("If-None-Match", tag)
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, fetchFailure(err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxProfileFile+1))
		resp.Body.Close()
		switch {
		case err != nil:
			return nil, fetchFailure(err)
		case busy(resp) != nil:
			return nil, busy(resp)
		case resp.StatusCode == http.StatusNotModified && prev[u].Body != nil:
			files = append(files, prev[u])
			continue
		case resp.StatusCode != http.StatusOK:
			return nil, fail(fmt.Sprintf("fetch-http-%d", resp.StatusCode), "GET %s answered %s", redact(u), resp.Status)
		case len(body) > maxProfileFile:
			return nil, fail("fetch-too-large", "GET %s sent more than %d bytes", redact(u), maxProfileFile)
		}
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		f := switchboard.File{Name: fileName(u), ContentType: ct, Body: body}
		files = append(files, f)
		prev[u] = f
		if tag := resp.Header.Get("ETag"); tag != "" {
			etags[u] = tag
		}
	}
	return files, nil
}

// fetchFailure sorts a transport error into a kind.
func fetchFailure(err error) *Failure {
	var tlsErr *tls.CertificateVerificationError
	var netErr net.Error
	switch {
	case errors.As(err, &tlsErr):
		return &Failure{Kind: "fetch-tls", Err: fmt.Errorf("the server's certificate is not trusted (give --ca or --insecure): %w", err)}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return &Failure{Kind: "fetch-timeout", Err: err}
	case errors.Is(err, context.Canceled):
		return &Failure{Kind: "stopped", Err: err}
	default:
		return &Failure{Kind: "fetch-connect", Err: err}
	}
}

// readAccount parses fetched files with the vendor package's own parser and
// returns line 1, the account the phone registers, and the settings read,
// which the phone reads its firmware key from: the files are parsed once.
func readAccount(m switchboard.Model, files []switchboard.File) (switchboard.LineAccount, map[string]string, error) {
	parsed, err := vendors.ParseFiles(m, files)
	if err != nil {
		return switchboard.LineAccount{}, nil, &Failure{Kind: "profile-unreadable", Err: err}
	}
	acc, err := vendors.AccountOf(m, parsed, 1)
	if err != nil {
		return acc, nil, &Failure{Kind: "profile-unreadable", Err: err}
	}
	if acc.Username == "" || acc.Password == "" || acc.Registrar == "" {
		return acc, nil, fail("profile-no-account", "the profile of the %s carries no complete SIP account", m.Name)
	}
	if acc.AuthName == "" {
		acc.AuthName = acc.Username
	}
	return acc, parsed, nil
}

// fileName is the last path element of a URL.
func fileName(u string) string {
	if p, err := url.Parse(u); err == nil {
		u = p.Path
	}
	return u[strings.LastIndex(u, "/")+1:]
}

// redact hides the access key of a provisioning URL in messages: it is a
// secret.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	parts := strings.Split(p.Path, "/")
	if len(parts) > 1 && len(parts[1]) >= 8 {
		parts[1] = parts[1][:4] + "…"
	}
	p.Path = strings.Join(parts, "/")
	p.RawPath = ""
	return p.String()
}

// busy reads a "retry later" answer: 503 with a Retry-After in seconds
// (at most an hour); nil for any other answer.
func busy(resp *http.Response) *Failure {
	if resp.StatusCode != http.StatusServiceUnavailable {
		return nil
	}
	secs, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After")))
	if err != nil || secs < 0 || secs > 3600 {
		return nil
	}
	return &Failure{Kind: "fetch-busy", Err: fmt.Errorf("the server asks to retry after %d s", secs),
		RetryAfter: time.Duration(max(secs, 1)) * time.Second}
}
