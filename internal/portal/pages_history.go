package portal

import (
	"net/http"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// historyRoutes are a device's settings history (issue 17 item 3): the
// kept versions, the difference between any two, and rolling back to one.
func (h *handler) historyRoutes(mux *http.ServeMux) {
	mux.Handle("GET /devices/{id}/history", h.private(h.historyPage))
	mux.Handle("GET /devices/{id}/history/{version}/rollback", h.private(h.rollbackPage))
	mux.Handle("POST /devices/{id}/history/{version}/rollback", h.private(h.rollback))
}

// historyData is the history page: the versions with the events that
// caused them, and the difference chosen.
type historyData struct {
	Device   *app.DeviceView
	Versions []app.HistoryEntry
	Events   map[string]*switchboard.Event
	Diff     *historyDiff
	From, To int
}

// historyDiff is a difference between two versions, each file's lines
// marked for the page.
type historyDiff struct {
	*app.HistoryDiff
	Files []fileDiff
}

// fileDiff is one file's difference as marked lines.
type fileDiff struct {
	Name, State string
	Lines       []diffLine
}

// diffLine is one line of a unified difference: Kind is "add", "del",
// "hunk" or "same".
type diffLine struct {
	Kind, Text string
}

// markDiff splits a unified difference into lines marked by their first
// character.
func markDiff(text string) []diffLine {
	var out []diffLine
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		kind := "same"
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "@@"):
			kind = "hunk"
		case l[0] == '+':
			kind = "add"
		case l[0] == '-':
			kind = "del"
		}
		out = append(out, diffLine{Kind: kind, Text: l})
	}
	return out
}

// historyPage lists the versions a device fetched and, from the second
// on, the difference between the two chosen (default: the newest and the
// one before), secrets masked by the use case.
func (h *handler) historyPage(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	d, err := h.svc.Device(ctx, p, id)
	if err != nil {
		return err
	}
	hist, err := h.svc.DeviceHistory(ctx, p, id)
	if err != nil {
		return err
	}
	data := historyData{Device: d, Versions: hist.Versions}
	var causes []app.HistoryCause
	for _, v := range hist.Versions {
		if v.Cause != nil {
			causes = append(causes, *v.Cause)
		}
	}
	if data.Events, err = h.svc.HistoryCauseEvents(ctx, p, id, causes); err != nil {
		return err
	}
	if len(hist.Versions) > 1 {
		q := rq.r.URL.Query()
		from, _ := strconv.Atoi(q.Get("from"))
		to, _ := strconv.Atoi(q.Get("to"))
		diff, err := h.svc.DeviceHistoryDiff(ctx, p, id, from, to)
		if err != nil {
			return err
		}
		data.From, data.To = diff.From, diff.To
		data.Diff = &historyDiff{HistoryDiff: diff}
		for _, f := range diff.Files {
			data.Diff.Files = append(data.Diff.Files, fileDiff{Name: f.Name, State: f.State, Lines: markDiff(f.Diff)})
		}
	}
	return rq.show("history", "history.title", data)
}

// rollbackData is the confirmation and the outcome of a rollback.
type rollbackData struct {
	Device  *app.DeviceView
	Version app.HistoryEntry
	Result  *app.RollbackResult
}

// rollbackVersion reads the route's device and version for its
// administrators: a version the history no longer keeps answers 404.
func (h *handler) rollbackVersion(rq *request) (*rollbackData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	n, err := strconv.Atoi(rq.r.PathValue("version"))
	if err != nil || n < 1 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no such version")
	}
	d, err := h.svc.Device(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v, err := h.svc.DeviceHistoryVersion(ctx, p, id, n)
	if err != nil {
		return nil, err
	}
	return &rollbackData{Device: d, Version: v.HistoryEntry}, nil
}

// rollbackPage says what the phone's user notices before the rollback.
func (h *handler) rollbackPage(rq *request) error {
	d, err := h.rollbackVersion(rq)
	if err != nil {
		return err
	}
	return rq.show("history_rollback", "history.rollback_title", d)
}

// rollback restores the version's settings through the API's use case
// and shows how the phone was told.
func (h *handler) rollback(rq *request) error {
	d, err := h.rollbackVersion(rq)
	if err != nil {
		return err
	}
	d.Result, err = h.svc.RollbackDevice(rq.r.Context(), rq.principal(), d.Device.ID, app.DeviceRollbackInput{Version: d.Version.Version})
	if err != nil {
		return err
	}
	return rq.show("history_rollback", "history.rollback_title", d)
}
