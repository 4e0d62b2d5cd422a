package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestStartBanner: the banner names every listener, the portal with the
// command that makes its accounts, the token file and a next command
// that reaches this server with this data directory.
func TestStartBanner(t *testing.T) {
	for _, c := range []struct {
		name string
		b    startBanner
		want []string
	}{
		{"defaults", startBanner{
			API: "127.0.0.1:8080", Prov: "[::]:8448", ProvURL: "https://vm:8448",
			SIP:       []string{"UDP [::]:5060", "TCP [::]:5060", "TLS [::]:5061"},
			TokenFile: "/home/anna/switchboard/data/operator.token", DataDir: "./data",
		}, []string{
			"Portal         http://127.0.0.1:8080/  (accounts: switchboard operator create NAME)\n",
			"API            http://127.0.0.1:8080  (OpenAPI: http://127.0.0.1:8080/api/openapi.json)",
			"Provisioning   [::]:8448  (phones are sent to https://vm:8448)",
			"SIP            UDP [::]:5060, TCP [::]:5060, TLS [::]:5061\n",
			"Operator token /home/anna/switchboard/data/operator.token",
			"  switchboard customer create --name \"Acme GmbH\" --admin-email it@acme.example\n",
		}},
		{"elsewhere", startBanner{
			API: "0.0.0.0:9090", Prov: "0.0.0.0:8448", ProvURL: "https://pbx.example.net:8448",
			SIP:       []string{"UDP 0.0.0.0:5060", "TCP 0.0.0.0:5060", "WSS 0.0.0.0:8443"},
			TokenFile: "/srv/sb/operator.token", DataDir: "/srv/sb",
		}, []string{
			"Portal         http://127.0.0.1:9090/  (accounts: switchboard operator create NAME --data /srv/sb)",
			"API            http://127.0.0.1:9090",
			"SIP            UDP 0.0.0.0:5060, TCP 0.0.0.0:5060, WSS 0.0.0.0:8443\n",
			"--admin-email it@acme.example --server http://127.0.0.1:9090 --data /srv/sb\n",
		}},
	} {
		var out bytes.Buffer
		c.b.write(&out)
		for _, w := range c.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: banner lacks %q:\n%s", c.name, w, out.String())
			}
		}
	}
}
