package kpi

import (
	"strings"
	"time"
)

// identity joins the names one agent goes by. Asterisk logs ADDMEMBER and
// REMOVEMEMBER with the interface (SIP/1001) but CONNECT, PAUSE and the
// completions with the member name (Sathish), unless the PBX sets
// log_membername_as_agent. Without joining them the board would show two
// half-agents, one that logs in and never talks and one that talks but was
// never logged in.
//
// Sources of truth, strongest first: the configured alias map; pairs
// learned from the log itself (see learn); then normalisation of channel
// forms that carry the agent number (Local/1001@from-queue/n, Agent/1001).
type identity struct {
	configured map[string]string
	learned    map[string]string
	learn      bool

	// pending is the interface of an ADDMEMBER whose member name we hope
	// to see in the very next event.
	pending     string
	pendingTime time.Time
}

func newIdentity(aliases map[string]string, learn bool) *identity {
	return &identity{configured: aliases, learned: make(map[string]string), learn: learn}
}

// canonical maps a raw agent field to the one identity used everywhere.
func (id *identity) canonical(raw string) string {
	if raw == "" {
		return ""
	}
	if c, ok := id.configured[raw]; ok {
		return c
	}
	if c, ok := id.learned[raw]; ok {
		return c
	}
	return normalise(raw)
}

// normalise strips channel decoration that hides an agent number:
// Local/1001@from-queue/n → 1001, Agent/1001 → 1001. Other interfaces
// (SIP/1001, PJSIP/ann) stay as written: their suffix is a device, and
// two technologies may share a number.
func normalise(raw string) string {
	switch {
	case strings.HasPrefix(raw, "Local/"):
		s := raw[len("Local/"):]
		if i := strings.IndexAny(s, "@/"); i > 0 {
			s = s[:i]
		}
		if s != "" {
			return s
		}
	case strings.HasPrefix(raw, "Agent/"):
		if s := raw[len("Agent/"):]; s != "" {
			return s
		}
	}
	return raw
}

func looksLikeInterface(s string) bool { return strings.Contains(s, "/") }

// observeAddMember notes an ADDMEMBER by an interface that has no known
// member name yet.
func (id *identity) observeAddMember(raw string, t time.Time) {
	if !id.learn || !looksLikeInterface(raw) {
		id.pending = ""
		return
	}
	if _, ok := id.configured[raw]; ok {
		id.pending = ""
		return
	}
	id.pending, id.pendingTime = raw, t
}

// observeNext is called for every event after the first ADDMEMBER check.
// When the event right after an ADDMEMBER is a pause or unpause in the
// same second by a plain name, Asterisk is writing the member's pause
// state under its member name (FreePBX and Issabel do this on every
// login), and the two names are one agent. It returns the interface and
// name when a new pair was learned.
func (id *identity) observeNext(raw string, pauseLike bool, t time.Time) (iface, name string, ok bool) {
	p := id.pending
	id.pending = ""
	if p == "" || !pauseLike || raw == "" || looksLikeInterface(raw) || !t.Equal(id.pendingTime) {
		return "", "", false
	}
	if id.learned[p] == raw {
		return "", "", false
	}
	id.learned[p] = raw
	return p, raw, true
}
