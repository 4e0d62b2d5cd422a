package main

import (
	"net/http"
	"net/url"
	"time"

	"github.com/spf13/cobra"
)

// siteActionCommands are the bulk actions on a site's devices, told spread
// over a window so that a site does not boot as one storm.
func siteActionCommands(g *globals) []*cobra.Command {
	var out []*cobra.Command
	for _, a := range []string{"sync", "reboot"} {
		var spread time.Duration
		cmd := &cobra.Command{
			Use: a + " SITE_ID [--spread 5m]", Short: "Ask every device at the site to " + a + ", spread over a window", Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return g.call(cmd, http.MethodPost, "/api/v1/sites/"+url.PathEscape(args[0])+"/"+a, map[string]any{"spread": int(spread / time.Second)})
			},
		}
		cmd.Flags().DurationVar(&spread, "spread", 0, "window over which the devices are told, evenly (0: all at once)")
		out = append(out, cmd)
	}
	return out
}
