package sip

import (
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// keptAccount is how the account cache keeps an Account, or the memory of
// a miss: the registrar keeps one per phone, so it is small and holds few
// pointers. The account's own strings and its HA1 values (binary) share
// one allocation; what it shares with its customer's other accounts is
// kept once per customer.
type keptAccount struct {
	// text holds the parts (see acctUsername …) one after another; part i
	// ends at ends[i], the HA1 values run to the end of text: 16 bytes
	// MD5 then 32 bytes SHA-256, each only when the account has it.
	text        string
	ends        [acctHA1]uint16
	customer    *keptCustomer
	maxBindings int32
	encryption  bool
	missing     bool
	// fetched is when the source was asked, Unix nanoseconds.
	fetched int64
}

// The parts of keptAccount.text, in order.
const (
	acctUsername = iota
	acctAOR
	acctDeviceID
	acctHA1
)

// keptCustomer is what the accounts of one customer share.
type keptCustomer struct {
	id, realm string
	allowList switchboard.AllowList
}

// customers shares keptCustomers among accounts, up to maxInterned
// customers; past that each account has its own.
type customers struct {
	mu sync.Mutex
	m  map[[2]string]*keptCustomer
}

// get returns the shared keptCustomer with these values.
func (cs *customers) get(id, realm string, allow switchboard.AllowList) *keptCustomer {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	key := [2]string{id, realm}
	if c := cs.m[key]; c != nil && c.allowList.Enabled == allow.Enabled && slices.Equal(c.allowList.CIDRs, allow.CIDRs) {
		return c
	}
	c := &keptCustomer{id: strings.Clone(id), realm: strings.Clone(realm),
		allowList: switchboard.AllowList{Enabled: allow.Enabled, CIDRs: slices.Clone(allow.CIDRs)}}
	if cs.m == nil {
		cs.m = make(map[[2]string]*keptCustomer)
	}
	if len(cs.m) < maxInterned {
		cs.m[[2]string{c.id, c.realm}] = c
	}
	return c
}

// keepAccount makes the kept form of a, or of a miss when a is nil, for
// the digest user name username; kept is false when a cannot be kept
// (too large, or HA1 values that are not hex): the lookup is answered,
// not cached.
func keepAccount(a *Account, username string, fetched int64, cs *customers) (k keptAccount, kept bool) {
	k.fetched = fetched
	if a == nil {
		n := uint16(min(len(username), maxKeptText))
		k.missing, k.text, k.ends = true, strings.Clone(username), [acctHA1]uint16{n, n, n}
		return k, len(username) <= maxKeptText
	}
	md5, okMD5 := binaryHA1(a.HA1MD5, 16)
	sha, okSHA := binaryHA1(a.HA1SHA256, 32)
	if !okMD5 || !okSHA {
		return k, false
	}
	parts := [...]string{a.Username, a.AOR, a.DeviceID}
	n := len(md5) + len(sha)
	for _, p := range parts {
		n += len(p)
	}
	if n > maxKeptText {
		return k, false
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, p := range parts {
		sb.WriteString(p)
		k.ends[i] = uint16(sb.Len())
	}
	sb.Write(md5)
	sb.Write(sha)
	k.text = sb.String()
	k.customer = cs.get(a.CustomerID, a.Realm, a.AllowList)
	k.maxBindings, k.encryption = int32(min(a.MaxBindings, math.MaxInt32)), a.Encryption
	return k, true
}

// part returns part i of the text.
func (k *keptAccount) part(i int) string { return textPart(k.text, k.ends[:], i) }

// account returns the Account; its strings share the kept ones but for
// the HA1 values, written out in hex again.
func (k *keptAccount) account() *Account {
	a := &Account{Username: k.part(acctUsername), AOR: k.part(acctAOR), DeviceID: k.part(acctDeviceID),
		CustomerID: k.customer.id, Realm: k.customer.realm, AllowList: k.customer.allowList,
		Encryption: k.encryption, MaxBindings: int(k.maxBindings)}
	ha1 := k.part(acctHA1)
	if ha1 == "" {
		return a
	}
	const digits = "0123456789abcdef"
	var buf [96]byte
	for i := range len(ha1) {
		buf[2*i], buf[2*i+1] = digits[ha1[i]>>4], digits[ha1[i]&15]
	}
	both := string(buf[:2*len(ha1)])
	switch len(ha1) {
	case 16:
		a.HA1MD5 = both
	case 32:
		a.HA1SHA256 = both
	default:
		a.HA1MD5, a.HA1SHA256 = both[:32], both[32:]
	}
	return a
}

// binaryHA1 decodes an HA1 value of size bytes from lower-case hex, as
// SetPassword writes it; an empty value is none. ok is false for any
// other form.
func binaryHA1(s string, size int) (b []byte, ok bool) {
	if s == "" {
		return nil, true
	}
	b, err := hex.DecodeString(s)
	return b, err == nil && len(b) == size && strings.ToLower(s) == s
}
