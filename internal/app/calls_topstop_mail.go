package app

import (
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// topStopMail queues the mail telling the customer's administrators that
// a level reached its limit, in the transaction that noted it (so once per
// level and month, not per refused call). It is written in the language
// the administrators chose in the portal, else the workplace's (its
// site's) for a workplace's limit, else German.
func (s *Service) topStopMail(tx switchboard.Tx, customerID, month string, h switchboard.TopStopHit, now time.Time) error {
	c, err := tx.Customer(customerID)
	if err != nil {
		return fmt.Errorf("customer of a TopStop: %w", err)
	}
	n := messages.TopStopNotice{Hit: h, Month: month}
	if h.Level == switchboard.LevelWorkplace {
		w, err := tx.Workplace(h.Subject)
		if err != nil {
			return fmt.Errorf("workplace of a TopStop: %w", err)
		}
		if n.Workplace, err = forMessages(tx, w); err != nil {
			return err
		}
	}
	lang, err := adminLanguage(tx, c)
	if err != nil {
		return err
	}
	if lang == "" && n.Workplace != nil {
		lang = n.Workplace.Language
	}
	m, err := messages.TopStop(s.notify.env, c, n, lang, now)
	if err != nil {
		return err
	}
	return queue(tx, m)
}

// adminLanguage is the portal language of the customer's administrator
// account (the one of its admin address); "" when none is set.
func adminLanguage(tx switchboard.Tx, c *switchboard.Customer) (string, error) {
	a, err := tx.PortalAccountByUsername(strings.ToLower(c.AdminEmail))
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", fmt.Errorf("administrator of %s: %w", c.ID, err)
	case a.CustomerID != c.ID:
		return "", nil
	}
	return a.Language, nil
}
