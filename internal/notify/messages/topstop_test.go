package messages_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// TestTopStopGolden writes the TopStop mail of a workplace in each
// language, and of the customer and a number in English: to the admin
// address, naming the level, the sums and where the limit is raised.
func TestTopStopGolden(t *testing.T) {
	w := &switchboard.Workplace{ID: "wp_1", FirstName: "Anna", LastName: "<Muster>", Extension: "201"}
	for _, tc := range []struct {
		name, lang string
		n          messages.TopStopNotice
		path       string
	}{
		{"workplace.de", "de", messages.TopStopNotice{Hit: switchboard.TopStopHit{Level: switchboard.LevelWorkplace, Subject: "wp_1", Spent: 5010, Limit: 5000}, Month: "2026-11", Workplace: w}, "PATCH /api/v1/workplaces/wp_1"},
		{"workplace.en", "en", messages.TopStopNotice{Hit: switchboard.TopStopHit{Level: switchboard.LevelWorkplace, Subject: "wp_1", Spent: 5010, Limit: 5000}, Month: "2026-11", Workplace: w}, "PATCH /api/v1/workplaces/wp_1"},
		{"workplace.fr", "fr", messages.TopStopNotice{Hit: switchboard.TopStopHit{Level: switchboard.LevelWorkplace, Subject: "wp_1", Spent: 5010, Limit: 5000}, Month: "2026-11", Workplace: w}, "PATCH /api/v1/workplaces/wp_1"},
		{"customer.en", "en", messages.TopStopNotice{Hit: switchboard.TopStopHit{Level: switchboard.LevelCustomer, Subject: "cus_1", Spent: 100000, Limit: 100000}, Month: "2026-11"}, "PATCH /api/v1/customers/cus_1"},
		{"number.de", "", messages.TopStopNotice{Hit: switchboard.TopStopHit{Level: switchboard.LevelNumber, Subject: "+4930555010", Spent: 300, Limit: 300}, Month: "2026-11"}, "PATCH /api/v1/customers/cus_1/numbers/+4930555010"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := messages.TopStop(env, customer(), tc.n, tc.lang, now)
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != switchboard.MessageTopStop || m.To != customer().AdminEmail || m.CustomerID != "cus_1" ||
				!strings.Contains(m.Text, tc.path) || strings.Contains(m.HTML, "<Muster>") {
				t.Errorf("TopStop mail: %+v", m)
			}
			golden(t, "topstop_reached."+tc.name, m)
		})
	}
}
