package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// callCommands are the commands of the call side (issue 16): trunks,
// CTI monitoring accounts, a workplace's call settings and journal, and
// the customer's dial parameters.
func callCommands(g *globals) []*cobra.Command {
	return []*cobra.Command{trunkCommand(g), monitoringCommand(g), callSettingsCommand(g)}
}

// customerCollection returns a function giving the path of a customer's
// collection, the customer from the flag or the token.
func customerCollection(g *globals, customer *string, name string) func(*cobra.Command) (string, error) {
	return func(cmd *cobra.Command) (string, error) {
		c, err := g.customer(cmd, *customer)
		return "/api/v1/customers/" + url.PathEscape(c) + "/" + name, err
	}
}

// byID is a command calling method on prefix/ID.
func byID(g *globals, use, short, method, prefix string) *cobra.Command {
	return &cobra.Command{
		Use: use + " ID", Short: short, Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, method, prefix+url.PathEscape(args[0]), nil)
		},
	}
}

// trunkCommand manages a customer's upstream SIP trunks.
func trunkCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "trunk", Short: "Manage a customer's upstream SIP trunks"}
	var customer string
	collection := customerCollection(g, &customer, "trunks")
	var name, proxy, transport, domain, username, authUsername, password, callerID string
	var register bool
	var inbound []string
	add := &cobra.Command{
		Use: "add --name NAME --proxy HOST[:PORT]", Short: "Add a trunk; the password is never shown again", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, path, map[string]any{"name": name, "proxy": proxy, "transport": transport,
				"domain": domain, "username": username, "auth_username": authUsername, "password": password, "register": register,
				"inbound_addresses": inbound, "caller_id": callerID})
		},
	}
	f := add.Flags()
	f.StringVar(&name, "name", "", "name; outgoing calls take the first trunk by name")
	f.StringVar(&proxy, "proxy", "", "host or IP address with an optional :port")
	f.StringVar(&transport, "transport", "udp", "udp, tcp or tls")
	f.StringVar(&domain, "domain", "", "domain of From and Request-URI (default: the proxy's host)")
	f.StringVar(&username, "username", "", "user name at the trunk")
	f.StringVar(&authUsername, "auth-username", "", "authentication user name, when it differs")
	f.StringVar(&password, "password", "", "password (write-only)")
	f.BoolVar(&register, "register", false, "register the user name at the trunk")
	f.StringSliceVar(&inbound, "inbound", nil, "address or prefix the trunk sends calls from; repeat for more")
	f.StringVar(&callerID, "caller-id", "", "E.164 number shown for workplaces without a number")
	f.StringVar(&customer, "customer", "", "customer id")
	ls := &cobra.Command{
		Use: "list", Short: "List the customer's trunks", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.list(cmd, path, url.Values{}, []string{"id", "name", "proxy", "transport", "password_set", "caller_id"})
		},
	}
	ls.Flags().StringVar(&customer, "customer", "", "customer id")
	root.AddCommand(add, ls, byID(g, "show", "Show a trunk (never its password)", http.MethodGet, "/api/v1/trunks/"),
		byID(g, "delete", "Remove a trunk", http.MethodDelete, "/api/v1/trunks/"))
	return root
}

// monitoringCommand manages the CTI monitoring accounts of a customer.
func monitoringCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "monitoring", Short: "Manage a customer's CTI monitoring accounts"}
	var customer, username, description string
	collection := customerCollection(g, &customer, "monitoring-accounts")
	add := &cobra.Command{
		Use: "add --username NAME", Short: "Add a monitoring account; its password is shown this once", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, path, map[string]any{"username": username, "description": description})
		},
	}
	add.Flags().StringVar(&username, "username", "", "user name the CTI server logs in with")
	add.Flags().StringVar(&description, "description", "", "which CTI server uses it")
	ls := &cobra.Command{
		Use: "list", Short: "List the customer's monitoring accounts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.list(cmd, path, url.Values{}, []string{"id", "username", "description", "created_at"})
		},
	}
	del := &cobra.Command{
		Use: "delete ID", Short: "Revoke a monitoring account", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodDelete, path+"/"+url.PathEscape(args[0]), nil)
		},
	}
	dial := &cobra.Command{
		Use: "dial-parameters", Short: "Show what a CTI server needs to dial for the customer", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodGet, "/api/v1/customers/"+url.PathEscape(c)+"/dial-parameters", nil)
		},
	}
	for _, c := range []*cobra.Command{add, ls, del, dial} {
		c.Flags().StringVar(&customer, "customer", "", "customer id")
		root.AddCommand(c)
	}
	return root
}

// callSettingsCommand shows and changes a workplace's call settings and
// lists its calls.
func callSettingsCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "calls", Short: "Show and change a workplace's call settings, list its calls"}
	settings := func(id string) string { return "/api/v1/workplaces/" + url.PathEscape(id) + "/call-settings" }
	show := &cobra.Command{
		Use: "settings WORKPLACE", Short: "Show the workplace's call settings", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodGet, settings(args[0]), nil)
		},
	}
	var forward, dnd, remote, parallel, voicemail bool
	var forwardTo, remoteNumber string
	var parallelNumbers []string
	var noAnswer int
	set := &cobra.Command{
		Use: "set WORKPLACE [flags]", Short: "Change the workplace's call settings; flags left out stay", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{}
			for flag, v := range map[string]any{"forward": forward, "forward-to": forwardTo, "dnd": dnd, "remote-office": remote,
				"remote-office-number": remoteNumber, "parallel": parallel, "parallel-number": parallelNumbers,
				"voicemail": voicemail, "no-answer-seconds": noAnswer} {
				if cmd.Flags().Changed(flag) {
					body[callSettingsFields[flag]] = v
				}
			}
			return g.call(cmd, http.MethodPatch, settings(args[0]), body)
		},
	}
	f := set.Flags()
	f.BoolVar(&forward, "forward", false, "forward every call (to --forward-to, or to the voicemail)")
	f.StringVar(&forwardTo, "forward-to", "", "extension or E.164 number; empty is the voicemail")
	f.BoolVar(&dnd, "dnd", false, "do not disturb: callers hear busy")
	f.BoolVar(&remote, "remote-office", false, "ring the remote office number instead of the phones")
	f.StringVar(&remoteNumber, "remote-office-number", "", "the remote office number")
	f.BoolVar(&parallel, "parallel", false, "ring the parallel numbers with the phones")
	f.StringSliceVar(&parallelNumbers, "parallel-number", nil, "a number to ring in parallel; repeat for up to 10")
	f.BoolVar(&voicemail, "voicemail", false, "unanswered calls go to the voicemail")
	f.IntVar(&noAnswer, "no-answer-seconds", 20, "seconds before an unanswered call goes to the voicemail (5-120)")
	journal := &cobra.Command{
		Use: "list WORKPLACE", Short: "List the workplace's calls, newest first", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.list(cmd, "/api/v1/workplaces/"+url.PathEscape(args[0])+"/calls", url.Values{},
				[]string{"id", "personality", "state", "remote_address", "started_at", "release_cause"})
		},
	}
	root.AddCommand(show, set, journal)
	return root
}

// callSettingsFields maps the flags of calls set to the API's fields.
var callSettingsFields = map[string]string{"forward": "forward_always", "forward-to": "forward_to", "dnd": "do_not_disturb",
	"remote-office": "remote_office", "remote-office-number": "remote_office_number", "parallel": "parallel_ringing",
	"parallel-number": "parallel_ringing_numbers", "voicemail": "voicemail", "no-answer-seconds": "no_answer_seconds"}
