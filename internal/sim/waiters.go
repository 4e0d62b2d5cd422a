package sim

import (
	"sync"

	"github.com/emiago/sipgo/sip"
)

// waiters route answers to the client transactions waiting for them, by
// the branch of their Via: a link's one reader delivers, each transaction
// waits on its own channel. The zero value is ready to use.
type waiters struct {
	mu sync.Mutex
	by map[string]chan *sip.Response
}

// wait registers a transaction on branch. Its answers arrive on the
// channel returned until done is called.
func (w *waiters) wait(branch string) (answers <-chan *sip.Response, done func()) {
	ch := make(chan *sip.Response, 4)
	w.mu.Lock()
	if w.by == nil {
		w.by = map[string]chan *sip.Response{}
	}
	w.by[branch] = ch
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		delete(w.by, branch)
		w.mu.Unlock()
	}
}

// deliver hands res to the transaction its Via names. An answer no
// transaction waits for, or one that finds the channel full, is dropped:
// the transaction's retransmission brings another.
func (w *waiters) deliver(res *sip.Response) {
	via := res.Via()
	if via == nil {
		return
	}
	branch, _ := via.Params.Get("branch")
	w.mu.Lock()
	ch := w.by[branch]
	w.mu.Unlock()
	if ch != nil {
		select {
		case ch <- res:
		default:
		}
	}
}
