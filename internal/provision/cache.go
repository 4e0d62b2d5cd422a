package provision

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// topics are the change notices a cached profile depends on.
var topics = []string{switchboard.TopicDevice, switchboard.TopicWorkplace, switchboard.TopicSite, switchboard.TopicCustomer}

// entry is one device's cached provisioning data, found by its access
// key, with its files rendered on first use for each encryption decision.
type entry struct {
	key     string
	prov    *app.DeviceProvisioning
	deps    []string
	renders *renders
	// stored is the cache generation the entry was stored in.
	stored uint64

	mu       sync.Mutex
	variants [2]*variant // [0] plain, [1] encrypted
}

// variant is the rendered files of one encryption decision.
type variant struct {
	files []renderedFile
	err   error
}

// renderedFile is a file as it is answered, with its entity tag. The
// header values are built once, so answering allocates none.
type renderedFile struct {
	switchboard.File
	etag   string
	header map[string][]string
}

// files returns the rendered files for the encryption decision, rendering
// them on first use; a new rendering counts against the budget.
func (e *entry) files(encrypt bool) ([]renderedFile, error) {
	i := variantOf(encrypt)
	v, fresh := e.variant(i, encrypt)
	if fresh {
		e.renders.add(e, i, v)
	}
	return v.files, v.err
}

// variant returns the entry's variant i, rendering it if there is none
// (fresh), under the entry's lock so that it is rendered once.
func (e *entry) variant(i int, encrypt bool) (v *variant, fresh bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if v := e.variants[i]; v != nil {
		return v, false
	}
	v = &variant{}
	fs, err := vendors.Render(e.prov.Profile(encrypt), e.prov.Model)
	if err != nil {
		v.err = err
	}
	for _, f := range fs {
		if cap(f.Body)-len(f.Body) > len(f.Body)/8 {
			// A renderer's buffer grown by doubling: keep the bytes,
			// not the room.
			f.Body = bytes.Clone(f.Body)
		}
		v.files = append(v.files, newRendered(f))
	}
	e.variants[i] = v
	return v, true
}

// newRendered wraps a file with its entity tag, a hash of its body, and
// its answer's header.
func newRendered(f switchboard.File) renderedFile {
	sum := sha256.Sum256(f.Body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	return renderedFile{File: f, etag: etag, header: map[string][]string{
		"Etag":           {etag},
		"Cache-Control":  {"private, no-cache"},
		"Content-Type":   {f.ContentType},
		"Content-Length": {strconv.Itoa(len(f.Body))},
	}}
}

// evict drops the rendered variant v if it is still the entry's; a later
// request renders it again.
func (e *entry) evict(i int, v *variant) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.variants[i] == v {
		e.variants[i] = nil
	}
}

// depKey is the index key of a change notice.
func depKey(topic, id string) string { return topic + "\x00" + id }

// cache holds entries by access key and by the records they depend on.
// gen counts invalidations: an entry built while one happened may be
// stale and is not stored.
//
// A notice for one record removes the entries that depend on it: they
// are known to be out of date. A notice that notices may have been
// missed (switchboard.All: the bus lost its connection, or a subscriber
// fell behind) only marks every entry stored so far as doubtful, by
// raising missed: get no longer returns them, but a lookup that fails
// because the database is unreachable still serves them (stale), since
// that is when the bus loses its connection and a phone is better off
// with its last profile than with a 503.
type cache struct {
	max int

	mu     sync.RWMutex
	byKey  map[string]*entry
	byDep  map[string]*depSet
	gen    uint64
	missed uint64

	models models
}

func newCache(max int) *cache {
	return &cache{max: max, byKey: map[string]*entry{}, byDep: map[string]*depSet{}}
}

// get returns the entry for key, if cached and not doubtful, and the
// generation to hand to put after building one.
func (c *cache) get(key string) (*entry, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if e := c.byKey[key]; e != nil && e.stored >= c.missed {
		return e, c.gen
	}
	return nil, c.gen
}

// stale returns the entry for key even if it is doubtful, for when the
// database cannot be asked.
func (c *cache) stale(key string) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.byKey[key]
}

// forget removes the entry for key: the database no longer knows it.
func (c *cache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.byKey[key]; e != nil {
		c.removeLocked(e)
	}
}

// put stores e unless an invalidation happened since gen was read.
func (c *cache) put(e *entry, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if old := c.byKey[e.key]; old != nil {
		c.removeLocked(old)
	}
	if len(c.byKey) >= c.max {
		for _, victim := range c.byKey {
			c.removeLocked(victim)
			break
		}
	}
	e.stored = c.gen
	c.byKey[e.key] = e
	for i, d := range e.deps {
		set := c.byDep[d]
		if set == nil {
			set = &depSet{key: d}
			c.byDep[d] = set
		}
		// Entries of one customer or site share the key's memory.
		e.deps[i] = set.key
		set.add(e)
	}
}

// drop removes every entry that depends on the object; id
// switchboard.All marks every entry doubtful.
func (c *cache) drop(topic, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if id == switchboard.All {
		c.missed = c.gen
		return
	}
	if set := c.byDep[depKey(topic, id)]; set != nil {
		for _, e := range set.entries() {
			c.removeLocked(e)
		}
	}
}

func (c *cache) removeLocked(e *entry) {
	if c.byKey[e.key] == e {
		delete(c.byKey, e.key)
	}
	for _, d := range e.deps {
		if set := c.byDep[d]; set != nil {
			set.remove(e)
			if set.empty() {
				delete(c.byDep, d)
			}
		}
	}
}

// len is the number of cached entries.
func (c *cache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byKey)
}

// newEntry wraps what the app built for a key; its rendered files count
// against r. The entry shares its model with the other devices of the
// model: the catalogue hands every lookup its own copy, which cost a
// cached device more than the rest of its data.
func (c *cache) newEntry(key string, p *app.DeviceProvisioning, r *renders) *entry {
	p.Model = c.models.share(p.Model)
	e := &entry{key: key, prov: p, renders: r, deps: make([]string, 0, len(p.Depends))}
	for _, d := range p.Depends {
		e.deps = append(e.deps, depKey(d.Topic, d.ID))
	}
	p.Depends = nil
	return e
}
