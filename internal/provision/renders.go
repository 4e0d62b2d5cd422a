package provision

import "sync"

// renders bounds the memory the rendered files of cached devices take.
// A device's provisioning data stays cached (about a kilobyte), but its
// rendered files (a Yealink profile with every key position is tens of
// kilobytes) are kept only while the budget allows: a phone asks for its
// files within seconds at boot and then not for hours, so the files of
// the devices rendered last are what is worth keeping. The oldest
// rendering is dropped first and rendered again if asked for.
type renders struct {
	mu    sync.Mutex
	max   int
	used  int
	queue []rendering
	head  int
}

// rendering is one variant held in the budget.
type rendering struct {
	e    *entry
	i    int
	v    *variant
	size int
}

func newRenders(maxBytes int) *renders { return &renders{max: maxBytes} }

// add counts a variant just rendered and drops the oldest ones while the
// budget is exceeded (never the one just added). The entries' locks are
// taken after the budget's, one at a time, so a rendering entry waiting
// for the budget cannot deadlock with it.
func (r *renders) add(e *entry, i int, v *variant) {
	size := v.size()
	r.mu.Lock()
	r.queue = append(r.queue, rendering{e: e, i: i, v: v, size: size})
	r.used += size
	var victims []rendering
	for r.used > r.max && len(r.queue)-r.head > 1 {
		victims = append(victims, r.queue[r.head])
		r.used -= r.queue[r.head].size
		r.queue[r.head] = rendering{}
		r.head++
	}
	if r.head > len(r.queue)/2 {
		r.queue = append(r.queue[:0], r.queue[r.head:]...)
		r.head = 0
	}
	r.mu.Unlock()
	for _, v := range victims {
		v.e.evict(v.i, v.v)
	}
}

// bytes is the size of the files held now.
func (r *renders) bytes() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.used
}

// size is what the variant's files take, bodies (with any room to grow)
// and entity tags.
func (v *variant) size() int {
	n := 0
	for _, f := range v.files {
		n += cap(f.Body) + len(f.Name) + len(f.etag) + len(f.ContentType)
	}
	return n
}
