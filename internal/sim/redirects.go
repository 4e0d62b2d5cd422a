package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil/fanviltest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset/gigasettest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream/grandstreamtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly/polytest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom/snomtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink/yealinktest"
)

// Redirects are fakes of the vendors' redirect services on loopback, one
// port per service, each speaking its service's API as the connectors'
// tests check it and answering factory-fresh phones' look-ups
// (redirecttest.PhonePath). Setup gives the simulator's customer an
// account at each fake its models need (Connect), so the server registers
// every MAC there itself, through its outbox, as it would at the real
// service; Await waits until the fakes hold them all.
type Redirects struct {
	mu    sync.Mutex
	fakes map[string]*fakeService
}

// fakeService is one running fake and what an account at it is made of.
type fakeService struct {
	table  *redirecttest.Fake
	srv    *http.Server
	done   chan struct{}
	base   string
	ztpURL string
}

// fakeSecret is the password of the simulator's account at every fake; the
// fakes run on loopback for one run only.
const fakeSecret = "simulator-secret"

// polyProfile is the id of the simulator's Poly ZTP profile at the fake.
const polyProfile = "simulator"

// NewRedirects returns fakes to be started by Setup (Connect); Close stops
// them.
func NewRedirects() *Redirects { return &Redirects{fakes: map[string]*fakeService{}} }

// fakeFor builds the fake of a service with the simulator's account, and
// the account's API base path at the fake, credentials and settings.
func fakeFor(service, ztpURL string) (http.Handler, *redirecttest.Fake, string, map[string]string, map[string]string) {
	login := map[string]string{"user": redirecttest.Ours, "password": fakeSecret}
	switch service {
	case "yealink":
		f := yealinktest.New(fakeSecret)
		return f, f.Fake, "", map[string]string{"access_key_id": redirecttest.Ours, "access_key_secret": fakeSecret}, nil
	case "snom":
		f := snomtest.New(fakeSecret)
		return f, f.Fake, snomtest.Path, login, nil
	case "gigaset":
		f := gigasettest.New(fakeSecret)
		return f, f.Fake, gigasettest.Path, login, nil
	case "fanvil":
		f := fanviltest.New(fakeSecret)
		return f, f.Fake, fanviltest.Path, login, nil
	case "grandstream":
		f := grandstreamtest.New(grandstreamtest.Account{Password: fakeSecret, ClientID: "1", ClientSecret: fakeSecret})
		creds := map[string]string{"user": redirecttest.Ours, "password": fakeSecret, "client_id": "1", "client_secret": fakeSecret}
		return f, f.Fake, "", creds, map[string]string{"site_id": "1"}
	case "poly":
		f := polytest.New(fakeSecret, map[string]string{polyProfile: ztpURL})
		return f, f.Fake, "", map[string]string{"api_key": fakeSecret}, map[string]string{"profile": polyProfile}
	}
	return nil, nil, "", nil, nil
}

// Connect starts a fake for every redirect service the models name and
// gives the customer an account at it (created, or pointed at the new fake
// when an earlier run made one), before Setup creates the devices whose
// registrations the server then sends there. Accounts at the customer level
// leave the operator's own accounts alone; pointing one at a URL takes an
// operator token.
func (r *Redirects) Connect(ctx context.Context, c *apiclient.Client, customerID string, models []switchboard.Model) error {
	path := "/api/v1/customers/" + url.PathEscape(customerID) + "/redirect-accounts"
	existing, err := list[struct {
		ID      string `json:"id"`
		Service string `json:"service"`
	}](ctx, c, path)
	if err != nil {
		return fmt.Errorf("redirect accounts: %w", err)
	}
	have := map[string]string{}
	for _, a := range existing {
		have[a.Service] = a.ID
	}
	for _, m := range models {
		svc, ok := services.ForModel(m)
		if !ok {
			return switchboard.Errorf(switchboard.EINVALID, "the %s has no redirect service to start from; leave it out of --vendors with --ztp", m.Name)
		}
		r.mu.Lock()
		_, started := r.fakes[svc.Name]
		r.mu.Unlock()
		if started {
			continue
		}
		if err := r.start(ctx, c, path, have[svc.Name], svc); err != nil {
			return err
		}
	}
	return nil
}

// start listens for the service's fake, makes the account point at it,
// then serves the fake: the Poly fake must know the server's /ztp/ URL,
// which the account tells, before the first registration arrives.
func (r *Redirects) start(ctx context.Context, c *apiclient.Client, path, id string, svc services.Service) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen for the fake %s: %w", svc.Title, err)
	}
	base := "http://" + ln.Addr().String()
	_, _, apiPath, creds, settings := fakeFor(svc.Name, "")
	body := map[string]any{"url": base + apiPath, "credentials": creds, "settings": orEmptyMap(settings)}
	var got struct {
		ZTPURL string `json:"ztp_url"`
	}
	if id == "" {
		body["service"], body["name"] = svc.Name, "Simulator "+svc.Title
		err = c.Do(ctx, "POST", path, body, &got)
	} else {
		err = c.Do(ctx, "PATCH", path+"/"+url.PathEscape(id), body, &got)
	}
	if err != nil {
		ln.Close()
		return fmt.Errorf("account at the fake %s: %w", svc.Title, err)
	}
	h, table, _, _, _ := fakeFor(svc.Name, got.ZTPURL)
	mux := http.NewServeMux()
	mux.Handle(redirecttest.PhonePath, table.PhoneLookup())
	mux.Handle("/", h)
	f := &fakeService{table: table, base: base, ztpURL: got.ZTPURL, done: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(f.done)
		_ = f.srv.Serve(ln)
	}()
	r.mu.Lock()
	r.fakes[svc.Name] = f
	r.mu.Unlock()
	return nil
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// LabelCode is the code on the label of a simulated phone with the given
// MAC, as the fakes check it (Gigaset's MAC-ID code, Grandstream's serial).
func LabelCode(mac string) string {
	m, err := redirect.ParseMAC(mac)
	if err != nil {
		return ""
	}
	return redirecttest.Code(m)
}

// Await waits until every phone's MAC is held by the simulator's account
// at its service's fake, pointing at the server's /ztp/ URL, and sets the
// phone to start factory-fresh by asking there. It reports progress to
// progress and gives up after timeout, naming a phone still missing and
// what its device says of the registration.
func (r *Redirects) Await(ctx context.Context, c *apiclient.Client, phones []Phone, progress io.Writer, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := time.Now()
	for {
		missing, first := r.point(phones)
		if missing == 0 {
			if progress != nil {
				fmt.Fprintf(progress, "redirect services hold all %d MACs\n", len(phones))
			}
			return nil
		}
		if progress != nil && time.Since(last) >= 2*time.Second {
			fmt.Fprintf(progress, "redirect services hold %d/%d MACs\n", len(phones)-missing, len(phones))
			last = time.Now()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %s the redirect services hold %d of %d MACs; device %s says: %s",
				timeout, len(phones)-missing, len(phones), first.DeviceID, redirectStatus(ctx, c, first.DeviceID))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// point sets every phone its fake holds to start there and counts the
// others, returning the first of them.
func (r *Redirects) point(phones []Phone) (int, *Phone) {
	r.mu.Lock()
	defer r.mu.Unlock()
	missing, first := 0, (*Phone)(nil)
	for i := range phones {
		ph := &phones[i]
		if ph.Factory != nil {
			continue
		}
		svc, _ := services.ForModel(ph.Model)
		f := r.fakes[svc.Name]
		if mac, err := redirect.ParseMAC(ph.MAC); f != nil && err == nil {
			if e, ok := f.table.Get(mac); ok && e.Owner == redirecttest.Ours && e.URL == f.ztpURL {
				ph.Factory = &Factory{RedirectURL: f.base + redirecttest.PhonePath}
				continue
			}
		}
		if first == nil {
			first = ph
		}
		missing++
	}
	return missing, first
}

// redirectStatus reads what the device says of its redirect registration.
func redirectStatus(ctx context.Context, c *apiclient.Client, id string) string {
	var d struct {
		Redirect struct {
			State   string `json:"state"`
			Message string `json:"message"`
		} `json:"redirect"`
	}
	if err := c.Do(ctx, "GET", "/api/v1/devices/"+url.PathEscape(id), nil, &d); err != nil {
		return err.Error()
	}
	if d.Redirect.State == "" {
		return "nothing yet"
	}
	return d.Redirect.State + ": " + d.Redirect.Message
}

// Close stops the fakes.
func (r *Redirects) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for _, f := range r.fakes {
		errs = append(errs, f.srv.Shutdown(ctx))
		<-f.done
	}
	return errors.Join(errs...)
}
