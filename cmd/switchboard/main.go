// Command switchboard is the whole product in one binary: the server
// (serve), its demo and simulator, and the command-line client of its API.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "switchboard:", message(err))
		os.Exit(1)
	}
}

// message prints application errors without their code prefix.
func message(err error) string {
	var e *switchboard.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:           "switchboard",
		Short:         "Endpoint management for hosted PBXs: provisioning, registration and status of phones",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			g.noteTokenSource(cmd, false)
			err := bindEnv(cmd)
			g.noteTokenSource(cmd, true)
			return err
		},
	}
	g.register(root.PersistentFlags())
	root.AddCommand(serveCommand(g), tokenCommand(g), keyCommand(g), operatorCommand(g))
	root.AddCommand(simCommand(g), demoCommand(g), benchCommand(g))
	root.AddCommand(clientCommands(g)...)
	root.AddCommand(versionCommand(), manCommand(root))
	strict(root)
	return root
}

// newLogger logs text to a terminal and JSON otherwise, so that both a
// person and a log collector read what suits them.
func newLogger(w *os.File, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(io.Writer(w), opts))
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
