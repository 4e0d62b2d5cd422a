package main

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// callControl is what the CTI interface acts on calls through, and the
// worker serving the other nodes' call requests. On PostgreSQL (several
// nodes may share it) it is a relay reaching the calls of every node,
// whose Run carries out what other nodes ask of this one; on SQLite (one
// node) the node's own B2BUA, with nothing to run.
func callControl(pool *pgxpool.Pool, store switchboard.Store, changes switchboard.Bus, node string,
	local switchboard.CallControl, router switchboard.CallRouter, log *slog.Logger) (switchboard.CallControl, func(context.Context) error) {
	if pool == nil {
		return local, func(context.Context) error { return nil }
	}
	r := app.NewCallRelay(app.CallRelayOptions{Store: store, Bus: changes, Node: node, Local: local, Router: router, Logger: log})
	return r, r.Run
}
