package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// hotDeskCommand links devices to workplaces and logs workplaces in and
// out of free desk phones (seed 003).
func hotDeskCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "hot-desk", Short: "Link devices, log workplaces in and out of free desk phones"}
	var device, pin, customer, autoLogout string
	var clear bool
	login := &cobra.Command{
		Use: "login WORKPLACE", Short: "Log the workplace in on a free desk phone (a user token needs --pin)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"device": device}
			if pin != "" {
				body["pin"] = pin
			}
			return g.call(cmd, http.MethodPost, workplaceHotDesk(args[0], "login"), body)
		},
	}
	login.Flags().StringVar(&device, "device", "", "id of the free desk phone")
	login.Flags().StringVar(&pin, "pin", "", "the workplace's hot-desk PIN (administrators may leave it out)")
	logout := &cobra.Command{
		Use: "logout WORKPLACE", Short: "Log the workplace out of the phones it is logged in on", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodPost, workplaceHotDesk(args[0], "logout"), nil)
		},
	}
	free := &cobra.Command{
		Use: "free-devices", Short: "List devices linked to no workplace and not logged in", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{"free": {"true"}}
			if customer != "" {
				q.Set("customer", customer)
			}
			return g.list(cmd, "/api/v1/devices", q, []string{"id", "customer", "model", "description", "mac"})
		},
	}
	free.Flags().StringVar(&customer, "customer", "", "customer id (operator; others see their own)")
	freeWorkplaces := &cobra.Command{
		Use: "free-workplaces", Short: "List active workplaces with room for another desk phone", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			customer, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.list(cmd, "/api/v1/customers/"+url.PathEscape(customer)+"/workplaces", url.Values{"free": {"true"}},
				[]string{"id", "username", "extension", "multi_login"})
		},
	}
	freeWorkplaces.Flags().StringVar(&customer, "customer", "", "customer id (default: the token's customer)")
	site := &cobra.Command{
		Use: "site SITE", Short: "Show or set the site's automatic log-out time", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "/api/v1/sites/" + url.PathEscape(args[0]) + "/hot-desk"
			if autoLogout == "" && !clear {
				return g.call(cmd, http.MethodGet, path, nil)
			}
			return g.call(cmd, http.MethodPut, path, map[string]any{"auto_logout": autoLogout})
		},
	}
	site.Flags().StringVar(&autoLogout, "auto-logout", "", "local time at which every hot-desk login at the site ends, e.g. 03:00")
	site.Flags().BoolVar(&clear, "clear", false, "remove the automatic log-out time")
	for _, a := range []struct{ use, short string }{
		{"link", "Link a free device to a workplace (--workplace); it is resynced with the workplace's line"},
		{"unlink", "Free a device from its workplace (administrators); it is resynced into the hot-desk profile"},
	} {
		var workplace string
		c := &cobra.Command{
			Use: a.use + " DEVICE", Short: a.short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				var body any
				if a.use == "link" {
					body = map[string]any{"workplace": workplace}
				}
				return g.call(cmd, http.MethodPost, "/api/v1/devices/"+url.PathEscape(args[0])+"/"+a.use, body)
			},
		}
		if a.use == "link" {
			c.Flags().StringVar(&workplace, "workplace", "", "workplace id")
		}
		root.AddCommand(c)
	}
	root.AddCommand(login, logout, free, freeWorkplaces, site)
	return root
}

// workplaceHotDesk is the path of a workplace's hot-desk action.
func workplaceHotDesk(workplace, action string) string {
	return "/api/v1/workplaces/" + url.PathEscape(workplace) + "/hot-desk/" + action
}
