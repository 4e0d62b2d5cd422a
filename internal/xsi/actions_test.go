package xsi_test

import (
	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestWrongPasswordIsRefusedAtOnceWithABasicChallenge(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	for _, user := range []string{tn.oneUser, tn.admin, tn.monitor, "nobody"} {
		c := e.as(user)
		c.Password = "wrong"
		a := c.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "profile"), "")
		body := a.Want(t, http.StatusUnauthorized)
		if !strings.HasPrefix(a.Header.Get("WWW-Authenticate"), "Basic ") {
			t.Errorf("%s: WWW-Authenticate %q, want a Basic challenge", user, a.Header.Get("WWW-Authenticate"))
		}
		if !strings.Contains(body, `<ErrorInfo xmlns="http://schema.broadsoft.com/xsi"><summary>`) || !strings.Contains(body, "<errorCode>") {
			t.Errorf("%s: body %s, want an ErrorInfo", user, body)
		}
	}
}

func TestLockOutComesAfterTenFailuresOfTheAccount(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	fail := func(user string, n int) {
		t.Helper()
		wrong := e.as(user)
		wrong.Password = "wrong"
		for range n {
			wrong.Do(http.MethodGet, xsitest.Actions(user, "profile"), "").Want(t, http.StatusUnauthorized)
		}
	}
	// Nine failures (three times the CTI server's three implicit tries)
	// still let the right password in.
	fail(tn.oneUser, 9)
	e.as(tn.oneUser).Do(http.MethodGet, xsitest.Actions(tn.oneUser, "profile"), "").Want(t, http.StatusOK)
	// The tenth failure locks the account out from this address, right
	// password or not; other accounts are not affected.
	fail(tn.twoUser, 10)
	e.as(tn.twoUser).Do(http.MethodGet, xsitest.Actions(tn.twoUser, "profile"), "").Want(t, http.StatusTooManyRequests)
	e.as(tn.admin).Do(http.MethodGet, xsitest.Actions(tn.twoUser, "profile"), "").Want(t, http.StatusOK)
}

func TestProfileAndFeatureAccessCodes(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	for _, user := range []string{tn.oneUser, tn.oneUser + "@" + tn.cust.SIPDomain} {
		body := e.as(tn.oneUser).Do(http.MethodGet, xsitest.Actions(user, "profile"), "").Want(t, http.StatusOK)
		want := `<Profile xmlns="http://schema.broadsoft.com/xsi"><details><userId>acme.one</userId><firstName>Erika</firstName>` +
			`<lastName>Mustermann</lastName><groupId>` + tn.cust.ID + `</groupId><serviceProvider isEnterprise="true">` + tn.cust.ID +
			`</serviceProvider><number>+49301000001</number><extension>201</extension></details>`
		if !strings.Contains(body, want) {
			t.Errorf("profile of %s:\n%s\nwant it to contain\n%s", user, body, want)
		}
	}
	body := e.as(tn.monitor).Do(http.MethodGet, xsitest.Actions(tn.oneUser, "profile/Fac"), "").Want(t, http.StatusOK)
	for _, code := range []string{"*21", "#21", "*86", "78811", "*55", "#55"} {
		if !strings.Contains(body, "<code>"+code+"</code>") {
			t.Errorf("FAC lacks %s: %s", code, body)
		}
	}
}

func TestAnotherCustomersUserIsNotFound(t *testing.T) {
	e := newEnv(t)
	acme, other := e.tenant("acme", 1), e.tenant("other", 2)
	for _, user := range []string{acme.oneUser, acme.admin, acme.monitor} {
		for _, path := range []string{xsitest.Actions(other.oneUser, "profile"), xsitest.Actions(other.oneUser, "calls"),
			xsitest.Actions(other.oneUser, "services/DoNotDisturb")} {
			a := e.as(user).Do(http.MethodGet, path, "")
			a.Want(t, http.StatusNotFound)
			if strings.Contains(a.Body, other.cust.ID) {
				t.Errorf("%s sees another customer's id: %s", user, a.Body)
			}
		}
	}
	// A user sees only themselves; their administrator everyone.
	e.as(acme.oneUser).Do(http.MethodGet, xsitest.Actions(acme.twoUser, "profile"), "").Want(t, http.StatusNotFound)
	e.as(acme.admin).Do(http.MethodGet, xsitest.Actions(acme.twoUser, "profile"), "").Want(t, http.StatusOK)
}

func TestCallControlByTheUserAndTheAdministrator(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	body := user.Do(http.MethodPost, xsitest.Actions(tn.oneUser, "calls/new?address=%2B4989123456"), "").Want(t, http.StatusCreated)
	want := `<CallStartInfo xmlns="http://schema.broadsoft.com/xsi"><callId>callhalf-1</callId><externalTrackingId>ext-1</externalTrackingId></CallStartInfo>`
	if !strings.Contains(body, want) {
		t.Errorf("dial answered %s, want %s", body, want)
	}
	calls := user.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "calls"), "").Want(t, http.StatusOK)
	if want := `<Calls xmlns="http://schema.broadsoft.com/xsi"><call><callId>callhalf-1</callId><uri>/com.broadsoft.xsi-actions/v2.0/user/acme.one/calls/callhalf-1</uri></call></Calls>`; !strings.Contains(calls, want) {
		t.Errorf("calls: %s, want %s", calls, want)
	}
	call := e.as(tn.monitor).Do(http.MethodGet, xsitest.Actions(tn.oneUser, "calls/callhalf-1"), "").Want(t, http.StatusOK)
	if want := `<Call xmlns="http://schema.broadsoft.com/xsi"><callId>callhalf-1</callId><extTrackingId>ext-1</extTrackingId><personality>Click-to-Dial</personality>` +
		`<state>Alerting</state><remoteParty><address>tel:+4989123456</address><callType>Network</callType></remoteParty><startTime>1796205600000</startTime></Call>`; !strings.Contains(call, want) {
		t.Errorf("call: %s, want %s", call, want)
	}
	user.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "calls/callhalf-9"), "").Want(t, http.StatusNotFound)
	for _, step := range []struct{ method, path string }{
		{http.MethodPut, "calls/callhalf-1/Hold"},
		{http.MethodPut, "calls/callhalf-1/Talk"},
		{http.MethodPut, "calls/callhalf-1/BlindTransfer?address=202"},
		{http.MethodPut, "calls/callhalf-1/ConsultTransfer/callhalf-2"},
		{http.MethodPut, "calls/callhalf-1/VmTransfer"},
		{http.MethodPost, "calls/Conference"},
		{http.MethodDelete, "calls/callhalf-1"},
	} {
		user.Do(step.method, xsitest.Actions(tn.oneUser, step.path), "").Want(t, http.StatusOK)
	}
	e.as(tn.admin).Do(http.MethodPost, xsitest.Actions(tn.oneUser, "calls/CallRetrieve"), "").Want(t, http.StatusCreated)
	got := e.calls.actions()
	want2 := []string{"dial " + tn.one.ID + " +4989123456", "hold callhalf-1", "talk callhalf-1", "blind callhalf-1 202",
		"consult callhalf-1 callhalf-2", "vm callhalf-1", "conference callhalf-1", "release callhalf-1", "retrieve"}
	if !slices.Equal(got, want2) {
		t.Errorf("the B2BUA was asked\n%q\nwant\n%q", got, want2)
	}
}

func TestMonitoringAccountMayWatchButNotAct(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	mon := e.as(tn.monitor)
	mon.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "calls"), "").Want(t, http.StatusOK)
	mon.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "services/CallForwardingAlways"), "").Want(t, http.StatusOK)
	for _, step := range []struct{ method, path, body string }{
		{http.MethodPost, "calls/new?address=202", ""},
		{http.MethodPut, "calls/callhalf-1/Hold", ""},
		{http.MethodDelete, "calls/callhalf-1", ""},
		{http.MethodPost, "calls/CallRetrieve", ""},
		{http.MethodPut, "services/DoNotDisturb", `<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`},
	} {
		mon.Do(step.method, xsitest.Actions(tn.oneUser, step.path), step.body).Want(t, http.StatusForbidden)
	}
	if got := e.calls.actions(); len(got) != 0 {
		t.Errorf("the B2BUA was asked %q for a monitoring account", got)
	}
}

func TestServicesReadAndWrittenAsTheSpecificationWritesThem(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	put := func(service, body string) {
		t.Helper()
		user.Do(http.MethodPut, xsitest.Actions(tn.oneUser, "services/"+service),
			`<?xml version="1.0" encoding="UTF-8"?><`+service+` xmlns="http://schema.broadsoft.com/xsi">`+body+`</`+service+`>`).Want(t, http.StatusOK)
	}
	get := func(service string) string {
		t.Helper()
		return user.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "services/"+service), "").Want(t, http.StatusOK)
	}
	put("CallForwardingAlways", `<active>true</active><forwardToPhoneNumber>*86</forwardToPhoneNumber>`)
	put("DoNotDisturb", `<active>true</active>`)
	put("RemoteOffice", `<active>true</active><remoteOfficeNumber>+4917612345678</remoteOfficeNumber>`)
	put("SimultaneousRingPersonal", `<active>true</active><simRingLocations><simRingLocation><address>+4917600000001</address></simRingLocation></simRingLocations>`)
	for service, want := range map[string]string{
		"CallForwardingAlways":     `<active>true</active><forwardToPhoneNumber>*86</forwardToPhoneNumber><ringSplash>false</ringSplash>`,
		"VoiceMessaging":           `<alwaysRedirectToVoiceMail>true</alwaysRedirectToVoiceMail>`,
		"DoNotDisturb":             `<active>true</active><ringSplash>false</ringSplash>`,
		"RemoteOffice":             `<active>true</active><remoteOfficeNumber>+4917612345678</remoteOfficeNumber>`,
		"SimultaneousRingPersonal": `<simRingLocation><address>+4917600000001</address>`,
	} {
		if got := get(service); !strings.Contains(got, want) {
			t.Errorf("%s: %s, want it to contain %s", service, got, want)
		}
	}
	// The forwarding to the voicemail is one setting, seen and switched
	// off through either document.
	put("VoiceMessaging", `<alwaysRedirectToVoiceMail>false</alwaysRedirectToVoiceMail>`)
	if got := get("CallForwardingAlways"); !strings.Contains(got, "<active>false</active>") {
		t.Errorf("forwarding after VoiceMessaging switched it off: %s", got)
	}
	user.Do(http.MethodPut, xsitest.Actions(tn.oneUser, "services/DoNotDisturb"), `<RemoteOffice><active>true</active></RemoteOffice>`).Want(t, http.StatusBadRequest)
	user.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "services/CallForwardingBusy"), "").Want(t, http.StatusNotFound)
}
