package main

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
)

// startBanner is what a person starting serve on a terminal needs to go
// on: where each part listens, where the operator token is, and the next
// command. The log lines say the same for machines.
type startBanner struct {
	// API, Prov are the bound addresses of the API and the provisioning
	// server; ProvURL is the base phones are sent to (--public-host).
	API, Prov, ProvURL string
	// SIP lists the SIP listeners in order, as "UDP 0.0.0.0:5060".
	SIP []string
	// TokenFile is the operator token's path; DataDir the data directory
	// as given, for the next command's --data.
	TokenFile, DataDir string
}

// bannerOf collects the banner of a serve on ls with the data directory
// and public host given.
func bannerOf(ls *listeners, dataDir, publicHost string) startBanner {
	b := startBanner{
		API:       ls.http.Addr().String(),
		Prov:      ls.prov.Addr().String(),
		ProvURL:   "https://" + net.JoinHostPort(publicHost, strconv.Itoa(portOf(ls.prov.Addr()))),
		TokenFile: filepath.Join(dataDir, operatorTokenFile),
		DataDir:   dataDir,
	}
	if abs, err := filepath.Abs(b.TokenFile); err == nil {
		b.TokenFile = abs
	}
	for _, l := range sipListeners(ls) {
		b.SIP = append(b.SIP, l.transport+" "+l.addr)
	}
	return b
}

type sipListen struct{ transport, addr string }

// sipListeners names the SIP listeners that are open, by transport.
func sipListeners(ls *listeners) []sipListen {
	out := []sipListen{{"UDP", ls.sipUDP.LocalAddr().String()}, {"TCP", ls.sipTCP.Addr().String()}}
	if ls.sipTLS != nil {
		out = append(out, sipListen{"TLS", ls.sipTLS.Addr().String()})
	}
	if ls.sipWSS != nil {
		out = append(out, sipListen{"WSS", ls.sipWSS.Addr().String()})
	}
	return out
}

// write prints the banner.
func (b startBanner) write(w io.Writer) {
	server := clientURL(b.API)
	next := "switchboard customer create --name \"Acme GmbH\" --admin-email it@acme.example"
	if server != "http://127.0.0.1:8080" {
		next += " --server " + server
	}
	dataFlag := ""
	if d := filepath.Clean(b.DataDir); d != "data" {
		dataFlag = " --data " + d
	}
	next += dataFlag
	fmt.Fprintf(w, `
Switchboard is running.
  Portal         %s/  (accounts: switchboard operator create NAME%s)
  API            %s  (OpenAPI: %s/api/openapi.json)
  Provisioning   %s  (phones are sent to %s)
  SIP            %s
  Operator token %s
Next, in a second terminal in this directory:
  %s
Stop with Ctrl-C.

`, server, dataFlag, server, server, b.Prov, b.ProvURL, strings.Join(b.SIP, ", "), b.TokenFile, next)
}

// clientURL is the URL a client on this machine reaches the API at: an
// address bound to every interface is reached through loopback.
func clientURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
