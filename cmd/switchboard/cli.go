package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/spf13/cobra"
)

// resources are the API objects the CLI manages with the generic
// create/get/list/update/delete subcommands.
var resources = []resource{
	{
		name: "customer", plural: "customers",
		required: []string{"name", "admin_email"}, createOnly: []string{"allow_duplicate_name"},
		fields: []field{
			{"name", text, "company name"},
			{"admin_email", text, "administrators' e-mail for order confirmations"},
			{"sip_domain", text, "SIP domain (default: derived from the name)"},
			{"allow_duplicate_name", flag, "create the customer although another one has the same name"},
			{"ip_allow_list", allowList, "networks (CIDR) the customer's devices may fetch profiles from; an empty value allows all"},
			{"charge_limit", number, "TopStop of the whole customer in cents of the installation's currency (0: none)"},
		},
		columns: []string{"id", "name", "admin_email", "sip_domain"},
	},
	{
		name: "site", plural: "sites", parents: []string{"customer"},
		required: []string{"name"},
		fields: []field{
			{"name", text, "site name"},
			{"address", text, "postal address"},
			{"time_zone", text, "IANA time zone, e.g. Europe/Berlin"},
			{"language", text, "de, en or fr"},
			{"encryption", flag, "force SIP over TLS and SRTP for the site's devices"},
			{"ntp_servers", list, "the site's own time servers, preferred first (default: the operator's --ntp-servers)"},
			{"resync_minutes", number, "how often the site's phones check for a changed profile, 15 to 10080 minutes (0: the operator's --resync-interval)"},
		},
		columns: []string{"id", "name", "time_zone", "language", "encryption", "ntp_servers", "resync_minutes"},
	},
	{
		name: "workplace", plural: "workplaces", parents: []string{"customer"},
		required: []string{"site", "username", "extension"},
		fields: []field{
			{"site", text, "site id"},
			{"first_name", text, "user's first name"},
			{"last_name", text, "user's last name"},
			{"street", text, "street"},
			{"postcode", text, "postcode"},
			{"city", text, "city"},
			{"email", text, "user's e-mail for authentication"},
			{"email_confirm", text, "the same e-mail again"},
			{"mobile", text, "mobile number in international form for the password SMS"},
			{"no_mobile", flag, "no mobile number: send the password by e-mail"},
			{"username", text, "login name (5+ characters, a-z, 0-9, _ - .)"},
			{"extension", text, "internal number"},
			{"numbers", list, "public numbers of the customer to assign"},
			{"package", text, "conference package: none, basic, plus, premium"},
			{"language", text, "de, en or fr"},
			{"multi_login", flag, "allow a second desk phone on the workplace's line"},
			{"phonebook_opt_out", flag, "keep the workplace out of the company phonebook on the customer's phones"},
			{"charge_limit", number, "TopStop of the workplace in cents of the installation's currency (0: none)"},
		},
		columns: []string{"id", "username", "first_name", "last_name", "extension", "numbers", "package", "state"},
	},
	{
		name: "device", plural: "devices", parents: []string{"workplace", "customer"},
		required: []string{"model"}, createOnly: []string{"model"},
		fields: []field{
			{"model", text, "model id from 'switchboard model list'"},
			{"description", text, "free text to tell devices apart"},
			{"mac", text, "MAC address"},
			{"mac_provisioning", text, "off, once or done"},
			{"admin_password", text, "admin password set by hand (4-9 digits)"},
			{"web_user", text, "web interface user name set by hand"},
			{"web_password", text, "web password set by hand (4-9 digits)"},
			{"base", text, "DECT base station id (handsets)"},
			{"label_code", text, "code on the device label some redirect services need (Gigaset MAC-ID code, Grandstream serial number)"},
		},
		columns: []string{"id", "model", "kind", "mac", "description", "workplace", "url_form", "last_access.at"},
	},
	{
		name: "redirect-account", plural: "redirect-accounts", parents: []string{"customer"}, operatorLevel: true,
		required: []string{"service", "name", "credentials"}, createOnly: []string{"service"},
		fields: []field{
			{"service", text, "yealink, snom, gigaset, fanvil, grandstream or poly"},
			{"name", text, "a name to tell accounts apart"},
			{"url", text, "the service's API base, operator only (a local fake in tests); default: the vendor's"},
			{"settings", pairs, "gigaset: provider; grandstream: site_id, org_id; poly: profile"},
			{"credentials", pairs, "yealink: access_key_id, access_key_secret; snom, gigaset, fanvil: user, password; grandstream: user, password, client_id, client_secret; poly: api_key"},
		},
		columns: []string{"id", "service", "title", "name", "customer", "credentials_set"},
	},
}

// clientCommands returns the API client subcommands.
func clientCommands(g *globals) []*cobra.Command {
	cmds := make([]*cobra.Command, 0, len(resources)+4)
	for _, r := range resources {
		cmds = append(cmds, r.command(g))
	}
	for _, c := range cmds {
		switch c.Name() {
		case "device":
			c.AddCommand(deviceCommands(g)...)
		case "workplace":
			c.AddCommand(workplaceCommands(g)...)
		case "site":
			c.AddCommand(append(siteCommands(g), siteActionCommands(g)...)...)
		case "customer":
			c.AddCommand(customerCommands(g)...)
		}
	}
	cmds = append(cmds, numberCommand(g), modelCommand(g), eventCommand(g), orderCommand(g), messageCommand(g), hotDeskCommand(g),
		contactCommand(g), fleetCommand(g), firmwareCommand(g), chargesCommand(g))
	return append(cmds, callCommands(g)...)
}

// deviceCommands are the device views and actions beyond plain CRUD.
func deviceCommands(g *globals) []*cobra.Command {
	var cmds []*cobra.Command
	for _, v := range []struct{ use, short string }{
		{"sip-account", "Show the device's SIP account, for configuring a device by hand"},
		{"initial-login", "Show the device's initial login data"},
		{"status", "Show whether the device is registered"},
		{"redirect", "Ask the device's redirect service where its MAC points"},
	} {
		cmds = append(cmds, &cobra.Command{
			Use: v.use + " ID", Short: v.short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return g.call(cmd, http.MethodGet, "/api/v1/devices/"+url.PathEscape(args[0])+"/"+v.use, nil)
			},
		})
	}
	cmds = append(cmds, postCommands(g, "/api/v1/devices/", []action{
		{"reset", "Renew the admin password, reload the profile and reboot the device"},
		{"reconfigure", "Rebuild the profile from scratch, then reset"},
		{"sync", "Push profile changes without a reboot"},
		{"reboot", "Reboot the device"},
		{"new-key", "Replace the access key; the old provisioning URL stops working at once"},
		{"new-sip-credentials", "Replace the SIP account; the old one is refused at once and its registrations end"},
		{"rotate", "Replace the access key and the SIP account at once (after a fraud alert)"},
		{"block", "Block the device's line for calls to the public network"},
		{"unblock", "Lift the device's own block"},
	})...)
	cmds = append(cmds, importCommand(g), keysCommand(g), deviceDiffCommand(g), deviceQRCommand(g))
	cmds = append(cmds, historyCommands(g)...)
	cmds = append(cmds, foreignImportCommand(g))
	return cmds
}

// numberCommand manages a customer's public numbers.
func numberCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "number", Short: "Manage a customer's public numbers"}
	var customer string
	var free bool
	add := &cobra.Command{
		Use: "add +49... [+49...]", Short: "Add numbers to a customer (all or none)", Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			customer, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, "/api/v1/customers/"+url.PathEscape(customer)+"/numbers",
				map[string]any{"numbers": args})
		},
	}
	ls := &cobra.Command{
		Use: "list", Short: "List a customer's numbers", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			customer, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			q := url.Values{}
			if free {
				q.Set("free", "true")
			}
			return g.list(cmd, "/api/v1/customers/"+url.PathEscape(customer)+"/numbers", q, []string{"number", "workplace"})
		},
	}
	ls.Flags().BoolVar(&free, "free", false, "only numbers not assigned to a workplace")
	del := &cobra.Command{
		Use: "delete +49...", Short: "Remove a number that is not assigned", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			customer, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodDelete, "/api/v1/customers/"+url.PathEscape(customer)+"/numbers/"+url.PathEscape(args[0]), nil)
		},
	}
	for _, c := range []*cobra.Command{add, ls, del, numberLimitCommand(g, &customer)} {
		c.Flags().StringVar(&customer, "customer", "", "customer id")
		root.AddCommand(c)
	}
	return root
}

// modelCommand lists the device catalogue.
func modelCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "model", Short: "Show the device catalogue"}
	root.AddCommand(&cobra.Command{
		Use: "list", Short: "List the models Switchboard provisions", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.list(cmd, "/api/v1/models", nil, []string{"id", "vendor", "name", "kind", "lines", "line_keys", "url_form", "max_password"})
		},
	})
	return root
}

// eventCommand reads the audit trail.
func eventCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "event", Short: "Read the audit trail and security events"}
	var customer string
	ls := &cobra.Command{
		Use: "list", Short: "List events, newest last", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := "/api/v1/events"
			customer, err := g.customerOrAll(cmd, customer)
			if err != nil {
				return err
			}
			if customer != "" {
				path = "/api/v1/customers/" + url.PathEscape(customer) + "/events"
			}
			return g.list(cmd, path, nil, []string{"at", "kind", "actor_name", "action", "object", "detail"})
		},
	}
	ls.Flags().StringVar(&customer, "customer", "", "only this customer's events")
	root.AddCommand(ls)
	return root
}

// errRequired says which flag a command cannot do without.
func errRequired(flag string) error { return errMissing([]string{"--" + flag}) }

// unsetFlags returns, as --name, the flags of names not given to cmd.
func unsetFlags(cmd *cobra.Command, names ...string) []string {
	var missing []string
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			missing = append(missing, "--"+n)
		}
	}
	return missing
}

// errMissing names every required flag that is missing in one error, so
// that a person fixes the command line once; nil when none is.
func errMissing(flags []string) error {
	switch len(flags) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s is required", flags[0])
	}
	return fmt.Errorf("missing required flags: %s", strings.Join(flags, ", "))
}
