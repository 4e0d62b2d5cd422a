package sip

import (
	"net/netip"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// refuseAddress answers an authenticated REGISTER from outside the
// customer's IP allow-list: a bare 403, the same whatever the list holds,
// and a security event naming the device so its last access shows why.
// Only a caller who proved the credentials gets this far; anyone else is
// challenged as usual and learns nothing about the list.
func (s *Server) refuseAddress(ua string, acct *Account, src netip.AddrPort, now time.Time) reply {
	s.securityEvent(SecurityEvent{Kind: EventAddressRefused, Source: src.Addr().String(), Username: acct.Username, At: now,
		Detail: "REGISTER refused: " + ReasonAddressRefused, CustomerID: acct.CustomerID, DeviceID: acct.DeviceID, UserAgent: ua})
	return errorReply(switchboard.Errorf(switchboard.EFORBIDDEN, "Forbidden"))
}
