package sip

import (
	"sync"

	"github.com/emiago/sipgo/sip"
)

// clientTxs matches responses to the requests we sent (NOTIFY) by the
// branch of their top Via. It is the whole client transaction layer we
// need: a handful of NOTIFYs, never the REGISTER path.
type clientTxs struct {
	mu      sync.Mutex
	pending map[string]chan *sip.Response
}

func newClientTxs() *clientTxs {
	return &clientTxs{pending: make(map[string]chan *sip.Response)}
}

func (c *clientTxs) add(branch string) chan *sip.Response {
	ch := make(chan *sip.Response, 8)
	c.mu.Lock()
	c.pending[branch] = ch
	c.mu.Unlock()
	return ch
}

func (c *clientTxs) remove(branch string) {
	c.mu.Lock()
	delete(c.pending, branch)
	c.mu.Unlock()
}

// deliver hands a response to its transaction; strays are dropped.
func (c *clientTxs) deliver(res *sip.Response) {
	via := res.Via()
	if via == nil {
		return
	}
	branch, _ := via.Params.Get("branch")
	c.mu.Lock()
	ch := c.pending[branch]
	c.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case ch <- res:
	default:
	}
}
