package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// orderCommand shows the state of orders (workplace setup, package
// changes, deletions) as the worker carries them out.
func orderCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "order", Short: "Follow a customer's orders"}
	var customer string
	ls := &cobra.Command{
		Use: "list", Short: "List a customer's orders with their state", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			customer, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.list(cmd, "/api/v1/customers/"+url.PathEscape(customer)+"/orders", nil,
				[]string{"id", "kind", "workplace", "state", "error", "created_at", "updated_at"})
		},
	}
	ls.Flags().StringVar(&customer, "customer", "", "customer id")
	get := &cobra.Command{
		Use: "get ID", Short: "Show one order", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodGet, "/api/v1/orders/"+url.PathEscape(args[0]), nil)
		},
	}
	root.AddCommand(ls, get)
	return root
}

// messageCommand reads the outbox: what was sent, what waits, what failed
// after its last retry.
func messageCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "message", Short: "Read the outbox of e-mails and SMS"}
	var customer, state, channel string
	ls := &cobra.Command{
		Use: "list", Short: "List messages (a customer's, or all for the operator)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			for k, v := range map[string]string{"state": state, "channel": channel} {
				if v != "" {
					q.Set(k, v)
				}
			}
			path := "/api/v1/messages"
			customer, err := g.customerOrAll(cmd, customer)
			if err != nil {
				return err
			}
			if customer != "" {
				path = "/api/v1/customers/" + url.PathEscape(customer) + "/messages"
			}
			return g.list(cmd, path, q, []string{"id", "kind", "channel", "to", "state", "attempts", "last_error", "created_at"})
		},
	}
	ls.Flags().StringVar(&customer, "customer", "", "only this customer's messages")
	ls.Flags().StringVar(&state, "state", "", "pending, sent or failed")
	ls.Flags().StringVar(&channel, "channel", "", "email or sms")
	root.AddCommand(ls)
	return root
}

// workplaceCommands are the workplace views beyond plain CRUD.
func workplaceCommands(g *globals) []*cobra.Command {
	cmds := []*cobra.Command{{
		Use:   "admin-password ID",
		Short: "Show the workplace's device admin password once a device has fetched it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodGet, "/api/v1/workplaces/"+url.PathEscape(args[0])+"/admin-password", nil)
		},
	}}
	return append(cmds, postCommands(g, "/api/v1/workplaces/", []action{
		{"block", "Block the workplace's line, shared by its devices, for calls to the public network"},
		{"unblock", "Lift the workplace's block"},
	})...)
}
