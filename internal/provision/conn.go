package provision

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The Server answers the connections of its listener itself (Serve):
// it runs the TLS handshake, reads the requests with http.ReadRequest and
// answers them through the same checks as ServeHTTP. This saves
// net/http's per-connection and per-request work (a background read
// goroutine and a handshake watcher per connection, read and write
// deadlines set and reset, header snapshots), which costs more than the
// answer itself, so a boot storm is served at close to the speed of a
// static file server, over new connections and kept-alive ones alike.
//
// The handshake and the first request are read within the header timeout
// from the connection's start, each following request within the header
// timeout from its first byte, and the wait for a next request is bounded
// by the idle timeout (Options): a client that sends half a request, or
// trickles one, holds the connection for seconds, not minutes.
const (
	// maxRequestBytes bounds one request's line and headers; beyond it
	// the connection gets 431 and is closed.
	maxRequestBytes = 16 << 10
	// maxDeadlineSlack is how far the connection deadline may be from
	// the one wanted before it is set again (a tenth of the header
	// timeout when that is shorter); setting it for every pipelined
	// request would cost a timer operation each time.
	maxDeadlineSlack = time.Second
)

// deadline is a connection's deadline, for reads and writes alike.
type deadline struct {
	nc    net.Conn
	at    time.Time
	slack time.Duration
}

// set moves the deadline to want unless it is within the slack of it.
func (d *deadline) set(want time.Time) {
	if diff := d.at.Sub(want); diff > d.slack || diff < -d.slack {
		_ = d.nc.SetDeadline(want)
		d.at = want
	}
}

// conns tracks the open connections, and whether each waits for a request
// (idle) or is being answered, so that a shutdown lets the answers under way
// finish while it ends the waiting connections at once. A connection marks
// itself busy and idle on its own state, without the set's lock, as it does
// twice for every request.
type conns struct {
	mu       sync.Mutex
	open     map[net.Conn]*connState
	closed   bool
	draining atomic.Bool
}

// connState is one connection's part of conns.
type connState struct {
	idle atomic.Bool
	set  *conns
}

// add tracks a new connection, idle until its first request is read; nil
// when the server no longer takes connections.
func (c *conns) add(n net.Conn) *connState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.draining.Load() {
		return nil
	}
	if c.open == nil {
		c.open = map[net.Conn]*connState{}
	}
	st := &connState{set: c}
	st.idle.Store(true)
	c.open[n] = st
	return st
}

func (c *conns) remove(n net.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.open, n)
}

// busy marks the connection as being answered.
func (st *connState) busy() { st.idle.Store(false) }

// ready marks the connection as waiting for its next request; false means
// the server is shutting down and the connection is to end.
func (st *connState) ready() bool {
	st.idle.Store(true)
	return !st.set.draining.Load()
}

// drain refuses new connections, closes the idle ones and waits up to
// grace for the others to finish their answers; then it closes them all.
func (c *conns) drain(grace time.Duration) {
	c.mu.Lock()
	c.draining.Store(true)
	for n, st := range c.open {
		if st.idle.Load() {
			_ = n.Close()
		}
	}
	c.mu.Unlock()
	deadline := time.Now().Add(grace)
	for c.count() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c.closeAll()
}

func (c *conns) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.open)
}

// closeAll closes every open connection and refuses new ones.
func (c *conns) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for n := range c.open {
		_ = n.Close()
	}
}

// persistent reports whether the request keeps its connection open and
// carries no body, so that the next request can be read after it; any
// other request is answered and its connection closed.
func persistent(r *http.Request) bool {
	return r.ProtoAtLeast(1, 1) && !r.Close && r.ContentLength == 0 && len(r.TransferEncoding) == 0 &&
		r.Header.Get("Expect") == ""
}

// limitedReader counts the bytes of the request being read.
type limitedReader struct {
	r io.Reader
	n int
}

var errTooLarge = errors.New("request too large")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if len(p) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= n
	return n, err
}

// serveConn answers requests on a connection until the client closes it,
// goes idle, is too slow to send a request, sends something that is not a
// bodiless HTTP/1.1 request, or the Server closes. The first request is
// read under the deadline dl was given when the connection was accepted.
// peer, the TLS state of a connection that presented a client certificate
// (nil otherwise), becomes each request's TLS.
func (s *Server) serveConn(nc net.Conn, st *connState, dl *deadline, peer *tls.ConnectionState) {
	b := bufsPool.Get().(*connBufs)
	defer b.release()
	b.lim = limitedReader{r: nc, n: maxRequestBytes}
	b.br.Reset(&b.lim)
	b.bw.Reset(nc)
	br, bw, w := b.br, b.bw, &b.w
	remote := nc.RemoteAddr().String()
	for {
		r, err := http.ReadRequest(br)
		switch {
		case err == nil:
		case errors.Is(err, errTooLarge):
			writeStatus(bw, http.StatusRequestHeaderFieldsTooLarge)
			return
		case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isTimeout(err):
			return
		default:
			writeStatus(bw, http.StatusBadRequest)
			return
		}
		st.busy()
		r.RemoteAddr, r.TLS = remote, peer
		w.reset(r)
		s.serve(w, r)
		keep := persistent(r) && w.header.Get("Connection") != "close"
		w.flush(bw, !keep)
		if bw.Flush() != nil || !keep || !st.ready() {
			return
		}
		b.lim.n = maxRequestBytes
		if br.Buffered() == 0 {
			dl.set(time.Now().Add(s.idleTimeout))
			if _, err := br.Peek(1); err != nil {
				return
			}
		}
		dl.set(time.Now().Add(s.headerTimeout))
	}
}

// connBufs are the buffers of one connection, pooled: a boot storm opens
// a connection per phone, and fresh buffers for each cost allocations and
// garbage collection.
type connBufs struct {
	lim limitedReader
	br  *bufio.Reader
	bw  *bufio.Writer
	w   connWriter
}

// maxPooledBody is the largest answer buffer kept for the next
// connection; a larger one goes to the garbage collector.
const maxPooledBody = 64 << 10

var bufsPool = sync.Pool{New: func() any {
	return &connBufs{br: bufio.NewReaderSize(nil, 4096), bw: bufio.NewWriterSize(nil, 8192), w: connWriter{header: http.Header{}}}
}}

// release returns the buffers to the pool without the connection.
func (b *connBufs) release() {
	b.lim.r = nil
	b.br.Reset(nil)
	b.bw.Reset(nil)
	if b.w.body.Cap() > maxPooledBody {
		return
	}
	b.w.reset(nil)
	bufsPool.Put(b)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// writeStatus answers a request that could not be read and ends the
// connection, as net/http does.
func writeStatus(bw *bufio.Writer, status int) {
	text := http.StatusText(status)
	_, _ = bw.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + text +
		"\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: " +
		strconv.Itoa(len(text)+1) + "\r\n\r\n" + text + "\n")
	_ = bw.Flush()
}

// connWriter is the ResponseWriter of a connection the Server serves: it
// collects the answer and writes it in one piece.
type connWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	head   bool
}

// reset readies w for the answer to r; nil r for none.
func (w *connWriter) reset(r *http.Request) {
	clear(w.header)
	w.status = 0
	w.body.Reset()
	w.head = r != nil && r.Method == http.MethodHead
}

// Header implements http.ResponseWriter.
func (w *connWriter) Header() http.Header { return w.header }

// WriteHeader implements http.ResponseWriter.
func (w *connWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// Write implements http.ResponseWriter.
func (w *connWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.head {
		return len(p), nil
	}
	return w.body.Write(p)
}

// flush writes status line, headers and body to bw.
func (w *connWriter) flush(bw *bufio.Writer, closing bool) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_, _ = bw.WriteString("HTTP/1.1 ")
	_, _ = bw.WriteString(strconv.Itoa(w.status))
	_ = bw.WriteByte(' ')
	_, _ = bw.WriteString(http.StatusText(w.status))
	_, _ = bw.WriteString("\r\nDate: ")
	_, _ = bw.WriteString(httpDate())
	_, _ = bw.WriteString("\r\n")
	// The length always matches the body sent, whatever the handler
	// announced; only an answer to HEAD keeps the length of the GET.
	bodyAllowed := w.status != http.StatusNotModified && w.status >= 200
	if bodyAllowed && (!w.head || w.header.Get("Content-Length") == "") {
		w.header["Content-Length"] = []string{strconv.Itoa(w.body.Len())}
	}
	if closing {
		w.header["Connection"] = []string{"close"}
	}
	_ = w.header.Write(bw)
	_, _ = bw.WriteString("\r\n")
	if bodyAllowed {
		_, _ = bw.Write(w.body.Bytes())
	}
}

// dateCache holds the Date header value, renewed once a second.
var dateCache struct {
	mu   sync.Mutex
	sec  int64
	text string
}

// httpDate is the current time in the HTTP date format.
func httpDate() string {
	now := time.Now()
	dateCache.mu.Lock()
	defer dateCache.mu.Unlock()
	if s := now.Unix(); s != dateCache.sec {
		dateCache.sec, dateCache.text = s, now.UTC().Format(http.TimeFormat)
	}
	return dateCache.text
}
