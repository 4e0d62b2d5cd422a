// Package sip is Switchboard's SIP side: a registrar with digest
// authentication, the location service behind device status, and the
// NOTIFY sender behind reset, reconfigure, sync and reboot.
//
// It uses sipgo's transport layer for sockets and parsing, but answers
// REGISTER without a server transaction per request, as Kamailio does.
// Nonces carry their issue time under an HMAC and are verified without
// state. The replay guard remembers, per account, each nonce count used
// and a keyed hash of the request that used it (its source, transaction,
// Contacts, Expires, Path): the same request again within a transaction's
// lifetime is a retransmission and is answered as the first copy was, any
// other request with that count is a replay and is challenged again. The
// digest does not cover the Contact, so this is what keeps a captured
// REGISTER from moving a phone's registration. Every answer is in SIP/2.0;
// a request in another version gets 505.
//
// Wiring: serve does not use a Server directly. Package registrar builds
// it, fills the options that need the store and the bus (Persister,
// OnStatus, OnSecurity), loads the persisted bindings and runs it; serve
// gives registrar.New these options and the open listeners:
//
//   - Options.Accounts is an AccountSource over the store (app.SIPAccounts):
//     it looks an account up by digest user name with HA1 values prepared
//     for the customer's realm, says whether the device's site requires
//     encryption and carries the customer's IP allow-list (a REGISTER with
//     the right credentials from outside it gets 403 and an
//     address_refused security event). Call Server.Invalidate when an
//     account changes (new password, site encryption, allow-list, a
//     hot-desk login, deletion, creation: misses are cached briefly too);
//     the registrar does on change notices.
//   - Options.Persister saves bindings write-behind; Server.Load restores
//     them before Serve, so a restart keeps registrations until they expire.
//   - Options.OnStatus receives StatusEvents (online, offline, double
//     registration); a device coming online is the moment to deliver an
//     action kept pending while it was offline.
//   - Options.OnSecurity receives failed authentications, blocks and
//     allow-list refusals for the audit trail.
//   - Serve runs on listeners opened by the caller (UDP, TCP, TLS, WS,
//     WSS) and returns the error of the first that fails, naming its
//     address.
//   - Server.Notify sends check-sync to every binding of a device and
//     reports one Outcome per binding; ENOTFOUND means offline.
//   - After new SIP credentials, Server.NotifyAs sends it to the bindings
//     made with the previous account, answering the phone's challenge with
//     that account, and Server.DropBindings removes them.
//   - QuietDefaultLogger keeps sipgo's process-wide log to errors; the
//     first registrar of a process calls it.
//   - StatusFor is the one table from domain error codes to SIP status.
package sip
