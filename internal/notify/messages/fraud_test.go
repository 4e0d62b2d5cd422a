package messages_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// fraudDevice is the device of the fraud alert's golden files, with a
// description that needs escaping in HTML.
func fraudDevice() *switchboard.Device {
	return &switchboard.Device{ID: "dev_01jfraud", CustomerID: "cus_1", WorkplaceID: "wp_1", Model: "yealink-t54w",
		Description: "Empfang <EG>"}
}

// sighting is a SIP registration of the golden files' device, after the
// golden time.
func sighting(mac, ip string, after time.Duration) switchboard.Sighting {
	return switchboard.Sighting{DeviceID: "dev_01jfraud", Via: switchboard.ViaSIP, MAC: mac, IP: ip,
		At: time.Date(2026, 11, 22, 9, 10, 0, 0, time.UTC).Add(after)}
}

// TestFraudAlertOfAFreeDevice writes the alert of a device without a
// workplace: in German, naming no workplace, to the admin address.
func TestFraudAlertOfAFreeDevice(t *testing.T) {
	d := fraudDevice()
	d.WorkplaceID = ""
	m, err := messages.FraudAlert(env, customer(), d, nil, sighting("", "192.0.2.7", 0), sighting("", "198.51.100.1", time.Minute), now)
	if err != nil {
		t.Fatal(err)
	}
	if m.Language != "de" || m.To != "it@kunde.example" || m.CustomerID != "cus_1" || strings.Contains(m.Text, "Arbeitsplatz:") ||
		!strings.Contains(m.Text, "switchboard device rotate dev_01jfraud") || !strings.Contains(m.HTML, "Empfang &lt;EG&gt;") {
		t.Errorf("alert of a free device: %+v", m)
	}
}
