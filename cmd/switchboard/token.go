package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// tokenCommand manages API tokens, through the API or, with --offline,
// directly in a data directory (to get back in when every token is lost).
func tokenCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "token", Short: "Manage API tokens"}
	var in app.TokenInput
	var role, expires string
	var offline bool
	var dbURL string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API token and print its secret (shown only once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := errMissing(unsetFlags(cmd, "role")); err != nil {
				return err
			}
			in.Role = switchboard.Role(role)
			if expires != "" {
				at, err := expiry(expires, time.Now())
				if err != nil {
					return err
				}
				in.ExpiresAt = at
			}
			var tok app.CreatedToken
			if offline {
				store, svc, err := openService(cmd.Context(), g.data, dbURL, "localhost", 8448, 5060, 5061, nil, nil)
				if err != nil {
					return err
				}
				defer store.Close()
				t, err := svc.IssueToken(cmd.Context(), switchboard.System, in)
				if err != nil {
					return err
				}
				tok = *t
			} else {
				c, err := g.client()
				if err != nil {
					return err
				}
				if err := c.Do(cmd.Context(), http.MethodPost, "/api/v1/tokens", in, &tok); err != nil {
					return err
				}
			}
			if g.json {
				b, _ := json.Marshal(tok)
				return printJSON(cmd.OutOrStdout(), b)
			}
			fmt.Fprintln(cmd.OutOrStdout(), tok.Secret)
			return nil
		},
	}
	fs := create.Flags()
	fs.StringVar(&role, "role", "", "operator, admin or user")
	fs.StringVar(&in.Customer, "customer", "", "customer id (admin and user tokens)")
	fs.StringVar(&in.Workplace, "workplace", "", "workplace id (user tokens)")
	fs.StringVar(&in.Name, "name", "", "a note saying what the token is for")
	fs.StringVar(&expires, "expires-at", "", "when the token stops working: a time (2027-01-31T18:00:00Z) or a duration from now (720h); default never")
	fs.BoolVar(&offline, "offline", false, "create the token directly in --data without a running server")
	fs.StringVar(&dbURL, "db", "", "database URL for --offline (default: the SQLite file in --data)")
	ls := &cobra.Command{
		Use: "list", Short: "List tokens (never their secrets)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.list(cmd, "/api/v1/tokens", nil, []string{"id", "role", "customer", "workplace", "name", "created_at"})
		},
	}
	del := &cobra.Command{
		Use: "delete ID", Short: "Revoke a token", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodDelete, "/api/v1/tokens/"+args[0], nil)
		},
	}
	root.AddCommand(create, ls, del)
	return root
}

// expiry reads --expires-at as an RFC 3339 time or a duration after now.
func expiry(v string, now time.Time) (time.Time, error) {
	if at, err := time.Parse(time.RFC3339, v); err == nil {
		return at, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("--expires-at %q is neither a time like 2027-01-31T18:00:00Z nor a duration like 720h", v)
}
