// Package xsitest is a CTI client for tests: it speaks Xsi-Actions and
// reads Xsi-Events channels over HTTP as a CTI server does, so that tests
// of the interface and of serve need no outside tool.
package xsitest

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Client is one account of a CTI server against one base URL.
type Client struct {
	T              testing.TB
	Base           string
	User, Password string
}

// Answer is one HTTP answer.
type Answer struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends one request; path starts after the base URL.
func (c *Client) Do(method, path, body string) Answer {
	c.T.Helper()
	req, err := http.NewRequest(method, c.Base+path, strings.NewReader(body))
	if err != nil {
		c.T.Fatal(err)
	}
	req.SetBasicAuth(c.User, c.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatal(err)
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// Want checks the status of an answer and returns its body.
func (a Answer) Want(t testing.TB, status int) string {
	t.Helper()
	if a.Status != status {
		t.Fatalf("status %d, want %d; body %s", a.Status, status, a.Body)
	}
	return a.Body
}

// Actions is the Xsi-Actions path of a user's resource.
func Actions(user, rest string) string {
	return "/com.broadsoft.xsi-actions/v2.0/user/" + user + "/" + rest
}

// Events is an Xsi-Events path.
func Events(rest string) string { return "/com.broadsoft.xsi-events/v2.0/" + rest }

// Subscribe subscribes the channel set to a package of a target (a path
// after v2.0/) and returns the subscription id.
func (c *Client) Subscribe(target, set, pkg string) string {
	c.T.Helper()
	body := c.Do(http.MethodPost, Events(target), `<?xml version="1.0" encoding="UTF-8"?><Subscription xmlns="http://schema.broadsoft.com/xsi">`+
		`<event>`+pkg+`</event><expires>3600</expires><channelSetId>`+set+`</channelSetId><applicationId>test</applicationId></Subscription>`).
		Want(c.T, http.StatusOK)
	return Between(body, "<subscriptionId>", "</subscriptionId>")
}

// Ack acknowledges an event.
func (c *Client) Ack(event string) {
	c.T.Helper()
	id := Between(event, "<xsi:eventID>", "</xsi:eventID>")
	c.Do(http.MethodPost, Events("channel/eventresponse"), `<EventResponse xmlns="http://schema.broadsoft.com/xsi"><eventID>`+id+
		`</eventID><statusCode>200</statusCode><reason>OK</reason></EventResponse>`).Want(c.T, http.StatusOK)
}

// Stream is an open event channel as a CTI client reads it: one document
// after the other.
type Stream struct {
	t    testing.TB
	ID   string
	docs chan string
	resp *http.Response
}

// OpenChannel opens a channel of the set under the asynchronous path and
// reads its Channel document.
func (c *Client) OpenChannel(set string, priority, expires int) *Stream {
	t := c.T
	t.Helper()
	body := `<?xml version="1.0" encoding="UTF-8"?><Channel xmlns="http://schema.broadsoft.com/xsi"><channelSetId>` + set +
		`</channelSetId><priority>` + strconv.Itoa(priority) + `</priority><weight>50</weight><expires>` + strconv.Itoa(expires) + `</expires></Channel>`
	req, err := http.NewRequest(http.MethodPost, c.Base+"/com.broadsoft.async"+Events("channel"), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(c.User, c.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("open channel: status %d", resp.StatusCode)
	}
	s := &Stream{t: t, docs: make(chan string, 100), resp: resp}
	t.Cleanup(func() { resp.Body.Close() })
	go s.read()
	s.ID = Between(s.Next("Channel"), "<channelId>", "</channelId>")
	return s
}

// read splits the stream into documents: each starts with the XML
// declaration and ends with its root's closing tag.
func (s *Stream) read() {
	defer close(s.docs)
	var buf strings.Builder
	b := make([]byte, 4096)
	for {
		n, err := s.resp.Body.Read(b)
		buf.WriteString(string(b[:n]))
		rest := buf.String()
		for {
			doc, tail, ok := cut(rest)
			if !ok {
				break
			}
			s.docs <- doc
			rest = tail
		}
		buf.Reset()
		buf.WriteString(rest)
		if err != nil {
			return
		}
	}
}

var rootName = regexp.MustCompile(`^<\?xml[^>]*\?>\s*<([A-Za-z:]+)`)

// cut returns the first whole document of s and what follows it.
func cut(s string) (doc, rest string, ok bool) {
	m := rootName.FindStringSubmatch(s)
	if m == nil {
		return "", s, false
	}
	end := "</" + m[1] + ">"
	i := strings.Index(s, end)
	if j := strings.Index(s, "/>"); j >= 0 && (i < 0 || j < i) && strings.Count(s[:j], "<") == 2 {
		return s[:j+2], s[j+2:], true
	}
	if i < 0 {
		return "", s, false
	}
	return s[:i+len(end)], s[i+len(end):], true
}

// Next returns the next document, which must contain want.
func (s *Stream) Next(want string) string {
	s.t.Helper()
	d := s.next(want)
	if !strings.Contains(d, want) {
		s.t.Fatalf("got %s, want a document with %q", d, want)
	}
	return d
}

// Until skips documents until one contains want, and returns it.
func (s *Stream) Until(want string) string {
	s.t.Helper()
	for {
		if d := s.next(want); strings.Contains(d, want) {
			return d
		}
	}
}

// next waits at most 5 s for the next document.
func (s *Stream) next(want string) string {
	s.t.Helper()
	select {
	case d, ok := <-s.docs:
		if !ok {
			s.t.Fatalf("the channel ended while waiting for %q", want)
		}
		return d
	case <-time.After(5 * time.Second):
		s.t.Fatalf("no document with %q within 5s", want)
	}
	return ""
}

// None checks that no document arrives for a while.
func (s *Stream) None(wait time.Duration) {
	s.t.Helper()
	select {
	case d, ok := <-s.docs:
		if ok {
			s.t.Fatalf("unexpected document %s", d)
		}
	case <-time.After(wait):
	}
}

// Between is the text of s between two markers.
func Between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return v
}
