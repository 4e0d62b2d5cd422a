package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// nonceLabel derives the nonce secret from the installation's lookup key,
// which every node sharing the store holds and a key rotation keeps: every
// node accepts the others' nonces, also during a rotation, and a restart
// keeps accepting the nonces it gave out.
const nonceLabel = "switchboard sip nonce secret v1"

// newRegistrar builds this node's registrar over the store's accounts; it
// listens once run.
func newRegistrar(ctx context.Context, c serveConfig, ls *listeners, b base, changes switchboard.Bus, fraud *app.FraudWatch, calls *callUseCases, nets []netip.Prefix, reg prometheus.Registerer, log *slog.Logger) (*registrar.Registrar, error) {
	algs, err := digestAlgorithms(c.sipDigest)
	if err != nil {
		return nil, err
	}
	return registrar.New(ctx, registrar.Options{
		SIP: sip.Options{
			Accounts:          app.NewSIPAccounts(b.db.store, c.publicHost),
			MaxCachedAccounts: c.sipCachedAccounts,
			Secret:            b.kr.Index(nonceLabel),
			AccessNetworks:    nets,
			Algorithms:        algs,
			Logger:            log,
			Router:            calls,
			Trunks:            calls,
			OnCallEvents:      calls.record,
			VoicemailURI:      c.voicemailURI,
			ConferenceURI:     c.conferenceURI,
		},
		Store:      b.db.store,
		Bus:        changes,
		Catalogue:  b.cat,
		Node:       sipNode(c, ls),
		Registerer: reg,
		OnSighting: fraud.Observe,
	})
}

// digestAlgorithms parses --sip-digest; "auto" (nil) leaves the choice
// per client to the registrar.
func digestAlgorithms(v string) ([]string, error) {
	if strings.EqualFold(strings.TrimSpace(v), "auto") {
		return nil, nil
	}
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		switch strings.ToUpper(a) {
		case "MD5":
			out = append(out, "MD5")
		case "SHA-256":
			out = append(out, "SHA-256")
		default:
			return nil, fmt.Errorf("--sip-digest: %q is not md5 or sha-256 (or give auto alone)", a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--sip-digest: name auto, or at least one of md5, sha-256")
	}
	return out, nil
}

// sipNode names this node in persisted registrations: host name and SIP
// address, distinct for every serve process that can hold sockets. The
// address is the --sip flag as given, the same across restarts, or the
// bound one when the listeners were handed over.
func sipNode(c serveConfig, ls *listeners) string {
	h, _ := os.Hostname()
	if c.listeners != nil {
		return h + " " + ls.sipUDP.LocalAddr().String()
	}
	return h + " " + c.sip
}
