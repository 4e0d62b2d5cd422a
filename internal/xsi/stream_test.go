package xsi_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stream is an open event channel as a CTI client reads it: one document
// after the other.
type stream struct {
	t    testing.TB
	id   string
	docs chan string
	resp *http.Response
}

// header starts every document on a channel.
const header = "<?xml"

// openChannel opens a channel of the set and reads its Channel document.
func (c *client) openChannel(set string, priority, expires int) *stream {
	t := c.e.t
	t.Helper()
	body := `<?xml version="1.0" encoding="UTF-8"?><Channel xmlns="http://schema.broadsoft.com/xsi"><channelSetId>` + set +
		`</channelSetId><priority>` + itoa(priority) + `</priority><weight>50</weight><expires>` + itoa(expires) + `</expires></Channel>`
	req, err := http.NewRequest(http.MethodPost, c.srv.URL+"/com.broadsoft.async"+eventsPath("channel"), strings.NewReader(body))
	c.e.must(err)
	req.SetBasicAuth(c.user, c.password)
	resp, err := c.srv.Client().Do(req)
	c.e.must(err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("open channel: status %d", resp.StatusCode)
	}
	s := &stream{t: t, docs: make(chan string, 100), resp: resp}
	t.Cleanup(func() { resp.Body.Close() })
	go s.read()
	first := s.next("Channel")
	s.id = between(first, "<channelId>", "</channelId>")
	return s
}

// read splits the stream into documents: each starts with the XML
// declaration and ends with its root's closing tag.
func (s *stream) read() {
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

// next returns the next document, which must contain want.
func (s *stream) next(want string) string {
	s.t.Helper()
	select {
	case d, ok := <-s.docs:
		if !ok {
			s.t.Fatalf("the channel ended while waiting for %q", want)
		}
		if !strings.Contains(d, want) {
			s.t.Fatalf("got %s, want a document with %q", d, want)
		}
		return d
	case <-time.After(5 * time.Second):
		s.t.Fatalf("no document with %q within 5s", want)
	}
	return ""
}

// none checks that no document arrives for a while.
func (s *stream) none(wait time.Duration) {
	s.t.Helper()
	select {
	case d, ok := <-s.docs:
		if ok {
			s.t.Fatalf("unexpected document %s", d)
		}
	case <-time.After(wait):
	}
}

// between is the text of s between two markers.
func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return v
}

func itoa(n int) string { return strconv.Itoa(n) }
