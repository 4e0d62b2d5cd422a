package xsi

import (
	"encoding/xml"
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// action serves Xsi-Actions: user/<userId>/profile, calls and services.
func (h *Handler) action(c *call, seg []string) error {
	if len(seg) < 3 || seg[0] != "user" {
		return errNoResource
	}
	u, err := h.svc.CTIUser(c.r.Context(), c.p, seg[1])
	if err != nil {
		return err
	}
	base := "/com.broadsoft.xsi-actions/v2.0/user/" + seg[1]
	switch seg[2] {
	case "profile":
		return h.profile(c, u, base, seg[3:])
	case "calls":
		return h.calls(c, u, base, seg[3:])
	case "services":
		if len(seg) != 4 {
			return errNoResource
		}
		return h.service(c, u, seg[3])
	}
	return errNoResource
}

// profile answers the user's Profile and their feature access codes.
func (h *Handler) profile(c *call, u *app.CTIUser, base string, seg []string) error {
	if c.r.Method != http.MethodGet {
		return errMethod(c.r)
	}
	switch {
	case len(seg) == 0:
		writeXML(c.w, http.StatusOK, document(profileDocument(u, base)))
	case len(seg) == 1 && seg[0] == "Fac":
		writeXML(c.w, http.StatusOK, document(facDocument()))
	default:
		return errNoResource
	}
	return nil
}

// profileDocument is the user's Profile: the group is the customer, which
// is also its own enterprise (service provider).
func profileDocument(u *app.CTIUser, base string) *element {
	w := u.Workplace
	number := ""
	if len(w.Numbers) > 0 {
		number = w.Numbers[0]
	}
	details := el("details", leaf("userId", w.Username), leaf("firstName", w.FirstName), leaf("lastName", w.LastName),
		leaf("groupId", u.Customer.ID), leaf("serviceProvider", u.Customer.ID).attr("isEnterprise", "true"),
		optional("number", number), optional("extension", w.Extension))
	return el("Profile", details, el("additionalDetails"), leaf("fac", base+"/profile/Fac"))
}

// featureCodes are the codes the call router knows (issue 16), with the
// names BroadWorks gives the services.
var featureCodes = [][2]string{
	{"Call Forwarding Always To Voice Mail Activation", switchboard.CodeForwardVoicemailOn},
	{"Call Forwarding Always To Voice Mail Deactivation", switchboard.CodeForwardVoicemailOff},
	{"Voice Mail Retrieval", switchboard.CodeVoicemail},
	{"Call Pull", switchboard.CodeCallPull},
	{"Hoteling Guest Log In", strings.TrimSuffix(switchboard.CodeHotDeskLogIn, "*")},
	{"Hoteling Guest Log Out", switchboard.CodeHotDeskLogOut},
}

// facDocument lists the feature access codes.
func facDocument() *element {
	e := el("FAC")
	for _, f := range featureCodes {
		e.add(el("featureAccessCode", leaf("codeName", f[0]), leaf("code", f[1])))
	}
	return e
}

// calls serves user/<userId>/calls and the actions on them.
func (h *Handler) calls(c *call, u *app.CTIUser, base string, seg []string) error {
	ctx, wid, m := c.r.Context(), u.Workplace.ID, c.r.Method
	switch {
	case len(seg) == 0 && m == http.MethodGet:
		calls, err := h.svc.CTICalls(ctx, c.p, wid)
		if err != nil {
			return err
		}
		writeXML(c.w, http.StatusOK, callsDocument(base, calls))
		return nil
	case len(seg) == 1 && seg[0] == "new" && m == http.MethodPost:
		return h.placed(c, http.StatusCreated, wid, app.CallAction{Kind: app.CallDial, Address: c.r.URL.Query().Get("address")})
	case len(seg) == 1 && seg[0] == "CallRetrieve" && m == http.MethodPost:
		return h.placed(c, http.StatusCreated, wid, app.CallAction{Kind: app.CallRetrieve})
	case len(seg) == 1 && seg[0] == "Conference" && m == http.MethodPost:
		ids, err := h.conferenceCalls(c, wid)
		if err != nil {
			return err
		}
		return h.act(c, wid, app.CallAction{Kind: app.CallConference, CallIDs: ids})
	case len(seg) == 1 && m == http.MethodGet:
		call, err := h.svc.CTICall(ctx, c.p, wid, seg[0])
		if err != nil {
			return err
		}
		writeXML(c.w, http.StatusOK, document(callElement("Call", &call)))
		return nil
	case len(seg) == 1 && m == http.MethodDelete:
		return h.act(c, wid, app.CallAction{Kind: app.CallRelease, CallID: seg[0]})
	case len(seg) >= 2 && m == http.MethodPut:
		return h.callAction(c, wid, seg)
	}
	if len(seg) > 3 {
		return errNoResource
	}
	return errMethod(c.r)
}

// callAction serves PUT calls/<id>/Talk, Hold, BlindTransfer,
// ConsultTransfer/<id2> and VmTransfer.
func (h *Handler) callAction(c *call, wid string, seg []string) error {
	a := app.CallAction{CallID: seg[0], Address: c.r.URL.Query().Get("address")}
	switch {
	case len(seg) == 2 && seg[1] == "Talk":
		a.Kind = app.CallTalk
	case len(seg) == 2 && seg[1] == "Hold":
		a.Kind = app.CallHold
	case len(seg) == 2 && seg[1] == "BlindTransfer":
		a.Kind = app.CallBlindTransfer
	case len(seg) == 2 && seg[1] == "VmTransfer":
		a.Kind = app.CallVoicemailTransfer
	case len(seg) == 3 && seg[1] == "ConsultTransfer":
		a.Kind, a.OtherCallID = app.CallConsultTransfer, seg[2]
	default:
		return errNoResource
	}
	return h.act(c, wid, a)
}

// act carries out an action that answers with an empty 200.
func (h *Handler) act(c *call, wid string, a app.CallAction) error {
	if _, err := h.svc.CTIAct(c.r.Context(), c.p, wid, a); err != nil {
		return err
	}
	c.w.WriteHeader(http.StatusOK)
	return nil
}

// placed carries out an action that places or pulls a call and answers
// with its CallStartInfo.
func (h *Handler) placed(c *call, status int, wid string, a app.CallAction) error {
	call, err := h.svc.CTIAct(c.r.Context(), c.p, wid, a)
	if err != nil {
		return err
	}
	writeXML(c.w, status, callStartInfo(call))
	return nil
}

// conferenceBody is the optional body of POST calls/Conference naming the
// calls to join; without one, all of the user's calls are joined.
type conferenceBody struct {
	Participants []string `xml:"conferenceParticipantList>conferenceParticipant>callId"`
}

// conferenceCalls reads the calls to join.
func (h *Handler) conferenceCalls(c *call, wid string) ([]string, error) {
	data, err := c.body()
	if err != nil {
		return nil, err
	}
	if len(data) > 0 {
		var b conferenceBody
		if err := xml.Unmarshal(data, &b); err != nil {
			return nil, switchboard.Errorf(switchboard.EINVALID, "the body is not a Conference document: %v", err)
		}
		if len(b.Participants) > 0 {
			return b.Participants, nil
		}
	}
	calls, err := h.svc.CTICalls(c.r.Context(), c.p, wid)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(calls))
	for _, call := range calls {
		ids = append(ids, call.ID)
	}
	return ids, nil
}

// service serves GET and PUT services/<name>.
func (h *Handler) service(c *call, u *app.CTIUser, name string) error {
	s := serviceNamed(name)
	if s == nil {
		return errNoResource
	}
	ctx, wid := c.r.Context(), u.Workplace.ID
	cur, err := h.svc.CallSettings(ctx, c.p, wid)
	if err != nil {
		return err
	}
	switch c.r.Method {
	case http.MethodGet:
		writeXML(c.w, http.StatusOK, document(s.render(cur)))
		return nil
	case http.MethodPut:
	default:
		return errMethod(c.r)
	}
	if err := h.svc.CTICheckAct(ctx, c.p, wid); err != nil {
		return err
	}
	data, err := c.body()
	if err != nil {
		return err
	}
	b, err := parseServiceBody(s.name, data)
	if err != nil {
		return err
	}
	patch, err := s.patch(b, cur)
	if err != nil {
		return err
	}
	if _, err := h.svc.UpdateCallSettings(ctx, c.p, wid, patch, switchboard.SettingsByCTI); err != nil {
		return err
	}
	c.w.WriteHeader(http.StatusOK)
	return nil
}
