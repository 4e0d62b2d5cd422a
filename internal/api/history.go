package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// VersionPath names one version of a device's settings history.
type VersionPath struct {
	IDPath
	Version int `path:"version" minimum:"1" doc:"The version's number in the device's history."`
}

// HistoryDiffInput names the two versions to compare.
type HistoryDiffInput struct {
	IDPath
	From int `query:"from" minimum:"0" doc:"The older version; left out, the one before to."`
	To   int `query:"to" minimum:"0" doc:"The newer version; left out, the newest."`
}

// historyRoutes serves the settings history and the rollbacks (issue 17).
func (s *server) historyRoutes() {
	const tag = "history"
	onID(s, s.op("get-device-history", http.MethodGet, "/devices/{id}/history",
		"The device's settings history: the distinct profiles it fetched (the last 20), newest first, with when, the change that caused each and its size (administrators)",
		tag, 0), s.svc.DeviceHistory)
	handle(s, s.op("get-device-history-diff", http.MethodGet, "/devices/{id}/history/diff",
		"The line difference between two versions of the device's history, per file, secrets masked (administrators)", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *HistoryDiffInput) (*body[*app.HistoryDiff], error) {
			v, err := s.svc.DeviceHistoryDiff(ctx, p, in.ID, in.From, in.To)
			return &body[*app.HistoryDiff]{Body: v}, err
		})
	handle(s, s.op("get-device-history-version", http.MethodGet, "/devices/{id}/history/{version}",
		"One version of the device's history with its files, secrets masked (administrators)", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *VersionPath) (*body[*app.HistoryVersion], error) {
			v, err := s.svc.DeviceHistoryVersion(ctx, p, in.ID, in.Version)
			return &body[*app.HistoryVersion]{Body: v}, err
		})
	onIDBody(s, s.op("rollback-device", http.MethodPost, "/devices/{id}/rollback",
		"Restore the settings a version of the device's history was built from, in one audited change, and tell the phone to load its profile (administrators); credentials and links stay",
		tag, 0), s.svc.RollbackDevice)
	onIDBody(s, s.op("rollback-site", http.MethodPost, "/sites/{id}/rollback",
		"Return a site and each of its devices to their settings at a time, in one audited change, and tell the phones (administrators)",
		tag, 0), s.svc.RollbackSite)
}
