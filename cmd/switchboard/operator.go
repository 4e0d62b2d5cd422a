package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// operatorCommand manages the operators' portal accounts. It works on the
// data directory (or --db) directly, like token create --offline: the
// first operator account cannot be made through a portal nobody can log
// in to yet.
func operatorCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "operator", Short: "Manage the operators' portal accounts"}
	var dbURL string
	var fromStdin bool
	create := &cobra.Command{
		Use:   "create USERNAME",
		Short: "Create an operator's portal account and print its generated password (shown only once)",
		Long: `Create an operator's portal account in --data (or --db). The password is
generated and printed once; with --password-stdin the first line of standard
input is the password instead (at least 10 characters) and nothing is printed.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := app.PortalAccountInput{Username: args[0], Role: switchboard.RoleOperator}
			if fromStdin {
				line, _ := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if line = strings.TrimRight(line, "\r\n"); line == "" {
					return errors.New("--password-stdin: no password on the first line of standard input")
				}
				in.Password = line
			}
			store, svc, err := openService(cmd.Context(), g.data, dbURL, "localhost", 8448, 5060, 5061, nil, nil)
			if err != nil {
				return err
			}
			defer store.Close()
			created, err := svc.CreatePortalAccount(cmd.Context(), switchboard.System, in)
			if err != nil {
				return err
			}
			if !fromStdin {
				fmt.Fprintln(cmd.OutOrStdout(), created.Password)
			}
			return nil
		},
	}
	create.Flags().StringVar(&dbURL, "db", "", "database URL (default: the SQLite file in --data)")
	create.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input instead of generating one")
	root.AddCommand(create)
	return root
}
