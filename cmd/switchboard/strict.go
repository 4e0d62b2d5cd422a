package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// strict makes every command group under root refuse what it does not
// know: cobra checks unknown subcommands only at the root and prints help
// with success for "device frobnicate", which hides typos from scripts.
// Missing arguments name the usage line.
func strict(root *cobra.Command) {
	for _, c := range root.Commands() {
		strictCommand(c)
	}
}

func strictCommand(c *cobra.Command) {
	for _, sub := range c.Commands() {
		strictCommand(sub)
	}
	if c.HasSubCommands() && !c.Runnable() {
		c.SuggestionsMinimumDistance = 2
		c.Args = unknownSubcommand
		c.RunE = func(cmd *cobra.Command, _ []string) error {
			return fmt.Errorf("give a subcommand of %q: %s", cmd.CommandPath(), strings.Join(subcommandNames(cmd), ", "))
		}
		return
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return fmt.Errorf("%v; usage: %s", err, cmd.UseLine())
			}
			return nil
		}
	}
}

// unknownSubcommand refuses any argument to a command group, suggesting
// the subcommands nearest to it, or all of them.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return fmt.Errorf("%s; did you mean %s?", msg, strings.Join(s, " or "))
	}
	return fmt.Errorf("%s; its commands are %s", msg, strings.Join(subcommandNames(cmd), ", "))
}

func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, s := range cmd.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	return names
}
