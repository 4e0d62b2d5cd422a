package provision_test

import (
	"context"
	"fmt"
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
