package xsi

import (
	"encoding/xml"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// voicemailNumber is the number CTI servers forward to for the voicemail
// (seed 002: BSVoiceMailNumber=*86, the number phones dial for it).
const voicemailNumber = switchboard.CodeVoicemail

// A service is one of the user services Xsi-Actions reads and writes and
// Xsi-Events reports: its name in URLs and documents, its event package,
// how the settings look in its document and how a document changes them.
type service struct {
	name   string
	pkg    string
	render func(s *switchboard.CallSettings) *element
	patch  func(body *serviceBody, cur *switchboard.CallSettings) (app.CallSettingsPatch, error)
}

// services are the user services of the CTI interface, in the order
// their events are sent for one change.
var services = []*service{
	{name: "CallForwardingAlways", pkg: "Call Forwarding Always", render: renderForwardAlways, patch: patchForwardAlways},
	{name: "DoNotDisturb", pkg: "Do Not Disturb", render: renderDoNotDisturb, patch: patchDoNotDisturb},
	{name: "RemoteOffice", pkg: "Remote Office", render: renderRemoteOffice, patch: patchRemoteOffice},
	{name: "SimultaneousRingPersonal", pkg: "Simultaneous Ring Personal", render: renderParallelRinging, patch: patchParallelRinging},
	{name: "VoiceMessaging", pkg: "Voice Messaging", render: renderVoiceMessaging, patch: patchVoiceMessaging},
}

// serviceNamed returns the service called name in URLs, or nil.
func serviceNamed(name string) *service {
	for _, s := range services {
		if s.name == name {
			return s
		}
	}
	return nil
}

// serviceBody is any of the services' documents as a client PUTs it;
// each service reads the elements of its own document.
type serviceBody struct {
	XMLName            xml.Name
	Active             *bool   `xml:"active"`
	ForwardTo          *string `xml:"forwardToPhoneNumber"`
	RemoteOfficeNumber *string `xml:"remoteOfficeNumber"`
	Locations          *struct {
		List []struct {
			Address string `xml:"address"`
		} `xml:"simRingLocation"`
	} `xml:"simRingLocations"`
	AlwaysRedirect   *bool `xml:"alwaysRedirectToVoiceMail"`
	NoAnswerRedirect *bool `xml:"noAnswerRedirectToVoiceMail"`
}

// parseServiceBody reads the document of service name.
func parseServiceBody(name string, data []byte) (*serviceBody, error) {
	var b serviceBody
	if err := xml.Unmarshal(data, &b); err != nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "the body is not an XML document: %v", err)
	}
	if b.XMLName.Local != name {
		return nil, switchboard.Errorf(switchboard.EINVALID, "the body must be a %s document, not %s", name, b.XMLName.Local)
	}
	return &b, nil
}

// forwardsToVoicemail says the settings forward every call to the
// mailbox.
func forwardsToVoicemail(s *switchboard.CallSettings) bool {
	return s.ForwardAlways && s.ForwardTo == ""
}

func renderForwardAlways(s *switchboard.CallSettings) *element {
	to := s.ForwardTo
	if forwardsToVoicemail(s) {
		to = voicemailNumber
	}
	return el("CallForwardingAlways", boolLeaf("active", s.ForwardAlways), optional("forwardToPhoneNumber", to),
		boolLeaf("ringSplash", false))
}

// patchForwardAlways maps the forwarding. The forwarding to the voicemail
// (seed 002) is CallForwardingAlways to *86: that is what CTI servers
// built for BroadWorks clouds send (their voicemail number is *86), and it
// is the same setting *21 and the portal switch, a ForwardAlways without a
// ForwardTo. VoiceMessaging's alwaysRedirectToVoiceMail shows and sets the
// very same setting, so both documents agree whichever way it was set.
func patchForwardAlways(b *serviceBody, _ *switchboard.CallSettings) (app.CallSettingsPatch, error) {
	p := app.CallSettingsPatch{ForwardAlways: b.Active}
	if b.ForwardTo != nil {
		to := *b.ForwardTo
		if to == voicemailNumber {
			to = ""
		}
		p.ForwardTo = &to
	}
	return p, nil
}

func renderDoNotDisturb(s *switchboard.CallSettings) *element {
	return el("DoNotDisturb", boolLeaf("active", s.DoNotDisturb), boolLeaf("ringSplash", false))
}

func patchDoNotDisturb(b *serviceBody, _ *switchboard.CallSettings) (app.CallSettingsPatch, error) {
	return app.CallSettingsPatch{DoNotDisturb: b.Active}, nil
}

func renderRemoteOffice(s *switchboard.CallSettings) *element {
	return el("RemoteOffice", boolLeaf("active", s.RemoteOffice), optional("remoteOfficeNumber", s.RemoteOfficeNumber))
}

func patchRemoteOffice(b *serviceBody, _ *switchboard.CallSettings) (app.CallSettingsPatch, error) {
	return app.CallSettingsPatch{RemoteOffice: b.Active, RemoteOfficeNumber: b.RemoteOfficeNumber}, nil
}

func renderParallelRinging(s *switchboard.CallSettings) *element {
	locations := el("simRingLocations")
	for _, n := range s.ParallelRingingNumbers {
		locations.add(el("simRingLocation", leaf("address", n), boolLeaf("answerConfirmationRequired", false)))
	}
	return el("SimultaneousRingPersonal", boolLeaf("active", s.ParallelRinging),
		leaf("incomingCalls", "Ring for all Incoming Calls"), locations)
}

func patchParallelRinging(b *serviceBody, _ *switchboard.CallSettings) (app.CallSettingsPatch, error) {
	p := app.CallSettingsPatch{ParallelRinging: b.Active}
	if b.Locations != nil {
		if len(b.Locations.List) > switchboard.MaxParallelNumbers {
			return p, switchboard.FieldErrorf("simRingLocations", "at most %d numbers ring in parallel", switchboard.MaxParallelNumbers)
		}
		numbers := make([]string, 0, len(b.Locations.List))
		for _, l := range b.Locations.List {
			numbers = append(numbers, l.Address)
		}
		p.ParallelRingingNumbers = &numbers
	}
	return p, nil
}

func renderVoiceMessaging(s *switchboard.CallSettings) *element {
	return el("VoiceMessaging", boolLeaf("active", s.Voicemail), boolLeaf("alwaysRedirectToVoiceMail", forwardsToVoicemail(s)),
		boolLeaf("busyRedirectToVoiceMail", s.Voicemail), boolLeaf("noAnswerRedirectToVoiceMail", s.Voicemail))
}

// patchVoiceMessaging switches the mailbox, and the forwarding to it
// (see patchForwardAlways); switching the redirection off ends only a
// forwarding to the mailbox, never one to a number.
func patchVoiceMessaging(b *serviceBody, cur *switchboard.CallSettings) (app.CallSettingsPatch, error) {
	p := app.CallSettingsPatch{Voicemail: b.Active}
	if b.NoAnswerRedirect != nil && b.Active == nil {
		p.Voicemail = b.NoAnswerRedirect
	}
	if b.AlwaysRedirect == nil {
		return p, nil
	}
	switch {
	case *b.AlwaysRedirect:
		on, none := true, ""
		p.ForwardAlways, p.ForwardTo = &on, &none
	case forwardsToVoicemail(cur):
		off := false
		p.ForwardAlways = &off
	}
	return p, nil
}

// event is the event data reporting the settings of one service.
func (s *service) event(cur *switchboard.CallSettings) *element {
	doc := s.render(cur)
	doc.name = "info"
	return el("eventData", doc).attr("xsi1:type", fmt.Sprintf("xsi:%sEvent", s.name))
}

// changed says whether the service's document differs between prev and
// cur: a change of settings is reported to the packages it changed.
func (s *service) changed(prev, cur *switchboard.CallSettings) bool {
	return prev == nil || text(s.render(prev)) != text(s.render(cur))
}

// text is e written without prefix, for comparing documents.
func text(e *element) string {
	return string(document(el("x", e)))
}
