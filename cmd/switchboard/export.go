package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// passphraseEnv names the variable the export passphrase may come from, so
// it need not stand on the command line where other users see it.
const passphraseEnv = "SWITCHBOARD_EXPORT_PASSPHRASE"

// customerCommands are the customer's export and import (docs/export-format.md).
func customerCommands(g *globals) []*cobra.Command {
	var out, passFile string
	passphrase := func() (string, error) {
		if passFile == "" {
			return os.Getenv(passphraseEnv), nil
		}
		b, err := os.ReadFile(passFile)
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	export := &cobra.Command{
		Use:   "export ID --out FILE",
		Short: "Write the customer's installation as one JSON file; the operator includes the secrets with a passphrase",
		Long: "Writes sites, numbers, workplaces, devices with keys and handsets, contacts and redirect accounts. With a passphrase " +
			"(--passphrase-file, or " + passphraseEnv + ") the secrets are included, sealed with it (operator only); only such a " +
			"file can be imported.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("--out is required: the file to write the export to")
			}
			pass, err := passphrase()
			if err != nil {
				return err
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			b, err := c.Transfer(cmd.Context(), http.MethodGet, "/api/v1/customers/"+url.PathEscape(args[0])+"/export", pass, nil)
			if err != nil {
				return err
			}
			// With secrets sealed or not, the file describes a whole company.
			if err := os.WriteFile(out, b, 0o600); err != nil {
				return fmt.Errorf("write %s: %w", out, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d bytes, secrets %s)\n", out, len(b), map[bool]string{true: "sealed", false: "left out"}[pass != ""])
			return nil
		},
	}
	export.Flags().StringVar(&out, "out", "", "the file to write")
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Create a customer from an export made with a passphrase, all or nothing (operator)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pass, err := passphrase()
			if err != nil {
				return err
			}
			if pass == "" {
				return errors.New("give the export's passphrase with --passphrase-file or " + passphraseEnv)
			}
			f, _, err := openImportFile(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			c, err := g.client()
			if err != nil {
				return err
			}
			b, err := c.Transfer(cmd.Context(), http.MethodPost, "/api/v1/import", pass, f)
			if err != nil {
				return err
			}
			if g.json {
				return printJSON(cmd.OutOrStdout(), b)
			}
			return printRecord(cmd.OutOrStdout(), b)
		},
	}
	for _, c := range []*cobra.Command{export, imp} {
		c.Flags().StringVar(&passFile, "passphrase-file", "", "read the passphrase from this file (default: $"+passphraseEnv+")")
	}
	return []*cobra.Command{export, imp}
}

// foreignImportCommand is "switchboard device import-from --format F
// --customer ID FILE": another provisioning system's device list becomes
// the customer's free devices, all or nothing.
func foreignImportCommand(g *globals) *cobra.Command {
	var customer, format string
	cmd := &cobra.Command{
		Use:   "import-from --format fusionpbx|wazo-provd --customer ID FILE",
		Short: "Create free devices from FusionPBX's devices CSV or wazo-provd's device list, all or nothing",
		Long: "fusionpbx: the CSV of FusionPBX's devices (columns device_mac_address, device_vendor, device_model, " +
			"device_label, device_description). wazo-provd: the JSON of GET /provd/dev_mgr/devices. Vendors and models are " +
			"matched to the catalogue; docs/export-format.md lists what is kept and what is dropped. Use - to read standard input.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "fusionpbx" && format != "wazo-provd" {
				return fmt.Errorf("--format must be fusionpbx or wazo-provd, not %q", format)
			}
			customer, c, f, size, err := g.importFrom(cmd, customer, args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			path := "/api/v1/customers/" + url.PathEscape(customer) + "/devices/import/" + format
			var raw []byte
			if format == "fusionpbx" {
				raw, err = c.ImportCSV(cmd.Context(), path, f, size, cmd.ErrOrStderr())
			} else {
				raw, err = c.Transfer(cmd.Context(), http.MethodPost, path, "", f)
			}
			if err != nil {
				return importFailure(cmd, err)
			}
			return printRecord(cmd.OutOrStdout(), raw)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "fusionpbx or wazo-provd")
	cmd.Flags().StringVar(&customer, "customer", "", "customer id")
	return cmd
}
