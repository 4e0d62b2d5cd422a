package portal

import (
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// inviteRoutes are the invitation's pages: sending it from the customer
// page, and choosing the password through its link (/login?invite=…).
func (h *handler) inviteRoutes(mux *http.ServeMux) {
	mux.Handle("POST /customers/{id}/invite", h.private(h.invite))
	mux.Handle("POST /invite", h.public(h.acceptInvite))
}

// inviteForm is what the password page shows.
type inviteForm struct {
	Secret   string
	Username string
}

// invitePage is the log-in page's form for a link from the invitation
// mail: the account's username and a new password.
func (h *handler) invitePage(rq *request, secret string) error {
	a, err := h.svc.PortalInvite(rq.r.Context(), secret)
	if err != nil {
		return err
	}
	return rq.show("invite", "invite.title", inviteForm{Secret: secret, Username: a.Username})
}

func (h *handler) acceptInvite(rq *request) error {
	secret := rq.r.PostFormValue("invite")
	l, err := h.svc.AcceptPortalInvite(rq.r.Context(), secret, rq.r.PostFormValue("password"))
	if errs := fieldErrors(err); errs != nil {
		a, aerr := h.svc.PortalInvite(rq.r.Context(), secret)
		if aerr != nil {
			return aerr
		}
		return rq.render(http.StatusUnprocessableEntity, "invite", "invite.title", inviteForm{Secret: secret, Username: a.Username}, errs)
	}
	if err != nil {
		return err
	}
	rq.startSession(l)
	http.Redirect(rq.w, rq.r, "/", http.StatusSeeOther)
	return nil
}

// invite sends the customer's administrators a new invitation, written in
// the inviting person's language.
func (h *handler) invite(rq *request) error {
	id := rq.r.PathValue("id")
	if _, err := h.svc.InviteAdmin(rq.r.Context(), rq.principal(), id, rq.loc.Lang); err != nil {
		if switchboard.ErrorCode(err) == switchboard.EINVALID {
			return switchboard.Errorf(switchboard.ECONFLICT, "%s", switchboard.ErrorMessage(err))
		}
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+id+"?notice=invited", http.StatusSeeOther)
	return nil
}
