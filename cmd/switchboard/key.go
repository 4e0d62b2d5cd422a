package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// checkKey compares the node's master keys with the key checks the
// database records, and records the sealing key's on the first start and
// when a rotation begins. A key made for this start (created) is written
// to the data directory only once the database has accepted it, so a node
// refused for a foreign key leaves no key file behind.
func checkKey(ctx context.Context, db *sqlstore.DB, kr *keyring.Keyring, dataDir string, created bool) error {
	saved := false
	err := db.CheckKey(ctx, func(rec []switchboard.KeyCheck, sample []byte) ([]switchboard.KeyCheck, error) {
		add, err := kr.Verify(rec, sample)
		if err != nil {
			return nil, err
		}
		// The key is on disk before its check is committed, so a
		// recorded check always has its key somewhere.
		if created && !saved {
			if err := kr.Save(dataDir, false); err != nil {
				return nil, err
			}
			saved = true
		}
		return add, nil
	})
	if saved && (errors.Is(err, keyring.ErrForeignKey) || errors.Is(err, keyring.ErrMissingKey)) {
		// Another node recorded its key first, after this one was saved.
		os.Remove(filepath.Join(dataDir, keyring.FileName))
	}
	if err != nil {
		return fmt.Errorf("check the master key: %w", err)
	}
	return nil
}

// keyCommand rotates the master key: add a key, make it the sealing key,
// reseal every secret under it while nodes keep serving, drop the old one.
func keyCommand(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "key",
		Short: "Rotate the master key that seals secrets at rest (see README, several nodes)",
	}
	var seal bool
	add := &cobra.Command{
		Use:   "add",
		Short: "Add a new random key to --data/master.key; it opens secrets, and seals them with --seal",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return editKeys(cmd, g.data, func(kr *keyring.Keyring) (*keyring.Keyring, error) { return kr.WithKey(seal) })
		},
	}
	add.Flags().BoolVar(&seal, "seal", false, "make the new key the sealing key at once (one node only: others must hold it first)")
	use := &cobra.Command{
		Use:   "use ID",
		Short: "Make key ID the sealing key in --data/master.key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return editKeys(cmd, g.data, func(kr *keyring.Keyring) (*keyring.Keyring, error) {
				ids := []string{args[0]}
				for _, id := range kr.IDs() {
					if id != args[0] {
						ids = append(ids, id)
					}
				}
				return kr.Only(ids...)
			})
		},
	}
	drop := &cobra.Command{
		Use:   "drop ID",
		Short: "Remove key ID from --data/master.key once rotate has retired it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return editKeys(cmd, g.data, func(kr *keyring.Keyring) (*keyring.Keyring, error) {
				if kr.ID() == args[0] {
					return nil, fmt.Errorf("key %s seals; make another key the sealing key first (key use)", args[0])
				}
				var ids []string
				for _, id := range kr.IDs() {
					if id != args[0] {
						ids = append(ids, id)
					}
				}
				if len(ids) == len(kr.IDs()) {
					return nil, fmt.Errorf("no key %s in %s", args[0], kr.Source())
				}
				return kr.Only(ids...)
			})
		},
	}
	var dbURL string
	var batch int
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Reseal every secret under the sealing key of --data/master.key, in batches, while nodes serve",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return rotateKey(cmd, g.data, dbURL, batch)
		},
	}
	rotate.Flags().StringVar(&dbURL, "db", "", "database URL (default: the SQLite file in --data)")
	rotate.Flags().IntVar(&batch, "batch", 500, "rows resealed per transaction")
	root.AddCommand(add, use, rotate, drop)
	return root
}

// editKeys rewrites the key file of dataDir with what edit makes of its
// keys, and prints the keys, the sealing key first.
func editKeys(cmd *cobra.Command, dataDir string, edit func(*keyring.Keyring) (*keyring.Keyring, error)) error {
	if os.Getenv(keyring.EnvVar) != "" {
		return fmt.Errorf("the master keys come from %s: change them there (hex keys separated by commas, the sealing key first)", keyring.EnvVar)
	}
	kr, err := keyring.Load(dataDir)
	if err != nil {
		return err
	}
	n, err := edit(kr)
	if err != nil {
		return err
	}
	if err := n.Save(dataDir, true); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: sealing key %s; all keys %s\n", kr.Source(), n.ID(), strings.Join(n.IDs(), ", "))
	return nil
}

// rotateKey reseals every secret under the sealing key and then retires
// the other keys in the database. A node still sealing with an old key
// writes secrets under it meanwhile; the passes repeat until one finds
// nothing left, and give up saying so.
func rotateKey(cmd *cobra.Command, dataDir, dbURL string, batch int) error {
	if batch < 1 {
		return fmt.Errorf("--batch must be at least 1, got %d", batch)
	}
	ctx := cmd.Context()
	b, err := openBase(ctx, dataDir, dbURL, nil)
	if err != nil {
		return err
	}
	defer b.db.store.Close()
	rot, err := b.db.keys.Rotate(ctx, b.kr, b.kr.ID(), batch)
	switch {
	case errors.Is(err, sqlstore.ErrStillSealing):
		return fmt.Errorf("%w; restart every node with key %s first (key use) and run rotate again", err, b.kr.ID())
	case err != nil:
		return fmt.Errorf("reseal under key %s (%d resealed so far; run rotate again to go on): %w", b.kr.ID(), rot.Resealed, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "resealed %d secrets under key %s\n", rot.Resealed, b.kr.ID())
	if len(rot.Retired) > 0 {
		fmt.Fprintf(cmd.OutOrStdout(), "the database no longer needs key %s: remove it from every node (key drop)\n", strings.Join(rot.Retired, ", "))
	}
	return nil
}
