package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"
)

// contactCommand manages the shared contacts of a customer's company
// phonebook, which every phone of the customer shows beside the
// workplaces.
func contactCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "contact", Short: "Manage the shared contacts of a customer's company phonebook"}
	var customer, name, company, label string
	var numbers []string
	collection := func(cmd *cobra.Command) (string, error) {
		c, err := g.customer(cmd, customer)
		return "/api/v1/customers/" + url.PathEscape(c) + "/contacts", err
	}
	add := &cobra.Command{
		Use: "add --name NAME --number N [--number N]", Short: "Add a contact to the company phonebook", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, path, map[string]any{"name": name, "company": company, "label": label, "numbers": numbers})
		},
	}
	add.Flags().StringVar(&name, "name", "", "the name phones show")
	add.Flags().StringVar(&company, "company", "", "company (optional)")
	add.Flags().StringVar(&label, "label", "", "group such as Supplier (optional)")
	add.Flags().StringSliceVar(&numbers, "number", nil, "E.164 number or internal extension; repeat for up to 5")
	ls := &cobra.Command{
		Use: "list", Short: "List the customer's shared contacts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := collection(cmd)
			if err != nil {
				return err
			}
			return g.list(cmd, path, url.Values{}, []string{"id", "name", "company", "label", "numbers"})
		},
	}
	cmds := []*cobra.Command{add, ls, csvImportCommand(g, "contacts", "Add many contacts from a CSV file, all or nothing",
		"The file starts with a header line naming the columns name and numbers (several separated by |), optionally "+
			"company and label; then one contact per line, separated by commas or semicolons. A file with any bad line "+
			"adds nothing. Use - to read standard input.")}
	for _, v := range []struct{ use, short, method string }{
		{"show", "Show one contact", http.MethodGet},
		{"delete", "Remove a contact from the company phonebook", http.MethodDelete},
	} {
		cmds = append(cmds, &cobra.Command{
			Use: v.use + " ID", Short: v.short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				path, err := collection(cmd)
				if err != nil {
					return err
				}
				return g.call(cmd, v.method, path+"/"+url.PathEscape(args[0]), nil)
			},
		})
	}
	for _, c := range cmds {
		if c.Flags().Lookup("customer") == nil {
			c.Flags().StringVar(&customer, "customer", "", "customer id")
		}
		root.AddCommand(c)
	}
	return root
}
