package messages

import (
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TopStopNotice is what a TopStop mail tells: which level reached its
// limit in which month, and the sums.
type TopStopNotice struct {
	Hit   switchboard.TopStopHit
	Month string
	// Workplace is the workplace of a workplace level, to name it; nil
	// otherwise.
	Workplace *switchboard.Workplace
}

// topStopData is a TopStop mail's own part of data, in words.
type topStopData struct {
	Level   string
	Subject string
	Month   string
	Spent   string
	Limit   string
	// Path is the API path where the limit is raised.
	Path string
}

// TopStop writes the mail to the customer's admin address that one of its
// levels reached its charge limit, in lang (the administrators' language;
// German when empty).
func TopStop(env Env, c *switchboard.Customer, n TopStopNotice, lang string, now time.Time) (*switchboard.Message, error) {
	kind := switchboard.MessageTopStop
	lang = Language(kind, lang)
	d := newData(env, lang, nil)
	d.Customer = c.Name
	t := topStopData{Level: levelWords[lang][n.Hit.Level], Subject: n.Hit.Subject, Month: n.Month,
		Spent: switchboard.FormatCents(n.Hit.Spent), Limit: switchboard.FormatCents(n.Hit.Limit)}
	switch n.Hit.Level {
	case switchboard.LevelCustomer:
		t.Subject, t.Path = c.Name, "PATCH /api/v1/customers/"+c.ID
	case switchboard.LevelWorkplace:
		if w := n.Workplace; w != nil {
			t.Subject = w.FirstName + " " + w.LastName + " (" + w.Extension + ")"
		}
		t.Path = "PATCH /api/v1/workplaces/" + n.Hit.Subject
	case switchboard.LevelNumber:
		t.Path = "PATCH /api/v1/customers/" + c.ID + "/numbers/" + n.Hit.Subject
	}
	d.TopStop = t
	m, err := render(kind, lang, switchboard.ChannelEmail, c.AdminEmail, d, now)
	return withCustomer(m, c.ID, err)
}

// levelWords name the charge levels.
var levelWords = map[string]map[string]string{
	"de": {switchboard.LevelCustomer: "Kunde", switchboard.LevelWorkplace: "Arbeitsplatz", switchboard.LevelNumber: "Rufnummer"},
	"en": {switchboard.LevelCustomer: "customer", switchboard.LevelWorkplace: "workplace", switchboard.LevelNumber: "number"},
	"fr": {switchboard.LevelCustomer: "client", switchboard.LevelWorkplace: "poste de travail", switchboard.LevelNumber: "numéro"},
}
