package sip

import (
	"bytes"
	"strconv"
	"strings"
)

// SDP directions (RFC 3264 §6.1).
const (
	sendRecv = "sendrecv"
	sendOnly = "sendonly"
	recvOnly = "recvonly"
	inactive = "inactive"
)

// sdpDirection returns the direction of a session description's first
// audio stream, else of the session, sendrecv when none is given. The
// description comes from a caller: it is read line by line, bounded, and
// nothing in it can make this fail.
func sdpDirection(body []byte) string {
	session, media, inAudio, seenAudio := "", "", false, false
	for i, line := range strings.Split(string(body), "\n") {
		if i > maxSDPLines {
			break
		}
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "m="):
			if seenAudio {
				inAudio = false
				continue
			}
			inAudio = strings.HasPrefix(line, "m=audio")
			seenAudio = seenAudio || inAudio
		case strings.HasPrefix(line, "c=") && strings.HasSuffix(line, " 0.0.0.0"):
			// RFC 2543 hold: the connection address is zero.
			if inAudio || !seenAudio {
				media = inactive
			}
		case line == "a="+sendRecv || line == "a="+sendOnly || line == "a="+recvOnly || line == "a="+inactive:
			if inAudio && media == "" {
				media = line[2:]
			} else if !seenAudio {
				session = line[2:]
			}
		}
	}
	switch {
	case media != "":
		return media
	case session != "":
		return session
	}
	return sendRecv
}

// maxSDPLines bounds how much of a session description is read.
const maxSDPLines = 512

// sdpHeld reports whether a description puts the call on hold: its
// sender stops receiving (sendonly) or all media (inactive).
func sdpHeld(body []byte) bool {
	d := sdpDirection(body)
	return d == sendOnly || d == inactive
}

// withDirection returns the description with every direction attribute
// replaced by dir (one added after each m= line that had none) and the
// origin's version raised, as a new offer (RFC 3264 §8) must.
func withDirection(body []byte, dir string) []byte {
	return mapSDPLines(body, func(line string) []string {
		switch {
		case line == "a="+sendRecv || line == "a="+sendOnly || line == "a="+recvOnly || line == "a="+inactive:
			return nil
		case strings.HasPrefix(line, "o="):
			return []string{bumpOrigin(line)}
		case strings.HasPrefix(line, "m="):
			return []string{line, "a=" + dir}
		}
		return []string{line}
	})
}

// mapSDPLines rewrites a session description line by line (at most
// maxSDPLines of it): each line is replaced by what f returns for it, and
// the result ends every line with CRLF, as RFC 4566 §5 writes them.
func mapSDPLines(body []byte, f func(line string) []string) []byte {
	lines := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
	var out []string
	for i, line := range lines {
		if i > maxSDPLines {
			break
		}
		out = append(out, f(line)...)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	var b bytes.Buffer
	for _, l := range out {
		b.WriteString(l)
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// bumpOrigin raises the session version of an o= line by one.
func bumpOrigin(line string) string {
	f := strings.Fields(line)
	if len(f) != 6 {
		return line
	}
	v, err := strconv.ParseUint(f[2], 10, 63)
	if err != nil {
		return line
	}
	f[2] = strconv.FormatUint(v+1, 10)
	return strings.Join(f, " ")
}
