package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// chargesCommand shows a customer's spending on calls in a month next to
// its charge limits (TopStop).
func chargesCommand(g *globals) *cobra.Command {
	var customer, month string
	cmd := &cobra.Command{
		Use:   "charges",
		Short: "Show a customer's spending on calls to the public network in a month, per workplace and number, next to the charge limits (TopStop)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			path := "/api/v1/customers/" + url.PathEscape(c) + "/charges"
			if month != "" {
				path += "?month=" + url.QueryEscape(month)
			}
			return g.call(cmd, http.MethodGet, path, nil)
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "customer id")
	cmd.Flags().StringVar(&month, "month", "", "UTC calendar month, YYYY-MM (default: the current month)")
	return cmd
}
