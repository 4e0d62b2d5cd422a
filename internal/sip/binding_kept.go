package sip

import (
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// binding is how the location service keeps a Binding: a registrar holds
// one per phone, so its size decides the memory of a large fleet
// (TestMemoryPerBinding). The binding's own strings share one allocation,
// its times are Unix nanoseconds, and the device id is the location's map
// key, not repeated here.
type binding struct {
	// text holds the parts (see partUsername …) one after another; part i
	// ends at ends[i], the path runs to the end of text.
	text string
	ends [partPath]uint16
	// userAgent and mac are interned: every phone of one model and
	// firmware shares them.
	userAgent, mac string
	// expires and registered are Unix nanoseconds, 0 for the zero time.
	expires, registered int64
	regID               int32
	cseq                uint32
	encrypted           bool
}

// The parts of binding.text, in order.
const (
	partUsername = iota
	partAOR
	partContact
	partSource
	partTransport
	partCallID
	partInstance
	partAccessInfo
	// partPath is the Path header values separated by newlines, which no
	// header value contains.
	partPath
)

// maxKeptText bounds the text of one binding, as its offsets are 16 bits;
// a REGISTER needing more is refused (no phone sends one).
const maxKeptText = 1<<16 - 1

// keep makes the kept form of b, copying its strings into one allocation
// so that none of them holds on to the request they came from.
func keep(b *Binding) (binding, error) {
	parts := [...]string{b.Username, b.AOR, b.Contact, b.Source, b.Transport, b.CallID, b.Instance, b.AccessInfo}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	for i, p := range b.Path {
		n += len(p) + min(i, 1)
		if strings.IndexByte(p, '\n') >= 0 {
			return binding{}, switchboard.Errorf(switchboard.EINVALID, "Malformed Path header")
		}
	}
	if n > maxKeptText {
		return binding{}, switchboard.Errorf(switchboard.EINVALID, "Registration too large")
	}
	var sb strings.Builder
	sb.Grow(n)
	k := binding{userAgent: b.UserAgent, mac: b.MAC, expires: unixNano(b.Expires), registered: unixNano(b.RegisteredAt),
		regID: int32(b.RegID), cseq: b.CSeq, encrypted: b.Encrypted}
	for i, p := range parts {
		sb.WriteString(p)
		k.ends[i] = uint16(sb.Len())
	}
	for i, p := range b.Path {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(p)
	}
	k.text = sb.String()
	return k, nil
}

// part returns part i of the text.
func (k *binding) part(i int) string { return textPart(k.text, k.ends[:], i) }

// textPart returns part i of text, whose parts end at ends but the last,
// which runs to the end of text.
func textPart(text string, ends []uint16, i int) string {
	start := 0
	if i > 0 {
		start = int(ends[i-1])
	}
	if i == len(ends) {
		return text[start:]
	}
	return text[start:ends[i]]
}

// ip is the source address without the port.
func (k *binding) ip() string { return sourceIP(k.part(partSource)) }

// expand returns the Binding of device deviceID; its strings share the
// kept text.
func (k *binding) expand(deviceID string) Binding {
	b := Binding{DeviceID: deviceID, Username: k.part(partUsername), AOR: k.part(partAOR), Contact: k.part(partContact),
		Source: k.part(partSource), Transport: k.part(partTransport), UserAgent: k.userAgent, MAC: k.mac,
		Instance: k.part(partInstance), RegID: int(k.regID), CallID: k.part(partCallID), CSeq: k.cseq,
		AccessInfo: k.part(partAccessInfo), Encrypted: k.encrypted, Expires: fromUnixNano(k.expires),
		RegisteredAt: fromUnixNano(k.registered)}
	if p := k.part(partPath); p != "" {
		b.Path = strings.Split(p, "\n")
	}
	return b
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
