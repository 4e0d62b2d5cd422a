package sqlite_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// BenchmarkTrunkByAddress finds the trunk of an incoming call among 2,000
// customers' trunks: by the index of trunk addresses, and, for
// comparison, by reading every trunk as the lookup did before the index.
func BenchmarkTrunkByAddress(b *testing.B) {
	ctx := context.Background()
	s := fresh(b)
	now := time.Now().UTC()
	const n = 2000
	err := s.Update(ctx, func(tx switchboard.Tx) error {
		for i := range n {
			c := &switchboard.Customer{ID: fmt.Sprintf("cus_%05d", i), Name: "c", AdminEmail: "a@c.example",
				SIPDomain: fmt.Sprintf("c%d.sip.example", i), CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateCustomer(c); err != nil {
				return err
			}
			t := &switchboard.Trunk{ID: fmt.Sprintf("trk_%05d", i), CustomerID: c.ID, Name: "carrier", Proxy: "192.0.2.1",
				Transport: "udp", InboundAddresses: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256), "2001:db8::/32"},
				CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateTrunk(t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ip := netip.MustParseAddr("10.7.207.9")
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			err := s.View(ctx, func(tx switchboard.Tx) error {
				ts, err := tx.TrunksByAddress(ip)
				if err == nil && len(ts) != 1 {
					err = fmt.Errorf("%d trunks", len(ts))
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			found := 0
			err := s.View(ctx, func(tx switchboard.Tx) error {
				page := switchboard.Page{Limit: switchboard.MaxPageSize}
				for {
					ts, next, err := tx.Trunks("", page)
					if err != nil {
						return err
					}
					for _, t := range ts {
						for _, a := range t.InboundAddresses {
							if p, err := switchboard.ParseAddressOrPrefix(a); err == nil && p.Contains(ip) {
								found++
								break
							}
						}
					}
					if next == "" {
						return nil
					}
					page.After = next
				}
			})
			if err != nil || found != 1 {
				b.Fatal(err, found)
			}
		}
	})
}
