package sim

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

// Redirects are fake redirect services on loopback, one per service the
// phones' models name (Model.Redirect), each answering the look-ups of
// factory-fresh phones (redirecttest.Fake.PhoneLookup) under
// "/<service>/". Point puts the phones' MACs in them, as serve will once
// it registers the MACs through a redirect account whose URL points at the
// fake.
type Redirects struct {
	srv   *http.Server
	base  string
	mux   *http.ServeMux
	fakes map[string]*redirecttest.Fake
	done  chan struct{}
}

// StartRedirects serves the fakes on a loopback port until Close.
func StartRedirects() (*Redirects, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Redirects{base: "http://" + ln.Addr().String(), mux: http.NewServeMux(), fakes: map[string]*redirecttest.Fake{}, done: make(chan struct{})}
	r.srv = &http.Server{Handler: r.mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(r.done)
		_ = r.srv.Serve(ln)
	}()
	return r, nil
}

// Point puts each phone's MAC in its service's fake, pointing at the
// provisioning server's "/ztp/" URL, and sets the phone to start
// factory-fresh by asking there. A phone whose model has no redirect
// service is refused.
func (r *Redirects) Point(phones []Phone) error {
	for i := range phones {
		ph := &phones[i]
		service := ph.Model.Redirect
		if service == "" {
			return errors.New("the " + ph.Model.Name + " has no redirect service to start from")
		}
		u, err := url.Parse(ph.ProvisioningURL)
		if err != nil || u.Host == "" {
			return errors.New("device " + ph.DeviceID + " has no provisioning URL")
		}
		fake := r.fakes[service]
		if fake == nil {
			fake = redirecttest.NewFake()
			r.fakes[service] = fake
			r.mux.Handle("/"+service+"/", http.StripPrefix("/"+service, fake.PhoneLookup()))
		}
		fake.Put(redirect.MAC(strings.ToLower(ph.MAC)), redirecttest.Entry{URL: u.Scheme + "://" + u.Host + "/ztp/", Owner: redirecttest.Ours})
		ph.Factory = &Factory{RedirectURL: r.base + "/" + service + redirecttest.PhonePath}
	}
	return nil
}

// Close stops the fakes.
func (r *Redirects) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	<-r.done
	return err
}
