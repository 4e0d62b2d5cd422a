package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// versionCommand prints the version and commit the binary was built from,
// as the Go toolchain recorded them, so a bug report names the build.
func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use: "version", Short: "Print the version and commit of this build", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info, ok := debug.ReadBuildInfo()
			if !ok {
				info = &debug.BuildInfo{}
			}
			fmt.Fprintln(cmd.OutOrStdout(), versionLine(info))
			return nil
		},
	}
}

// versionLine is "switchboard VERSION (commit REV, TIME[, modified])"; a
// build without VCS data (go build -buildvcs=false) says commit unknown.
func versionLine(info *debug.BuildInfo) string {
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	rev := vcs["vcs.revision"]
	if rev == "" {
		return "switchboard " + version + " (commit unknown)"
	}
	parts := []string{"commit " + rev[:min(12, len(rev))]}
	if t := vcs["vcs.time"]; t != "" {
		parts = append(parts, t)
	}
	if vcs["vcs.modified"] == "true" {
		parts = append(parts, "modified")
	}
	return "switchboard " + version + " (" + strings.Join(parts, ", ") + ")"
}

// manCommand writes a man page for every command into a directory.
func manCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use: "man DIR", Short: "Write the man pages of every command into DIR", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			header := &doc.GenManHeader{Title: "SWITCHBOARD", Section: "1", Source: "Switchboard"}
			if err := doc.GenManTree(root, header, args[0]); err != nil {
				return fmt.Errorf("write man pages: %w", err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), "man pages written to", args[0])
			return nil
		},
	}
}
