package sim

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Options tune a fleet. Zero values take the defaults named on each field.
type Options struct {
	// TLS verifies the provisioning server; build it with ClientTLS.
	TLS *tls.Config
	// AllowRemote lets phones reach servers outside loopback. Without it
	// every target (provisioning URL, registrar) must be a loopback address
	// or "localhost".
	AllowRemote bool
	// LocalIP is the address the SIP sockets bind to (default 127.0.0.1).
	LocalIP string
	// PhonesPerGroup share one UDP socket (default 250).
	PhonesPerGroup int
	// Concurrency bounds the boots and tasks in flight across the fleet
	// (default 128).
	Concurrency int
	// Expires is the registration lifetime asked for (default 1 h).
	Expires time.Duration
	// FetchTimeout bounds one profile fetch (default 30 s), RegisterTimeout
	// one REGISTER with its retransmissions (default 32 s, timer F).
	FetchTimeout, RegisterTimeout time.Duration
	// BootTimeout bounds Wait (default 5 min).
	BootTimeout time.Duration
	// KeepRunning keeps phones up after booting: they re-register before
	// expiry, obey check-sync and retry a failed boot after RetryAfter
	// (default 30 s), until Stop.
	KeepRunning bool
	RetryAfter  time.Duration
	// Ramp spreads the power-on of the phones over this time; zero powers
	// all on at once (a boot storm).
	Ramp time.Duration
	// FailFirmwareMACs and FailFirmwareShare name the phones that fail to
	// install firmware (the listed MACs, and this share of all, 0 to 1):
	// they download it and come back with the version they ran.
	FailFirmwareMACs  []string
	FailFirmwareShare float64
}

func (o *Options) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.LocalIP == "" {
		o.LocalIP = "127.0.0.1"
	}
	if o.PhonesPerGroup <= 0 {
		o.PhonesPerGroup = 250
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 128
	}
	def(&o.Expires, time.Hour)
	def(&o.FetchTimeout, 30*time.Second)
	def(&o.RegisterTimeout, 32*time.Second)
	def(&o.BootTimeout, 5*time.Minute)
	def(&o.RetryAfter, 30*time.Second)
}

// Fleet is a set of running simulated phones.
type Fleet struct {
	opt    Options
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	start  time.Time
	stats  *stats
	phones []*phone
	byID   map[string]*phone

	settledN    atomic.Int64
	allSettled  chan struct{}
	allOnlineAt atomic.Int64 // UnixNano, 0 until every phone was online
	stopped     atomic.Bool
}

// Start powers the phones on and returns at once; they fetch and register
// in the background until Stop or ctx ends. It refuses a phone the
// simulator cannot play.
func Start(ctx context.Context, phones []Phone, opt Options) (*Fleet, error) {
	opt.setDefaults()
	f := &Fleet{opt: opt, stats: newStats(), byID: map[string]*phone{}, allSettled: make(chan struct{})}
	for _, ph := range phones {
		if !Simulates(ph.Model) {
			return nil, switchboard.Errorf(switchboard.EINVALID, "the simulator cannot play a %s (vendor %s)", ph.Model.Name, ph.Model.Vendor)
		}
		if _, err := switchboard.CanonicalMAC(ph.MAC); err != nil {
			return nil, err
		}
	}
	f.ctx, f.cancel = context.WithCancel(ctx)
	nGroups := (len(phones) + opt.PhonesPerGroup - 1) / opt.PhonesPerGroup
	workers := max(1, opt.Concurrency/max(nGroups, 1))
	groups := make([]*group, nGroups)
	for i := range groups {
		g, err := newGroup(opt.LocalIP, 3*opt.PhonesPerGroup+64, f.stats)
		if err != nil {
			f.cancel()
			for _, g := range groups[:i] {
				g.conn.Close()
			}
			return nil, err
		}
		groups[i] = g
	}
	for i, ph := range phones {
		mac, _ := switchboard.CanonicalMAC(ph.MAC)
		ph.MAC = mac
		httpUA, sipUA, _ := UserAgents(ph.Model, mac)
		var urls BootURLs
		var err error
		if ph.Factory == nil {
			urls, err = ProfileURLs(ph.Model, mac, ph.ProvisioningURL)
		}
		if err != nil {
			f.cancel()
			for _, g := range groups {
				g.conn.Close()
			}
			return nil, switchboard.Errorf(switchboard.EINVALID, "device %s: %v", ph.DeviceID, err)
		}
		p := &phone{spec: ph, fl: f, g: groups[i/opt.PhonesPerGroup], httpUA: httpUA, sipUA: sipUA, urls: urls.Files, others: urls.Others,
			st: PhoneStatus{State: StateStopped, Version: FactoryVersion(ph.Model.Vendor)}}
		f.phones = append(f.phones, p)
		if ph.DeviceID != "" {
			f.byID[ph.DeviceID] = p
		}
	}
	if len(phones) == 0 {
		close(f.allSettled)
	}
	f.start = time.Now()
	for _, g := range groups {
		g.run(f.ctx, &f.wg, workers)
	}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		f.powerOn()
	}()
	return f, nil
}

// powerOn hands each phone's boot to its group, spread over Ramp.
func (f *Fleet) powerOn() {
	n := len(f.phones)
	for i, p := range f.phones {
		if f.opt.Ramp > 0 {
			at := f.start.Add(f.opt.Ramp * time.Duration(i) / time.Duration(n))
			select {
			case <-time.After(time.Until(at)):
			case <-f.ctx.Done():
				return
			}
		}
		p.g.enqueue(f.ctx, func() { p.boot(f.ctx) })
	}
}

// settled counts a phone whose first boot ended (online or failed). The
// moment all were online is taken before Wait is released, so a Report
// made as soon as Wait returns has it.
func (f *Fleet) settled() {
	f.checkAllOnline()
	if f.settledN.Add(1) == int64(len(f.phones)) {
		close(f.allSettled)
	}
}

func (f *Fleet) checkAllOnline() {
	if f.stats.online.Load() == int64(len(f.phones)) {
		f.allOnlineAt.CompareAndSwap(0, time.Now().UnixNano())
	}
}

// Wait blocks until every phone's first boot ended, BootTimeout passed or
// ctx ended; it reports whether every boot ended.
func (f *Fleet) Wait(ctx context.Context) bool {
	t := time.NewTimer(f.opt.BootTimeout)
	defer t.Stop()
	select {
	case <-f.allSettled:
		return true
	case <-t.C:
	case <-ctx.Done():
	case <-f.ctx.Done():
	}
	return false
}

// Progress returns the counters now.
func (f *Fleet) Progress() Progress {
	return Progress{
		Phones: len(f.phones), Fetched: int(f.stats.fetches.Load()), Registered: int(f.stats.registers.Load()),
		Online: int(f.stats.online.Load()), Errors: int(f.stats.errors.Load()), Elapsed: time.Since(f.start),
	}
}

// Report summarises the run so far.
func (f *Fleet) Report() Report {
	r := Report{Phones: len(f.phones), Online: int(f.stats.online.Load()), Errors: int(f.stats.errors.Load()),
		Elapsed: time.Since(f.start), Notifies: int(f.stats.notifies.Load()), Busy: int(f.stats.busy.Load()),
		ErrorKinds: map[string]int{}, ErrorExamples: map[string]string{}}
	if at := f.allOnlineAt.Load(); at != 0 {
		r.AllOnline, r.Elapsed = true, time.Unix(0, at).Sub(f.start)
	}
	f.stats.mu.Lock()
	for k, v := range f.stats.kinds {
		r.ErrorKinds[k] = v
	}
	for k, v := range f.stats.samples {
		r.ErrorExamples[k] = v
	}
	r.Fetch, r.Register = latency(f.stats.fetchLat), latency(f.stats.regLat)
	f.stats.mu.Unlock()
	return r
}

// Status returns what the phone of a device is doing.
func (f *Fleet) Status(deviceID string) (PhoneStatus, bool) {
	p, ok := f.byID[deviceID]
	if !ok {
		return PhoneStatus{}, false
	}
	return p.status(), true
}

// Stop powers every phone off (without unregistering, as a power cut
// would) and waits for the fleet's goroutines.
func (f *Fleet) Stop() {
	f.stopped.Store(true)
	f.cancel()
	f.wg.Wait()
	for _, p := range f.phones {
		p.mu.Lock()
		if p.refresh != nil {
			p.refresh.Stop()
		}
		if p.link != nil {
			p.link.close()
			p.link = nil
		}
		p.mu.Unlock()
	}
}

func (f *Fleet) keepRunning() bool { return f.opt.KeepRunning && !f.stopped.Load() }

// Run boots the phones, writes a live progress line to progress (when not
// nil) while they boot, keeps them running for hold (with KeepRunning set),
// stops them and returns the report.
func Run(ctx context.Context, phones []Phone, opt Options, hold time.Duration, progress io.Writer) (Report, error) {
	opt.KeepRunning = opt.KeepRunning || hold > 0
	f, err := Start(ctx, phones, opt)
	if err != nil {
		return Report{}, err
	}
	defer f.Stop()
	done, printed := make(chan struct{}), make(chan struct{})
	if progress != nil {
		// On a terminal the line is rewritten in place; elsewhere (a log
		// file) a new line is written every few seconds.
		live := isTerminal(progress)
		every := 2 * time.Second
		if live {
			every = 250 * time.Millisecond
		}
		line := func(end string) {
			if live {
				fmt.Fprintf(progress, "\r%s%s", f.Progress(), end)
			} else {
				fmt.Fprintf(progress, "%s\n", f.Progress())
			}
		}
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-done:
					line("\n")
					close(printed)
					return
				case <-t.C:
					line("")
				}
			}
		}()
	}
	f.Wait(ctx)
	report := f.Report()
	if hold > 0 {
		select {
		case <-time.After(hold - time.Since(f.start)):
		case <-ctx.Done():
		}
		later := f.Report()
		later.AllOnline, later.Elapsed = report.AllOnline, report.Elapsed
		report = later
	}
	if progress != nil {
		close(done)
		<-printed
	}
	return report, nil
}

// isTerminal reports whether w is a terminal, where a progress line can be
// rewritten in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// checkURL refuses a provisioning URL outside loopback unless AllowRemote.
func (f *Fleet) checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fail("fetch-url", "provisioning URL is not a URL")
	}
	if _, err := f.target(u.Hostname()); err != nil {
		return err
	}
	return nil
}

// connect returns the phone's way to its registrar: the outbound proxy
// when the profile names one, else the registrar, at the profile's port
// and transport (UDP over the group's socket, TCP or TLS over a
// connection of the phone's own).
func (f *Fleet) connect(ctx context.Context, p *phone, acc switchboard.LineAccount) (link, error) {
	host := acc.Registrar
	if acc.Proxy != "" {
		host = acc.Proxy
	}
	ip, err := f.target(host)
	if err != nil {
		return nil, err
	}
	switch acc.Transport {
	case switchboard.TransportUDP:
		return &udpLink{g: p.g, dest: &net.UDPAddr{IP: ip, Port: acc.Port}}, nil
	case switchboard.TransportTCP, switchboard.TransportTLS:
		tc := f.opt.TLS
		if tc == nil {
			tc = &tls.Config{MinVersion: tls.VersionTLS12, CurvePreferences: phoneCurves}
		}
		dctx, cancel := context.WithTimeout(ctx, f.opt.RegisterTimeout)
		defer cancel()
		l, err := dialStream(dctx, p, strings.ToUpper(string(acc.Transport)), net.JoinHostPort(ip.String(), strconv.Itoa(acc.Port)), tc, host)
		if err != nil {
			return nil, &Failure{Kind: "register-connect", Err: fmt.Errorf("connect to the registrar over %s: %w", acc.Transport, err)}
		}
		return l, nil
	}
	return nil, fail("profile-transport", "the profile names SIP transport %q", acc.Transport)
}

// target turns a host into an address, refusing anything but this machine
// (LocalAddr) unless AllowRemote; other names are looked up only with
// AllowRemote.
func (f *Fleet) target(host string) (net.IP, error) {
	if ip, ok := LocalAddr(host); ok {
		return ip, nil
	}
	if !f.opt.AllowRemote {
		return nil, fail("target-not-loopback", "%s", notLocal(host))
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip, nil
	}
	a, err := net.ResolveUDPAddr("udp", net.JoinHostPort(host, strconv.Itoa(0)))
	if err != nil {
		return nil, fail("target-unresolvable", "look up %q: %v", host, err)
	}
	return a.IP, nil
}
