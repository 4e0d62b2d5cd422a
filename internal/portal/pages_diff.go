package portal

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// diffActions are the device actions whose confirmation shows what will
// change on the phone: those that make it fetch its profile.
var diffActions = map[string]bool{"sync": true, "reset": true, "reconfigure": true}

// profileDiff is the use case's "what will change on the phone", secrets
// masked as it masks them; nil, without an error, for a device that
// fetches no profile or when this process renders none, where the pages
// simply leave the section out.
func (h *handler) profileDiff(rq *request, id string) (*app.ProfileDiff, error) {
	d, err := h.svc.ProfileDiff(rq.r.Context(), rq.principal(), id)
	switch switchboard.ErrorCode(err) {
	case switchboard.ECONFLICT, switchboard.EUNAVAILABLE:
		return nil, nil
	}
	return d, err
}
