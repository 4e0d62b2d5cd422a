package provision_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// TestFetchedFilesAreRecorded fetches two phones' files with room for one
// rendering: the flush keeps the content still in memory, the hash alone
// of the one dropped, and both compare as unchanged with what they would
// get now.
func TestFetchedFilesAreRecorded(t *testing.T) {
	e := newEnv(t, 20, func(o *provision.Options) { o.MaxRendered = 1 })
	var ds []*app.DeviceView
	for i := range 2 {
		ds = append(ds, e.device("yealink-t54w", fmt.Sprintf("00156502%04x", i), false))
	}
	fetchAll(e, ds)
	ctx := context.Background()
	if err := e.srv.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		var fs []*switchboard.FetchedFile
		e.must(e.store.View(ctx, func(tx switchboard.Tx) error {
			var err error
			fs, err = tx.FetchedFiles(d.ID)
			return err
		}))
		if len(fs) != 1 || fs[0].Name != d.MAC+".cfg" || len(fs[0].Hash) != 16 {
			t.Fatalf("device %d: fetched files %+v, want its %s.cfg", i, fs, d.MAC)
		}
		if kept := len(fs[0].Body) > 0; kept != (i == 1) {
			t.Errorf("device %d: content kept %v; want it kept only for the rendering still in memory", i, kept)
		}
		diff, err := e.svc.ProfileDiff(ctx, switchboard.System, d.ID)
		e.must(err)
		for _, f := range diff.Files {
			if f.Name == d.MAC+".cfg" && (f.State != app.FileUnchanged || f.Diff != "") {
				t.Errorf("device %d: %s is %s right after its fetch: %s", i, f.Name, f.State, f.Diff)
			}
		}
	}
}

// batchingSource notes which bookkeeping batch each device's files were in.
type batchingSource struct {
	provision.Source
	batches [][]*switchboard.FetchedFile
}

func (s *batchingSource) RecordFetchedFiles(ctx context.Context, fs []*switchboard.FetchedFile) error {
	s.batches = append(s.batches, slices.Clone(fs))
	return s.Source.RecordFetchedFiles(ctx, fs)
}

// TestFetchedFilesOfAPhoneStayTogether: 70 phones fetch their common and
// MAC files (140 files, more than one batch holds): each phone's files
// are recorded in one batch, so its settings history gets one version
// built once, and every phone has that one version afterwards.
func TestFetchedFilesOfAPhoneStayTogether(t *testing.T) {
	var src *batchingSource
	e := newEnv(t, 20, func(o *provision.Options) {
		src = &batchingSource{Source: o.Source}
		o.Source = src
	})
	ds := bootT54Ws(e, 70, "00156503")
	ctx := context.Background()
	e.must(e.srv.Flush(ctx))
	if len(src.batches) < 2 {
		t.Fatalf("%d batches; the test needs the files to take more than one", len(src.batches))
	}
	batchOf := map[string]int{}
	files := 0
	for i, b := range src.batches {
		for _, f := range b {
			files++
			if j, ok := batchOf[f.DeviceID]; ok && j != i {
				t.Errorf("device %s has files in batches %d and %d", f.DeviceID, j, i)
			}
			batchOf[f.DeviceID] = i
		}
	}
	if files != 2*len(ds) {
		t.Errorf("%d files recorded, want %d", files, 2*len(ds))
	}
	for _, d := range ds {
		h, err := e.svc.DeviceHistory(ctx, switchboard.System, d.ID)
		e.must(err)
		if len(h.Versions) != 1 {
			t.Errorf("device %s has %d versions after its first boot, want 1", d.ID, len(h.Versions))
		}
	}
}

// countingSource counts the store's profile lookups.
type countingSource struct {
	provision.Source
	lookups atomic.Int32
}

func (s *countingSource) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	s.lookups.Add(1)
	return s.Source.ProvisioningByKey(ctx, key)
}

// TestCachedDevicesAreBounded: with room for three devices, six phones
// fetching their common and MAC files cost one lookup each (the second
// file comes from the cache); fetching again, at least the three that
// no longer fit are looked up anew.
func TestCachedDevicesAreBounded(t *testing.T) {
	var src *countingSource
	e := newEnv(t, 20, func(o *provision.Options) {
		src = &countingSource{Source: o.Source}
		o.Source, o.MaxCached = src, 3
	})
	ds := bootT54Ws(e, 6, "00156505")
	if n := src.lookups.Load(); n != 6 {
		t.Fatalf("%d lookups for six phones' two files each, want 6", n)
	}
	fetchAll(e, ds)
	if n := src.lookups.Load() - 6; n < 3 {
		t.Errorf("%d lookups fetching the six again with room for three, want at least 3", n)
	}
}

// bootT54Ws adds n Yealink T54W phones with MACs from prefix and fetches
// each one's common and MAC files as the phone does when it boots.
func bootT54Ws(e *env, n int, prefix string) []*app.DeviceView {
	var ds []*app.DeviceView
	for i := range n {
		d := e.device("yealink-t54w", fmt.Sprintf("%s%04x", prefix, i), false)
		ds = append(ds, d)
		for _, name := range []string{"y000000000096.cfg", d.MAC + ".cfg"} {
			if r := e.get("/"+key(d)+"/"+name, yealinkUA, ""); r.status != 200 {
				e.t.Fatalf("fetch of %s: %d %s", name, r.status, r.body)
			}
		}
	}
	return ds
}
