package sim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Phone is one device to simulate: its catalogue model, MAC and the
// provisioning URL of the device (file form, as the API shows it).
type Phone struct {
	DeviceID        string
	Model           switchboard.Model
	MAC             string
	ProvisioningURL string
	// Factory, when set, starts the phone factory-fresh: it finds its
	// provisioning URL itself (which must then be ProvisioningURL, when
	// that is given).
	Factory *Factory
}

// State is where a simulated phone is in its life.
type State string

// Phone states.
const (
	StateBooting   State = "booting"
	StateOnline    State = "online"
	StateFailed    State = "failed"
	StateStopped   State = "stopped"
	StateSyncing   State = "syncing"
	StateRebooting State = "rebooting"
)

// PhoneStatus is what a test or the demo can see of one phone.
type PhoneStatus struct {
	State State
	// Account is the SIP user the phone registered (from its profile).
	Account string
	// Fetches and Registers count completed profile fetches and successful
	// REGISTERs (refreshes included); Notifies counts check-syncs obeyed.
	Fetches, Registers, Notifies int
	// LastError is the last failure, empty when none.
	LastError string
	// DisplayName is that of the first line in the last profile read: the
	// workplace's user on a linked or logged-in phone.
	DisplayName string
	// Version is the firmware the phone runs; Installs counts the images
	// it downloaded (installed or, for a phone that fails, not).
	Version  string
	Installs int
}

// phone is the running simulation of one Phone.
type phone struct {
	spec   Phone
	fl     *Fleet
	g      *group
	httpUA string
	sipUA  string
	urls   []string
	// others are the files the firmware asks for at boot besides its own.
	others []string

	mu      sync.Mutex // one task at a time
	files   map[string]switchboard.File
	etags   map[string]string
	acc     switchboard.LineAccount
	link    link
	callID  string
	fromTag string
	cseq    int
	contact string
	auth    *digest.Challenge
	nc      int
	refresh *time.Timer
	online  bool
	settled bool
	// tried is the firmware URL last installed (or failed); the phone
	// downloads again only when its profile names another.
	tried string

	st PhoneStatus
}

// boot is what a phone does after power-on: fetch the profile, read it,
// register. A failure is recorded and, while the fleet keeps running,
// retried later as the firmware would.
func (p *phone) boot(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.State = StateBooting
	if err := p.fetch(ctx, true); err != nil {
		p.failed(ctx, err)
		return
	}
	if err := p.register(ctx, true); err != nil {
		p.failed(ctx, err)
	}
}

// fetch downloads and reads the profile. A phone after power-on has no
// cached files; a resync asks with If-None-Match.
func (p *phone) fetch(ctx context.Context, fresh bool) error {
	if fresh {
		p.files, p.etags = map[string]switchboard.File{}, map[string]string{}
	}
	for _, u := range slices.Concat(p.others, p.urls) {
		if err := p.fl.checkURL(u); err != nil {
			return err
		}
	}
	c := newHTTPClient(p.fl.opt.TLS, p.fl.opt.FetchTimeout)
	defer c.CloseIdleConnections()
	start := time.Now()
	if p.urls == nil {
		if err := p.follow(ctx, c); err != nil {
			return err
		}
	}
	if fresh {
		if err := askOthers(ctx, c, p.others, p.httpUA); err != nil {
			return err
		}
	}
	files, err := fetchFiles(ctx, c, p.urls, p.httpUA, p.files, p.etags)
	if err != nil {
		return err
	}
	acc, parsed, err := readAccount(p.spec.Model, files)
	if err != nil {
		return err
	}
	if p.upgrade(ctx, c, parsed) {
		p.restart(ctx)
	}
	p.fl.stats.fetched(time.Since(start))
	p.st.Fetches++
	p.st.DisplayName = acc.DisplayName
	if acc != p.acc {
		if p.online {
			p.setOnline(false)
		}
		p.acc, p.auth = acc, nil
		p.dropLink()
	}
	return nil
}

// follow runs a factory-fresh phone's start and takes the provisioning
// URL it finds as its own, as the phone stores it.
func (p *phone) follow(ctx context.Context, c *http.Client) error {
	u, err := p.discover(ctx, c)
	if err != nil {
		return err
	}
	urls, err := ProfileURLs(p.spec.Model, p.spec.MAC, u)
	if err != nil {
		return fail("bootstrap-url", "%v", err)
	}
	p.urls, p.others = urls.Files, urls.Others
	for _, u := range slices.Concat(p.others, p.urls) {
		if err := p.fl.checkURL(u); err != nil {
			return err
		}
	}
	return nil
}

// register sends REGISTER and answers the digest challenge, then plans the
// refresh before the binding expires.
func (p *phone) register(ctx context.Context, measure bool) error {
	if p.link == nil {
		l, err := p.fl.connect(ctx, p, p.acc)
		if err != nil {
			return err
		}
		p.link = l
		p.callID, p.fromTag = token()+"@"+p.spec.MAC, token()
		p.contact = "sip:" + p.acc.Username + "@" + l.local() + ";transport=" + strings.ToLower(l.transport())
		if l.transport() == "UDP" {
			p.g.attach(p.acc.Username, p)
		}
	}
	start := time.Now()
	granted, err := p.transact(ctx, p.fl.opt.Expires)
	if err != nil {
		return err
	}
	if measure {
		p.fl.stats.registered(time.Since(start))
	}
	p.st.Registers++
	p.st.Account = p.acc.Username
	p.st.State = StateOnline
	p.st.LastError = ""
	p.setOnline(true)
	p.planRefresh(ctx, granted)
	return nil
}

// transact runs one REGISTER with the given expiry to its final answer,
// answering challenges until the credentials it sent are refused, and
// returns the granted expiry.
func (p *phone) transact(ctx context.Context, expires time.Duration) (time.Duration, error) {
	tctx, cancel := context.WithTimeout(ctx, p.fl.opt.RegisterTimeout)
	defer cancel()
	// refused is the realm whose credentials were just sent: a new
	// challenge for the same realm (not stale) means the password was
	// refused; one for another realm is answered, as firmware does.
	refused := ""
	for range 4 {
		res, err := p.send(tctx, expires)
		if err != nil {
			if ctx.Err() != nil {
				return 0, &Failure{Kind: "stopped", Err: err}
			}
			return 0, &Failure{Kind: "register-timeout", Err: fmt.Errorf("no final answer to REGISTER from %s: %w", p.acc.Registrar, err)}
		}
		switch {
		case res.StatusCode >= 200 && res.StatusCode < 300:
			if expires == 0 {
				return 0, nil
			}
			if d, ok := contactExpires(res, p.contact); ok {
				return d, nil
			}
			return expires, nil
		case res.StatusCode == 401 || res.StatusCode == 407:
			ch, err := pickChallenge(res)
			if err != nil {
				return 0, &Failure{Kind: "register-bad-challenge", Err: err}
			}
			if p.auth != nil && !ch.Stale && ch.Realm == refused {
				return 0, fail("register-401", "REGISTER of %s was refused: the password from the profile is not accepted in realm %q", p.acc.Username, ch.Realm)
			}
			p.auth, p.nc = ch, 0
			refused = ch.Realm
		case res.StatusCode == 423:
			h := res.GetHeader("Min-Expires")
			n, err := strconv.Atoi(strings.TrimSpace(headerValue(h)))
			if err != nil || n <= 0 || time.Duration(n)*time.Second <= expires {
				return 0, fail("register-423", "the registrar refused the expiry without a usable Min-Expires")
			}
			expires = time.Duration(n) * time.Second
		default:
			return 0, fail(fmt.Sprintf("register-%d", res.StatusCode), "REGISTER of %s answered %d %s", p.acc.Username, res.StatusCode, res.Reason)
		}
	}
	return 0, fail("register-401", "REGISTER of %s was challenged again and again", p.acc.Username)
}

// send writes one REGISTER (with credentials when a challenge is known,
// reusing its nonce with the next nonce count, as phones do).
func (p *phone) send(ctx context.Context, expires time.Duration) (*sip.Response, error) {
	p.cseq++
	branch := sip.GenerateBranch()
	domain := p.acc.Registrar
	uri := "sip:" + domain
	var b strings.Builder
	fmt.Fprintf(&b, "REGISTER %s SIP/2.0\r\n", uri)
	fmt.Fprintf(&b, "Via: SIP/2.0/%s %s;branch=%s;rport\r\n", p.link.transport(), p.link.local(), branch)
	b.WriteString("Max-Forwards: 70\r\n")
	fmt.Fprintf(&b, "From: <sip:%s@%s>;tag=%s\r\n", p.acc.Username, domain, p.fromTag)
	fmt.Fprintf(&b, "To: <sip:%s@%s>\r\n", p.acc.Username, domain)
	fmt.Fprintf(&b, "Call-ID: %s\r\n", p.callID)
	fmt.Fprintf(&b, "CSeq: %d REGISTER\r\n", p.cseq)
	fmt.Fprintf(&b, "Contact: <%s>\r\n", p.contact)
	fmt.Fprintf(&b, "Expires: %d\r\n", int(expires/time.Second))
	fmt.Fprintf(&b, "User-Agent: %s\r\n", p.sipUA)
	b.WriteString("Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, OPTIONS\r\n")
	if p.auth != nil {
		p.nc++
		cred := digest.Credentials{Username: p.acc.AuthName, Realm: p.auth.Realm, Nonce: p.auth.Nonce, URI: uri,
			Algorithm: p.auth.Algorithm, Opaque: p.auth.Opaque}
		if p.auth.QOP != "" {
			cred.QOP, cred.NC, cred.CNonce = "auth", fmt.Sprintf("%08x", p.nc), token()
		}
		cred.Response = digest.Response(cred.Algorithm, digest.HA1(cred.Algorithm, cred.Username, cred.Realm, p.acc.Password),
			"REGISTER", uri, cred.Nonce, cred.NC, cred.CNonce, cred.QOP)
		fmt.Fprintf(&b, "Authorization: %s\r\n", cred.String())
	}
	b.WriteString("Content-Length: 0\r\n\r\n")
	return p.link.transact(ctx, []byte(b.String()), branch)
}

// pickChallenge takes the first challenge whose algorithm the phone knows,
// as most firmware reads the first one.
func pickChallenge(res *sip.Response) (*digest.Challenge, error) {
	name := "WWW-Authenticate"
	if res.StatusCode == 407 {
		name = "Proxy-Authenticate"
	}
	for _, h := range res.GetHeaders(name) {
		ch, err := digest.ParseChallenge(h.Value())
		if err == nil && digest.Supported(ch.Algorithm) {
			return ch, nil
		}
	}
	return nil, fmt.Errorf("the %d answer carries no digest challenge this phone can answer", res.StatusCode)
}

// planRefresh re-registers at about 90 % of the granted time (at least a
// few seconds before expiry), as firmware does.
func (p *phone) planRefresh(ctx context.Context, granted time.Duration) {
	if p.refresh != nil {
		p.refresh.Stop()
	}
	if granted <= 0 || !p.fl.keepRunning() {
		return
	}
	after := granted * 9 / 10
	if granted-after < 2*time.Second {
		after = granted / 2
	}
	p.refresh = time.AfterFunc(after, func() {
		p.g.enqueue(ctx, func() { p.reregister(ctx) })
	})
}

// reregister refreshes the binding; a failure takes the phone offline and
// it boots again later.
func (p *phone) reregister(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ctx.Err() != nil || !p.online {
		return
	}
	if err := p.register(ctx, false); err != nil {
		p.failed(ctx, err)
	}
}

// notified is called for a NOTIFY to this phone. The model's sync event
// (check-sync for most) makes the phone fetch its profile again; with
// reboot=true, on a model that reboots by NOTIFY, it drops its
// registration first and registers anew, as after a restart. Other events
// are ignored, as firmware does.
func (p *phone) notified(event string) {
	name, params, _ := strings.Cut(event, ";")
	name = strings.TrimSpace(name)
	m := p.spec.Model
	if !strings.EqualFold(name, m.SyncEvent) && !strings.EqualFold(name, m.RebootEvent) {
		return
	}
	reboot := m.CanReboot && strings.Contains(strings.ToLower(strings.ReplaceAll(params, " ", "")), "reboot=true")
	ctx := p.fl.ctx
	p.g.enqueue(ctx, func() { p.resync(ctx, reboot) })
}

func (p *phone) resync(ctx context.Context, reboot bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.Notifies++
	p.fl.stats.notifies.Add(1)
	if reboot {
		p.restart(ctx)
	} else {
		p.st.State = StateSyncing
	}
	if err := p.fetch(ctx, reboot); err != nil {
		p.failed(ctx, err)
		return
	}
	if reboot || !p.online {
		if err := p.register(ctx, false); err != nil {
			p.failed(ctx, err)
		}
		return
	}
	p.st.State = StateOnline
}

// dropLink closes the phone's connection (a stream) and forgets its
// registration dialog, so the next REGISTER starts afresh.
func (p *phone) dropLink() {
	if p.link != nil {
		p.link.close()
		p.link = nil
	}
	p.callID, p.fromTag = "", ""
}

// failed records a failure; while the fleet keeps running the phone boots
// again after a pause, as firmware retries.
func (p *phone) failed(ctx context.Context, err error) {
	f, ok := err.(*Failure)
	if !ok {
		f = &Failure{Kind: "other", Err: err}
	}
	if f.Kind == "stopped" || ctx.Err() != nil {
		p.st.State = StateStopped
		return
	}
	if f.RetryAfter > 0 {
		// Told to come back later: boot again then, whether or not the
		// fleet keeps running, as the first boot is not over.
		p.fl.stats.busy.Add(1)
		p.setOnline(false)
		p.dropLink()
		p.st.State = StateBooting
		time.AfterFunc(f.RetryAfter, func() { p.g.enqueue(ctx, func() { p.boot(ctx) }) })
		return
	}
	p.setOnline(false)
	p.dropLink()
	p.st.State = StateFailed
	p.st.LastError = f.Error()
	p.fl.stats.fail(f.Kind, f.Err)
	if p.fl.keepRunning() {
		time.AfterFunc(p.fl.opt.RetryAfter, func() { p.g.enqueue(ctx, func() { p.boot(ctx) }) })
	}
	p.settle()
}

// settle tells the fleet, once, that the phone's first boot is over.
func (p *phone) settle() {
	if !p.settled {
		p.settled = true
		p.fl.settled()
	}
}

func (p *phone) setOnline(on bool) {
	if p.online == on {
		return
	}
	p.online = on
	if on {
		p.fl.stats.online.Add(1)
		p.settle()
		p.fl.checkAllOnline()
	} else {
		p.fl.stats.online.Add(-1)
	}
}

func (p *phone) status() PhoneStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st
}

func headerValue(h sip.Header) string {
	if h == nil {
		return ""
	}
	return h.Value()
}

// token returns 64 random bits in hex for Call-IDs, tags and cnonces.
func token() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
