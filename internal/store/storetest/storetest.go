// Package storetest is the conformance suite every switchboard.Store
// implementation must pass. Each implementation's tests call Run with a
// function that opens a fresh, empty store, so SQLite and PostgreSQL are
// held to the same behaviour: the same error codes, the same uniqueness
// rules, the same pagination.
package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// Run runs the suite. open must return a new empty store for each call and
// arrange for it to be closed when t ends.
func Run(t *testing.T, open func(t *testing.T) switchboard.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s switchboard.Store)
	}{
		{"Customers", testCustomers},
		{"Sites", testSites},
		{"Numbers", testNumbers},
		{"Workplaces", testWorkplaces},
		{"WorkplaceDeletionFreesUsernameAndExtension", testWorkplaceDeletion},
		{"Devices", testDevices},
		{"DeviceUniqueness", testDeviceUniqueness},
		{"Orders", testOrders},
		{"Events", testEvents},
		{"Tokens", testTokens},
		{"Pagination", testPagination},
		{"AllOrNothing", testAllOrNothing},
		{"ViewIsReadOnly", testViewIsReadOnly},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"ConcurrentAssignment", testConcurrentAssignment},
		{"LastAccess", testLastAccess},
		{"Outbox", testOutbox},
		{"OutboxConcurrentClaims", testOutboxConcurrentClaims},
		{"OrderClaims", testOrderClaims},
		{"NodeOrderClaims", testNodeOrderClaims},
		{"NodeOutboxClaims", testNodeOutboxClaims},
		{"Registrations", testRegistrations},
		{"DuplicateIDs", testDuplicateIDs},
		{"RedirectAccounts", testRedirectAccounts},
		{"RedirectCallOrder", testRedirectCallOrder},
		{"HotDesk", testHotDesk},
		{"Fraud", testFraud},
		{"InitialLoginClaims", testInitialLoginClaims},
		{"MACProvisioningClaims", testMACProvisioningClaims},
		{"FetchedFiles", testFetchedFiles},
		{"DeviceSummaries", testDeviceSummaries},
		{"Portal", testPortal},
		{"Phonebook", testPhonebook},
		{"ProfileVersions", testProfileVersions},
		{"Audit", testAudit},
		{"Search", testSearch},
		{"CallSettings", testCallSettings},
		{"CallEvents", testCallEvents},
		{"CallEventsInOrder", testCallEventsInOrder},
		{"CallRecords", testCallRecords},
		{"Trunks", testTrunks},
		{"TrunkAddresses", testTrunkAddresses},
		{"TrunkRegistrations", testTrunkRegistrations},
		{"MonitoringAccounts", testMonitoringAccounts},
		{"Charges", testCharges},
		{"Firmware", testFirmware},
		{"Rollouts", testRollouts},
		{"CallRelay", testCallRelay},
		{"PlannedActions", testPlannedActions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Open opens a store with open (sqlite.Open, postgres.Open) at where, with
// the keyring kr, and closes it when tb ends.
func Open[S switchboard.Store](tb testing.TB, open func(context.Context, string, switchboard.Keyring) (S, error), where string, kr switchboard.Keyring) S {
	tb.Helper()
	s, err := open(context.Background(), where, kr)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// at is a time with milliseconds in a zone other than UTC; stores must
// return the same instant in UTC.
var at = time.Date(2026, 3, 14, 15, 9, 26, 535_000_000, time.FixedZone("CET", 3600))

// later is another such time, for updates.
var later = at.Add(36*time.Hour + 250*time.Millisecond)

func update(t *testing.T, s switchboard.Store, fn func(tx switchboard.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

func view(t *testing.T, s switchboard.Store, fn func(tx switchboard.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("view: %v", err)
	}
}

// try runs fn in its own Update and returns its error.
func try(s switchboard.Store, fn func(tx switchboard.Tx) error) error {
	return s.Update(context.Background(), fn)
}

// wantError checks err's code and that its message mentions each of words.
func wantError(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if got := switchboard.ErrorCode(err); got != code {
		t.Errorf("error code = %q (%v), want %q", got, err, code)
		return
	}
	msg := switchboard.ErrorMessage(err)
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("error message %q does not mention %q", msg, w)
		}
	}
}

// same fails unless got equals want, naming the first differing field.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	gv, wv := reflect.Indirect(reflect.ValueOf(got)), reflect.Indirect(reflect.ValueOf(want))
	if gv.Kind() == reflect.Struct && gv.Type() == wv.Type() {
		for i := 0; i < gv.NumField(); i++ {
			if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
				t.Errorf("%s: field %s = %#v, want %#v", what, gv.Type().Field(i).Name,
					gv.Field(i).Interface(), wv.Field(i).Interface())
			}
		}
		return
	}
	t.Errorf("%s = %#v, want %#v", what, got, want)
}

// utc returns t as stores must return it.
func utc(t time.Time) time.Time { return t.UTC() }

// each calls fn with each of items in turn, up to the first error.
func each[T any](fn func(T) error, items ...T) error {
	for _, v := range items {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// keys returns the key of each item, never nil.
func keys[T any](items []T, key func(T) string) []string {
	out := []string{}
	for _, v := range items {
		out = append(out, key(v))
	}
	return out
}

// wantKeys checks the keys of what a list returned (with err) against want,
// in order; nil want means an empty list.
func wantKeys(t *testing.T, what string, got []string, err error, want []string) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if want == nil {
		want = []string{}
	}
	same(t, what, got, want)
}
