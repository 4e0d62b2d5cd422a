// Package sip is Switchboard's SIP side: a registrar with digest
// authentication, the location service behind device status, the NOTIFY
// sender behind reset, reconfigure, sync and reboot, and the B2BUA that
// relays calls (issue 16).
//
// It uses sipgo's transport layer for sockets and parsing, but answers
// REGISTER without a server transaction per request, as Kamailio does; a
// UDP REGISTER in the plain form phones send is read from the datagram's
// bytes and answered without sipgo's message model (fastreg_scan.go says
// why), anything else is parsed by sipgo.
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
//   - StatusFor is the one table from domain error codes to SIP status;
//     its call column answers a refused call (ECONFLICT 486, EINVALID 484).
//
// Calls: with Options.Router set the server is a B2BUA on the same
// listeners (b2bua_*.go). Call signalling runs in sipgo's transaction
// state machines (call_tx.go: server and client transactions kept by their
// RFC 3261 keys, so REGISTER's stateless path stays as it was). A device's
// INVITE is challenged 407 with its SIP account, with REGISTER's nonces,
// failure guard and replay guard; an INVITE from a trunk's inbound address
// (Options.Trunks) is taken without one. The router says where it goes;
// every binding of every target device, each trunk number (answering the
// trunk's 401/407 with its credentials) and each service URI rings at
// once, the first 2xx wins and the other legs get CANCEL. Re-INVITE,
// UPDATE and INFO are relayed with the SDP untouched (media flows end to
// end), its direction telling hold from resume; REFER transfers blind or,
// with Replaces, attended; the call-pull code moves the call to the device
// that dialled it. Options.OnCallEvents receives each workplace's view of
// each change, in batches, on the call events goroutine, and the Server
// is the node's switchboard.CallControl (Calls, Dial, Hold, transfers,
// Retrieve, Conference).
// Every trunk with Register set (Trunks.RegisteredTrunks) is registered
// under this node's own Contact, its 401/407 answered with its
// credentials, refreshed at half the granted lifetime, retried after 30 s
// doubling to 10 min, and unregistered (Expires: 0) when it is deleted or
// changed or Serve stops; ReloadTrunks re-reads the trunks, and
// TrunkRegistration says where each stands on this node. Every change of
// that state goes to Trunks.RecordTrunkRegistration, so every node can
// show every node's.
// Wiring: Router, Trunks and OnCallEvents are the use cases
// (app.Service.Route, TrunkByAddress, TrunkSecret, RegisteredTrunks,
// RecordTrunkRegistration, RecordCallEvents), app Options.Calls is this
// Server (registrar.Calls), and the registrar calls ReloadTrunks on
// switchboard.TopicTrunk.
package sip
