package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// numberLimitCommand sets a number's TopStop (seed 004); customer is the
// number command's --customer.
func numberLimitCommand(g *globals, customer *string) *cobra.Command {
	var limit int64
	c := &cobra.Command{
		Use: "limit +49...", Short: "Set the number's charge limit (TopStop) in cents; 0 removes it", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := g.customer(cmd, *customer)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPatch, "/api/v1/customers/"+url.PathEscape(id)+"/numbers/"+url.PathEscape(args[0]),
				map[string]any{"charge_limit": limit})
		},
	}
	c.Flags().Int64Var(&limit, "charge-limit", 0, "charge limit in cents of the installation's currency (0: none)")
	_ = c.MarkFlagRequired("charge-limit")
	return c
}

// action is a subcommand that POSTs to an object's action path.
type action struct{ use, short string }

// postCommands makes "<use> ID" commands that POST to base + ID + "/" + use.
func postCommands(g *globals, base string, actions []action) []*cobra.Command {
	var cmds []*cobra.Command
	for _, a := range actions {
		cmds = append(cmds, &cobra.Command{
			Use: a.use + " ID", Short: a.short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return g.call(cmd, http.MethodPost, base+url.PathEscape(args[0])+"/"+a.use, nil)
			},
		})
	}
	return cmds
}
