package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// fieldKind is how a flag value becomes JSON.
type fieldKind int

const (
	text fieldKind = iota
	flag
	list
	number
	// allowList is a list of CIDRs sent as {"enabled", "cidrs"}: an empty
	// list turns the allow-list off.
	allowList
	// pairs are name=value pairs sent as a JSON object (credentials).
	pairs
)

// field is one JSON field of a resource, offered as a flag named after it
// (admin_email → --admin-email).
type field struct {
	json  string
	kind  fieldKind
	usage string
}

func (f field) flagName() string { return strings.ReplaceAll(f.json, "_", "-") }

// resource describes one kind of API object for the generic create, get,
// list, update and delete subcommands.
type resource struct {
	name, plural string
	// parents are the flags (customer, workplace) a create or list may be
	// scoped by; the first one set decides the path. Empty for top-level.
	parents []string
	// required are fields create refuses to go without.
	required []string
	fields   []field
	// createOnly are fields that cannot change after creation.
	createOnly []string
	columns    []string
	// noUpdate hides the update subcommand.
	noUpdate bool
	// operatorLevel says that without a parent, for a token bound to no
	// customer, the collection is the top-level one (the operator's own).
	operatorLevel bool
}

func (r resource) itemPath(id string) string {
	return "/api/v1/" + r.plural + "/" + url.PathEscape(id)
}

// errNoParent is a create or list that names no parent and whose token is
// bound to no customer.
var errNoParent = errors.New("no parent given")

// collectionPath is /api/v1/<parents>/<id>/<plural>, or /api/v1/<plural>.
// Without a parent flag, a customer's collection is the token's customer's.
func (r resource) collectionPath(cmd *cobra.Command, g *globals) (string, error) {
	if len(r.parents) == 0 {
		return "/api/v1/" + r.plural, nil
	}
	for _, p := range r.parents {
		if v, _ := cmd.Flags().GetString(p); v != "" {
			return "/api/v1/" + p + "s/" + url.PathEscape(v) + "/" + r.plural, nil
		}
	}
	if slices.Contains(r.parents, "customer") {
		c, err := g.tokenCustomer(cmd)
		if err != nil {
			return "", err
		}
		if c != "" {
			return "/api/v1/customers/" + url.PathEscape(c) + "/" + r.plural, nil
		}
	}
	if r.operatorLevel {
		return "/api/v1/" + r.plural, nil
	}
	return "", fmt.Errorf("give %s: %w", r.parentFlags(), errNoParent)
}

func (r resource) parentFlags() string { return "--" + strings.Join(r.parents, " or --") }

// body builds the JSON body from the flags that were set on the command
// line, so an update changes only what was named.
func (r resource) body(fs *pflag.FlagSet) (map[string]any, error) {
	b := map[string]any{}
	for _, f := range r.fields {
		if !fs.Changed(f.flagName()) {
			continue
		}
		var err error
		switch f.kind {
		case text:
			b[f.json], err = fs.GetString(f.flagName())
		case flag:
			b[f.json], err = fs.GetBool(f.flagName())
		case list:
			b[f.json], err = fs.GetStringSlice(f.flagName())
		case number:
			b[f.json], err = fs.GetInt(f.flagName())
		case allowList:
			var cidrs []string
			cidrs, err = fs.GetStringSlice(f.flagName())
			b[f.json] = map[string]any{"enabled": len(cidrs) > 0, "cidrs": cidrs}
		case pairs:
			b[f.json], err = fs.GetStringToString(f.flagName())
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// addFieldFlags offers the fields as flags; update leaves out createOnly.
func (r resource) addFieldFlags(fs *pflag.FlagSet, update bool) {
	for _, f := range r.fields {
		if update && slices.Contains(r.createOnly, f.json) {
			continue
		}
		switch f.kind {
		case text:
			fs.String(f.flagName(), "", f.usage)
		case flag:
			fs.Bool(f.flagName(), false, f.usage)
		case list, allowList:
			fs.StringSlice(f.flagName(), nil, f.usage+" (comma-separated or repeated)")
		case number:
			fs.Int(f.flagName(), 0, f.usage)
		case pairs:
			fs.StringToString(f.flagName(), nil, f.usage+" (name=value, comma-separated or repeated)")
		}
	}
}

func (r resource) addParentFlags(fs *pflag.FlagSet) {
	for _, p := range r.parents {
		fs.String(p, "", p+" id")
	}
}

// command builds "switchboard <name> create|get|list|update|delete".
func (r resource) command(g *globals) *cobra.Command {
	root := &cobra.Command{Use: r.name, Short: "Manage " + r.plural + " through the API"}
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a " + r.name,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var missing []string
			for _, req := range r.required {
				missing = append(missing, unsetFlags(cmd, strings.ReplaceAll(req, "_", "-"))...)
			}
			path, err := r.collectionPath(cmd, g)
			switch {
			case errors.Is(err, errNoParent) || (err != nil && len(missing) > 0):
				// Without the token's scope the parent counts as missing.
				missing = append([]string{r.parentFlags()}, missing...)
			case err != nil:
				return err
			}
			if err := errMissing(missing); err != nil {
				return err
			}
			body, err := r.body(cmd.Flags())
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, path, body)
		},
	}
	r.addParentFlags(create.Flags())
	r.addFieldFlags(create.Flags(), false)
	get := &cobra.Command{
		Use:   "get ID",
		Short: "Show one " + r.name,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodGet, r.itemPath(args[0]), nil)
		},
	}
	ls := &cobra.Command{
		Use:   "list",
		Short: "List " + r.plural,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := r.collectionPath(cmd, g)
			if err != nil {
				return err
			}
			return g.list(cmd, path, nil, r.columns)
		},
	}
	r.addParentFlags(ls.Flags())
	del := &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a " + r.name,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodDelete, r.itemPath(args[0]), nil)
		},
	}
	root.AddCommand(create, get, ls, del)
	if !r.noUpdate {
		update := &cobra.Command{
			Use:   "update ID",
			Short: "Change fields of a " + r.name + " (only the flags given)",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				body, err := r.body(cmd.Flags())
				if err != nil {
					return err
				}
				if len(body) == 0 {
					return fmt.Errorf("nothing to change: give at least one field flag")
				}
				return g.call(cmd, http.MethodPatch, r.itemPath(args[0]), body)
			},
		}
		r.addFieldFlags(update.Flags(), true)
		root.AddCommand(update)
	}
	return root
}

// listItems returns the items of an answer that is a list (a JSON array or
// a page: an object with nothing but "items" and "next"), and false for a
// single object, even one with a field named items (an order).
func listItems(raw json.RawMessage) ([]json.RawMessage, bool) {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil {
		return items, true
	}
	var page map[string]json.RawMessage
	if json.Unmarshal(raw, &page) != nil || page["items"] == nil {
		return nil, false
	}
	for k := range page {
		if k != "items" && k != "next" {
			return nil, false
		}
	}
	if json.Unmarshal(page["items"], &items) != nil || items == nil {
		return nil, false
	}
	return items, true
}
