package provision_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// slowSource answers lookups after a pause, so that an answer is under
// way when the server is asked to stop.
type slowSource struct {
	provision.Source
	pause time.Duration
}

func (s slowSource) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	time.Sleep(s.pause)
	return s.Source.ProvisioningByKey(ctx, key)
}

// TestShutdownFinishesAnswersUnderWay stops the server while one phone's
// profile is being answered and another phone's kept-alive connection
// waits: the answer arrives whole, the waiting connection ends at once,
// and Serve returns once the answer is out.
func TestShutdownFinishesAnswersUnderWay(t *testing.T) {
	const pause = 600 * time.Millisecond
	e := newEnv(t, 1000, func(o *provision.Options) { o.Source = slowSource{o.Source, pause} })
	waiting := e.device("yealink-t54w", "001565aabbc1", true)
	answered := e.device("yealink-t54w", "001565aabbc2", true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	e.must(err)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ctx, ln) }()
	dial := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", ln.Addr().String())
		e.must(err)
		t.Cleanup(func() { c.Close() })
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		return c, bufio.NewReader(c)
	}
	idle, idleBR := dial()
	_, err = io.WriteString(idle, get("/"+key(waiting)+".cfg"))
	e.must(err)
	if res, err := http.ReadResponse(idleBR, nil); err != nil || res.StatusCode != 200 {
		t.Fatalf("first phone's fetch: %v", err)
	} else {
		_, _ = io.Copy(io.Discard, res.Body)
	}

	busy, busyBR := dial()
	_, err = io.WriteString(busy, get("/"+key(answered)+".cfg"))
	e.must(err)
	time.Sleep(pause / 3)
	stopped := time.Now()
	stop()

	if _, err := idleBR.ReadByte(); !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
		t.Errorf("the waiting connection read %v, want it closed", err)
	} else if took := time.Since(stopped); took > pause/2 {
		t.Errorf("the waiting connection ended %v after the stop, want at once", took)
	}
	res, err := http.ReadResponse(busyBR, nil)
	if err != nil {
		t.Fatalf("the answer under way did not arrive: %v", err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 || int64(len(body)) != res.ContentLength || len(body) == 0 {
		t.Errorf("answer under way: %d, %d of %d bytes, %v", res.StatusCode, len(body), res.ContentLength, err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("Serve did not return after the last answer")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("the listener still accepts after the stop")
	}
}
