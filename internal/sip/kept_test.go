package sip

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestKeptBindingRoundTrip checks that a binding comes out of the location
// service's flat form as it went in.
func TestKeptBindingRoundTrip(t *testing.T) {
	at := time.Unix(1796000000, 123456789)
	full := Binding{DeviceID: "dev1", Username: "u1", AOR: "sip:u1@acme.example", Contact: "sip:u1@10.0.0.1:5060;transport=tcp",
		Source: "10.0.0.1:5060", Transport: "TCP", UserAgent: "Yealink SIP-T54W 96.86.0.100", MAC: "805ec0112233",
		Instance: "<urn:uuid:00000000-0000-1000-8000-000000000001>", RegID: 2, CallID: "c1@10.0.0.1", CSeq: 7,
		Path: []string{"<sip:edge1.example;lr>", "<sip:edge2.example;lr>"}, AccessInfo: "IEEE-802.11", Encrypted: true,
		Expires: at.Add(time.Hour), RegisteredAt: at}
	for _, b := range []Binding{full, {DeviceID: "dev2", Contact: "sip:x@10.0.0.2"}} {
		k, err := keep(&b)
		if err != nil {
			t.Fatal(err)
		}
		got := k.expand(b.DeviceID)
		if !reflect.DeepEqual(got.Path, b.Path) || !got.Expires.Equal(b.Expires) || !got.RegisteredAt.Equal(b.RegisteredAt) {
			t.Errorf("got %+v, want %+v", got, b)
		}
		got.Path, got.Expires, got.RegisteredAt = b.Path, b.Expires, b.RegisteredAt
		if !reflect.DeepEqual(got, b) {
			t.Errorf("got %+v, want %+v", got, b)
		}
	}
	huge := full
	huge.Path = []string{strings.Repeat("x", maxKeptText)}
	if _, err := keep(&huge); switchboard.ErrorCode(err) != switchboard.EINVALID {
		t.Errorf("a binding beyond %d bytes: %v, want EINVALID", maxKeptText, err)
	}
}

// TestKeptAccountRoundTrip checks that an account comes out of the
// account cache's flat form as it went in, and that a form the flat one
// cannot hold is not kept.
func TestKeptAccountRoundTrip(t *testing.T) {
	a := Account{Username: "u1", AOR: "alice", DeviceID: "dev1", CustomerID: "c1", Realm: "acme.example", MaxBindings: 3,
		Encryption: true, AllowList: switchboard.AllowList{Enabled: true, CIDRs: []string{"10.0.0.0/8"}}}
	a.SetPassword("pw")
	md5Only, shaOnly := a, a
	md5Only.HA1SHA256, shaOnly.HA1MD5 = "", ""
	var cs customers
	for _, want := range []Account{a, md5Only, shaOnly, {Username: "u2", DeviceID: "dev2", CustomerID: "c1", Realm: "acme.example"}} {
		k, kept := keepAccount(&want, want.Username, 1, &cs)
		if !kept {
			t.Fatalf("%+v not kept", want)
		}
		if got := k.account(); !reflect.DeepEqual(*got, want) {
			t.Errorf("got %+v, want %+v", *got, want)
		}
	}
	upper := a
	upper.HA1MD5 = strings.ToUpper(a.HA1MD5)
	if _, kept := keepAccount(&upper, "u1", 1, &cs); kept {
		t.Error("an upper-case HA1 was kept; it would come back in lower case")
	}
	other := a
	other.AllowList.CIDRs = []string{"192.0.2.0/24"}
	k1, _ := keepAccount(&a, "u1", 1, &cs)
	k2, _ := keepAccount(&other, "u1", 1, &cs)
	if got := k2.account().AllowList.CIDRs; !reflect.DeepEqual(got, other.AllowList.CIDRs) || k1.customer == k2.customer {
		t.Errorf("a changed allow-list reads %v", got)
	}
}

// TestKeptSizes states the size of what the registrar keeps per phone
// besides its strings, so that a new field is a decision: a binding, a
// cached account and a used nonce, and per source or account that failed
// to authenticate, the limiter's record.
func TestKeptSizes(t *testing.T) {
	for _, c := range []struct {
		what      string
		got, want uintptr
	}{
		{"binding", unsafe.Sizeof(binding{}), 96},
		{"cached account", unsafe.Sizeof(keptAccount{}), 48},
		{"device entry", unsafe.Sizeof(deviceEntry{}), 40},
		{"nonce use", unsafe.Sizeof(nonceUse{}), 48},
		{"failure record of a source or an account", unsafe.Sizeof(failures{}), 56},
	} {
		if c.got > c.want {
			t.Errorf("a %s takes %d bytes, more than %d", c.what, c.got, c.want)
		}
	}
}
