// Package simtest is a loopback test bed for simulated phones: an HTTPS
// provisioning server that renders device profiles with the real vendor
// packages, and a real SIP registrar (internal/sip) that knows the same
// accounts. Tests and the boot-storm harness use it when no full
// Switchboard server is wanted.
package simtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	registrar "github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// Realm is the SIP domain and digest realm of every account of the bed.
const Realm = "sim.test"

// Options tune the bed's registrar.
type Options struct {
	// MinExpires lowers the registrar's minimum expiry so tests can watch
	// refreshes (default: the registrar's own).
	MinExpires time.Duration
	// Workers is the registrar's worker count (default: its own).
	Workers int
	// Transport is what the profiles tell phones to register over (default
	// UDP); the registrar listens on UDP, TCP and TLS either way.
	Transport switchboard.Transport
}

// Bed is a running provisioning server and registrar on loopback.
type Bed struct {
	// ProvURL is "https://127.0.0.1:<port>"; SIPAddr the UDP and TCP
	// address, SIPTLSAddr the TLS one.
	ProvURL    string
	SIPAddr    string
	SIPTLSAddr string
	// TLS trusts the bed's generated certificate.
	TLS *tls.Config
	// CAPEM is that certificate in PEM, for a --ca file.
	CAPEM []byte
	// SIP is the registrar, for Status and Notify.
	SIP *registrar.Server
	// Phones are the devices of the bed, ready for sim.Start.
	Phones []sim.Phone

	http   *http.Server
	cancel context.CancelFunc
	done   chan error

	mu       sync.Mutex
	devices  map[string]*device // by access key
	byID     map[string]*device
	accounts map[string]*registrar.Account // by auth name
	requests map[string][]string           // file names asked for, by device id
}

type device struct {
	id      string
	key     string
	model   switchboard.Model
	profile *switchboard.Profile
	files   []switchboard.File
}

// Start runs the bed with perModel devices of each model given.
func Start(ctx context.Context, models []switchboard.Model, perModel int, o Options) (*Bed, error) {
	b := &Bed{devices: map[string]*device{}, byID: map[string]*device{}, accounts: map[string]*registrar.Account{},
		requests: map[string][]string{}, done: make(chan error, 2)}
	certPEM, keyPEM, err := tlscert.Generate([]string{"127.0.0.1", "localhost"}, time.Now())
	if err != nil {
		return nil, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("load generated pair: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	b.TLS, b.CAPEM = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256}}, certPEM

	pc, tl, err := listenSIP()
	if err != nil {
		return nil, err
	}
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pc.Close()
		tl.Close()
		return nil, fmt.Errorf("listen for SIP over TLS: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pc.Close()
		tl.Close()
		sl.Close()
		return nil, fmt.Errorf("listen for provisioning: %w", err)
	}
	closeAll := func() {
		pc.Close()
		tl.Close()
		sl.Close()
		ln.Close()
	}
	b.SIPAddr, b.SIPTLSAddr, b.ProvURL = pc.LocalAddr().String(), sl.Addr().String(), "https://"+ln.Addr().String()
	ports := [2]int{pc.LocalAddr().(*net.UDPAddr).Port, sl.Addr().(*net.TCPAddr).Port}
	transport := o.Transport
	if transport == "" {
		transport = switchboard.TransportUDP
	}

	for _, m := range models {
		for range perModel {
			if err := b.add(m, ports, transport); err != nil {
				closeAll()
				return nil, err
			}
		}
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	b.SIP, err = registrar.NewServer(registrar.Options{Accounts: (*accounts)(b), Secret: secret,
		Realm: func(string) string { return Realm }, MinExpires: o.MinExpires, Workers: o.Workers})
	if err != nil {
		closeAll()
		return nil, err
	}
	serverTLS := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	sctx, cancel := context.WithCancel(ctx)
	b.cancel = cancel
	go func() {
		b.done <- b.SIP.Serve(sctx, registrar.UDP(pc), registrar.TCP(tl), registrar.TLS(tls.NewListener(sl, serverTLS)))
	}()
	b.http = &http.Server{Handler: http.HandlerFunc(b.serveProfile), ReadHeaderTimeout: 10 * time.Second, TLSConfig: serverTLS}
	go func() { b.done <- b.http.Serve(tls.NewListener(ln, b.http.TLSConfig)) }()
	return b, nil
}

// listenSIP opens a UDP socket and a TCP listener on one loopback port.
func listenSIP() (net.PacketConn, net.Listener, error) {
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, fmt.Errorf("listen for SIP: %w", err)
		}
		tl, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, tl, nil
		}
		pc.Close()
	}
	return nil, nil, errors.New("listen for SIP: no loopback port free for both UDP and TCP")
}

// add creates the next device of model m with its own key, MAC and SIP
// account; ports are the plain and TLS SIP ports.
func (b *Bed) add(m switchboard.Model, ports [2]int, transport switchboard.Transport) error {
	n := len(b.byID) + 1
	mac, ok := sim.MAC(m.Vendor, "simtest", n)
	if !ok {
		return fmt.Errorf("simtest: the simulator cannot play vendor %s", m.Vendor)
	}
	key := randomHex(24)
	d := &device{id: fmt.Sprintf("dev-%05d", n), key: key, model: m}
	d.profile = &switchboard.Profile{
		Model: m.ID, MAC: mac,
		Server: switchboard.SIPServer{Domain: Realm, Registrar: "127.0.0.1", Port: ports[0], TLSPort: ports[1],
			Transport: transport, SRTP: switchboard.SRTPOff},
		Lines: []switchboard.ProfileLine{{Username: fmt.Sprintf("u%05d", n), AuthName: fmt.Sprintf("a%05d", n),
			Password: randomHex(12), DisplayName: fmt.Sprintf("Phone %d", n), Label: "Line 1"}},
		AdminPassword: "1234", WebUser: "admin", WebPassword: "5678",
		ProvisioningURL: m.ProvisioningURL(b.ProvURL, key),
	}
	if m.Handsets > 0 {
		d.profile.Handsets = []switchboard.Handset{{Index: 1, Name: "Handset 1", Lines: []int{1}}}
	}
	if err := b.render(d); err != nil {
		return err
	}
	b.devices[key], b.byID[d.id] = d, d
	b.Phones = append(b.Phones, sim.Phone{DeviceID: d.id, Model: m, MAC: mac, ProvisioningURL: d.profile.ProvisioningURL})
	return nil
}

// render renders the device's profile and prepares its account.
func (b *Bed) render(d *device) error {
	files, err := vendors.Render(d.profile, d.model)
	if err != nil {
		return fmt.Errorf("simtest: render %s: %w", d.model.ID, err)
	}
	d.files = files
	l := d.profile.Lines[0]
	b.accounts[l.AuthName] = &registrar.Account{Username: l.AuthName, AOR: l.Username, DeviceID: d.id, CustomerID: "simtest",
		Realm: Realm, HA1MD5: digest.HA1(digest.MD5, l.AuthName, Realm, l.Password),
		HA1SHA256: digest.HA1(digest.SHA256, l.AuthName, Realm, l.Password)}
	return nil
}

// ChangePassword gives the device's line a new SIP password, in its
// profile and at the registrar, as a reset with new credentials would.
func (b *Bed) ChangePassword(deviceID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.byID[deviceID]
	if !ok {
		return fmt.Errorf("simtest: no device %s", deviceID)
	}
	d.profile.Lines[0].Password = randomHex(12)
	if err := b.render(d); err != nil {
		return err
	}
	b.SIP.Invalidate(d.profile.Lines[0].AuthName)
	return nil
}

// Requests returns the file names the device asked for, in order.
func (b *Bed) Requests(deviceID string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests[deviceID]...)
}

// Close stops both servers.
func (b *Bed) Close() error {
	b.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	herr := b.http.Shutdown(ctx)
	err := errors.Join(<-b.done, <-b.done)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(herr, err)
}

// serveProfile answers "/<key>.cfg" with the main file and "/<key>/<name>"
// with that file, after checking, as the real server does, that the
// request identifies as the device's vendor and MAC. Every refusal is the
// same 404.
func (b *Bed) serveProfile(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	key, name, dir := strings.Cut(path, "/")
	if !dir {
		key = strings.TrimSuffix(path, ".cfg")
		name = path
	}
	b.mu.Lock()
	d := b.devices[key]
	var f *switchboard.File
	if d != nil {
		id, ok := vendors.Identify(r.UserAgent(), name)
		if ok && id.Vendor == d.model.Vendor && !id.Conflict && (id.MAC == "" || id.MAC == d.profile.MAC) {
			b.requests[d.id] = append(b.requests[d.id], name)
			if !dir {
				f = &d.files[0]
			}
			for i := range d.files {
				if dir && d.files[i].Name == name {
					f = &d.files[i]
				}
			}
		}
	}
	var body []byte
	var ct string
	if f != nil {
		body, ct = f.Body, f.ContentType
	}
	b.mu.Unlock()
	if f == nil || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// accounts is the bed as the registrar's account source.
type accounts Bed

func (a *accounts) Account(_ context.Context, username string) (*registrar.Account, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	acc, ok := a.accounts[username]
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no account %s", username)
	}
	c := *acc
	return &c, nil
}

func (a *accounts) Password(_ context.Context, username string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	acc, ok := a.accounts[username]
	if !ok {
		return "", switchboard.Errorf(switchboard.ENOTFOUND, "no account %s", username)
	}
	for _, d := range a.byID {
		if d.profile.Lines[0].AuthName == acc.Username {
			return d.profile.Lines[0].Password, nil
		}
	}
	return "", switchboard.Errorf(switchboard.ENOTFOUND, "no account %s", username)
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
