package sip

import (
	"context"
	"log/slog"
	"sync"

	"github.com/emiago/sipgo/sip"
)

// quietHandler lowers sipgo's transport messages to debug: a parse error
// caused by a hostile packet is not an operational error, and logging each
// at error level would let anyone flood the log.
type quietHandler struct{ slog.Handler }

func (h quietHandler) Enabled(ctx context.Context, _ slog.Level) bool {
	return h.Handler.Enabled(ctx, slog.LevelDebug)
}

func (h quietHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Level = slog.LevelDebug
	return h.Handler.Handle(ctx, r)
}

func (h quietHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return quietHandler{h.Handler.WithAttrs(as)}
}

func (h quietHandler) WithGroup(name string) slog.Handler {
	return quietHandler{h.Handler.WithGroup(name)}
}

// QuietDefaultLogger sends sipgo's process-wide default log (what sipgo
// logs outside a server's transport layer, which NewServer quiets) to log,
// errors only: sipgo logs connection bookkeeping at warning level, which a
// phone closing its connection triggers and which would let anyone fill the
// log. The default is read without a lock by running servers, so only the
// first call sets it; the process's first registrar makes it.
func QuietDefaultLogger(log *slog.Logger) {
	defaultLogOnce.Do(func() {
		sip.SetDefaultLogger(slog.New(errorsOnly{log.Handler()}).With("component", "sipgo"))
	})
}

var defaultLogOnce sync.Once

// errorsOnly passes only errors on.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h errorsOnly) WithAttrs(as []slog.Attr) slog.Handler {
	return errorsOnly{h.Handler.WithAttrs(as)}
}

func (h errorsOnly) WithGroup(name string) slog.Handler { return errorsOnly{h.Handler.WithGroup(name)} }
