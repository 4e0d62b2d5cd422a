package messages

import (
	"errors"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// PortalInvitation invites the customer's administrators (admin_email) to
// the portal: link is the one-time address where they set their password.
// lang is the language to write in; empty means German.
func PortalInvitation(env Env, c *switchboard.Customer, link, lang string, now time.Time) (*switchboard.Message, error) {
	if link == "" {
		return nil, errors.New("messages: no invitation link to send")
	}
	kind := switchboard.MessagePortalInvitation
	lang = Language(kind, lang)
	d := newData(env, lang, nil)
	d.Customer, d.Username, d.PortalURL = c.Name, c.AdminEmail, link
	m, err := render(kind, lang, switchboard.ChannelEmail, c.AdminEmail, d, now)
	return withCustomer(m, c.ID, err)
}
