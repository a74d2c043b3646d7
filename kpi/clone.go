package kpi

import (
	"maps"
	"slices"
	"unsafe"
)

// Clone returns a deep copy of the state: applying events to either one
// never changes the other, and both give the same read-outs for the same
// events. A replay keeps clones as checkpoints, so that seeking back
// restores one and applies the events after it instead of rebuilding the
// day from its first line.
//
// What is copied, field by field (a field not named is a plain value,
// copied with the struct):
//   - cfg, and the *time.Location and maps in it, are shared: the state
//     only reads its configuration (identity's configured aliases are
//     cfg.Aliases, shared for the same reason). Strings are immutable and
//     shared everywhere.
//   - ids: a new identity with its own learned map.
//   - queues, perQueue, rows, agents, aRows, the quality maps (perAgent,
//     rates, returns) and the abandoned ring, the call table and the
//     caller tables: new maps and slices holding new records.
//   - Pointers between records are remapped to the copies: queueState.cur
//     (a row), membership.qs, agent.row (an AgentRow), agent.aq, an
//     agentQuality's lastQS and day, the wrap heap's agents, lastQueue and
//     lastAgent, and the next links of the call chains. A pointer to a
//     record no map holds any more (an agent merged away whose wrap-up is
//     still in the heap, a row renamed into another agent's) gets a copy of
//     its own, so the clone goes on exactly as the original would.
//   - Caches that only save work are reset: the call table's free list and
//     its last-lookup cache, and the caller table's scratch codes (reset
//     caches fill again on use; nothing reads them before that).
//
// Clone is not safe to call while another goroutine applies events to s:
// like every method of State, it belongs to the state's one owner.
func (s *State) Clone() *State {
	c := *s // every plain value; each reference below is then replaced
	c.ids = s.ids.clone()
	c.queues = maps.Clone(s.queues)
	c.scratch = cloneAgentRow(&s.scratch)

	// Records are copied into one slab per kind: one allocation instead
	// of one per record (a 5 000-agent day has 70 000 agent rows by
	// evening). A slab lives as long as any record in it, which the state
	// bounds anyway (KeepDays prunes rows a day at a time).
	c.rows = make(map[bucketKey]*row, len(s.rows))
	rows := make([]row, 0, len(s.rows))
	for k, r := range s.rows {
		rows = append(rows, *r)
		c.rows[k] = &rows[len(rows)-1]
	}
	c.perQueue = make(map[string]*queueState, len(s.perQueue))
	for name, qs := range s.perQueue {
		nq := *qs
		nq.cur = c.rowCopy(s, name, qs.cur)
		c.perQueue[name] = &nq
	}
	c.lastQueue = c.queueCopy(s, s.lastQueue)

	c.aRows = make(map[agentKey]*AgentRow, len(s.aRows))
	aRows := make([]AgentRow, 0, len(s.aRows))
	for k, r := range s.aRows {
		aRows = append(aRows, cloneAgentRow(r))
		c.aRows[k] = &aRows[len(aRows)-1]
	}

	c.q = s.q.clone(&c, s)

	orphans := make(map[*agent]*agent) // agents no longer in s.agents, copied once each
	c.agents = make(map[string]*agent, len(s.agents))
	agents := make([]agent, 0, len(s.agents))
	for id, a := range s.agents {
		agents = append(agents, *a)
		na := &agents[len(agents)-1]
		c.remapAgent(s, na)
		c.agents[id] = na
	}
	agentOf := func(a *agent) *agent {
		if a == nil {
			return nil
		}
		if s.agents[a.id] == a {
			return c.agents[a.id]
		}
		if na := orphans[a]; na != nil {
			return na
		}
		na := c.agentCopy(s, a)
		orphans[a] = na
		return na
	}
	c.lastAgent = agentOf(s.lastAgent)
	c.wraps = slices.Clone(s.wraps)
	for i := range c.wraps {
		c.wraps[i].a = agentOf(c.wraps[i].a)
	}

	c.calls = s.calls.clone()
	return &c
}

// rowCopy returns c's copy of s's row r of queue q: the one under the
// same key when s.rows holds r, else a copy of its own (nil for nil).
func (c *State) rowCopy(s *State, q string, r *row) *row {
	if r == nil {
		return nil
	}
	k := bucketKey{q, r.startU}
	if s.rows[k] == r {
		return c.rows[k]
	}
	nr := *r
	return &nr
}

// queueCopy returns c's copy of s's queue record qs (nil for nil).
func (c *State) queueCopy(s *State, qs *queueState) *queueState {
	if qs == nil {
		return nil
	}
	if s.perQueue[qs.name] == qs {
		return c.perQueue[qs.name]
	}
	nq := *qs
	nq.cur = nil // a record no map holds: its row cache is only a cache
	return &nq
}

// agentRowCopy returns c's copy of s's agent row r (see rowCopy).
func (c *State) agentRowCopy(s *State, r *AgentRow) *AgentRow {
	switch {
	case r == nil:
		return nil
	case r == &s.scratch:
		return &c.scratch
	}
	k := agentKey{r.Agent, r.Start.Unix()}
	if s.aRows[k] == r {
		return c.aRows[k]
	}
	nr := cloneAgentRow(r)
	return &nr
}

// agentCopy returns a new copy of agent a of s (see remapAgent).
func (c *State) agentCopy(s *State, a *agent) *agent {
	na := *a
	c.remapAgent(s, &na)
	return &na
}

// remapAgent turns na, a copy of an agent of s, into c's: its own
// memberships, its pointers remapped to c's records. c's rows, aRows,
// perQueue and q must be filled already.
func (c *State) remapAgent(s *State, na *agent) {
	na.members = slices.Clone(na.members)
	for i := range na.members {
		na.members[i].qs = c.queueCopy(s, na.members[i].qs)
	}
	na.row = c.agentRowCopy(s, na.row)
	na.aq = c.agentQualCopy(s, na.aqID, na.aq)
}

func cloneAgentRow(r *AgentRow) AgentRow {
	n := *r
	n.PausedBy = maps.Clone(r.PausedBy)
	return n
}

func (id *identity) clone() *identity {
	n := *id // configured is the config's alias map: read only, shared
	n.learned = maps.Clone(id.learned)
	return &n
}

// clone copies the quality state of s for c, whose perQueue is filled.
func (q *quality) clone(c, s *State) *quality {
	if q == nil {
		return nil
	}
	n := *q
	n.callers = q.callers.clone()
	n.rates = make(map[string]*rateWindow, len(q.rates))
	for k, w := range q.rates {
		nw := *w
		n.rates[k] = &nw
	}
	n.abandoned = slices.Clone(q.abandoned)
	if q.returns != nil {
		n.returns = make(map[string]*returnWatch, len(q.returns))
		for k, w := range q.returns {
			nw := *w
			n.returns[k] = &nw
		}
	}
	n.perAgent = make(map[string]*agentQuality, len(q.perAgent))
	recs := make([]agentQuality, 0, len(q.perAgent))
	days := make([]agentDayTime, 0, len(q.perAgent))
	for id, aq := range q.perAgent {
		recs = append(recs, *aq)
		na := &recs[len(recs)-1]
		na.lastQS = c.queueCopy(s, aq.lastQS)
		if aq.day != nil {
			days = append(days, *aq.day)
			na.day = &days[len(days)-1]
		}
		n.perAgent[id] = na
	}
	return &n
}

// agentQualCopy returns c's copy of the quality record aq that an agent of
// s caches for identity id (see rowCopy).
func (c *State) agentQualCopy(s *State, id string, aq *agentQuality) *agentQuality {
	if aq == nil {
		return nil
	}
	if s.q != nil && s.q.perAgent[id] == aq {
		return c.q.perAgent[id]
	}
	return cloneAgentQuality(c, s, aq)
}

func cloneAgentQuality(c, s *State, aq *agentQuality) *agentQuality {
	n := *aq
	n.lastQS = c.queueCopy(s, aq.lastQS)
	if aq.day != nil {
		d := *aq.day
		n.day = &d
	}
	return &n
}

// clone copies the caller tables; the scratch codes are not copied.
func (ct *callerTable) clone() callerTable {
	n := *ct
	n.codes = nil
	for i := range ct.packed.parts {
		n.packed.parts[i].slots = slices.Clone(ct.packed.parts[i].slots)
	}
	n.other = maps.Clone(ct.other)
	return n
}

// clone copies the call table, chains in order; the free list and the
// lookup cache start empty.
func (ct *callTable) clone() callTable {
	n := callTable{m: make(map[string]*call, len(ct.m))}
	// One record per id but for calls in two queues at once: past the
	// slab's capacity append moves on to a new array, and the records
	// already linked stay valid where they are.
	recs := make([]call, 0, len(ct.m))
	for id, c := range ct.m {
		var head, tail *call
		for ; c != nil; c = c.next {
			recs = append(recs, *c)
			nc := &recs[len(recs)-1]
			nc.next = nil
			if tail == nil {
				head = nc
			} else {
				tail.next = nc
			}
			tail = nc
		}
		n.m[id] = head
	}
	return n
}

// Footprint estimates the bytes a Clone of the state takes, from its
// counts: records, map entries (with the maps' own overhead, about 24
// bytes an entry) and table slots. A replay bounds the memory of its
// checkpoints with it. It walks no map, so it costs nothing to ask; it
// assumes every agent row has a pause-reason map, which makes it an
// overestimate for a floor that seldom pauses.
func (s *State) Footprint() int64 {
	const entry = 24 // a map entry's share of its table beyond key and value
	n := int64(unsafe.Sizeof(*s))
	n += int64(len(s.rows)) * int64(unsafe.Sizeof(row{})+unsafe.Sizeof(bucketKey{})+8+entry)
	n += int64(len(s.perQueue)) * int64(unsafe.Sizeof(queueState{})+16+8+entry)
	n += int64(len(s.queues)) * (16 + entry)
	const pausedBy = 256 // a small map of reasons: header and one group
	n += int64(len(s.aRows)) * int64(unsafe.Sizeof(AgentRow{})+unsafe.Sizeof(agentKey{})+8+entry+pausedBy)
	n += int64(len(s.agents)) * int64(unsafe.Sizeof(agent{})+2*unsafe.Sizeof(membership{})+16+8+entry)
	n += int64(len(s.calls.m)) * int64(unsafe.Sizeof(call{})+16+8+entry)
	n += int64(len(s.wraps)) * int64(unsafe.Sizeof(wrapEntry{}))
	if s.ids != nil {
		n += int64(len(s.ids.learned)) * (32 + entry)
	}
	if q := s.q; q != nil {
		for i := range q.callers.packed.parts {
			n += int64(len(q.callers.packed.parts[i].slots)) * int64(unsafe.Sizeof(packedSlot{}))
		}
		n += int64(len(q.callers.other)) * int64(16+unsafe.Sizeof(callerSeen{})+entry)
		n += int64(len(q.perAgent)) * int64(unsafe.Sizeof(agentQuality{})+unsafe.Sizeof(agentDayTime{})+16+8+entry)
		n += int64(len(q.rates)) * int64(unsafe.Sizeof(rateWindow{})+16+8+entry)
		n += int64(cap(q.abandoned)) * int64(unsafe.Sizeof(AbandonedCall{}))
		n += int64(len(q.returns)) * int64(16+8+unsafe.Sizeof(returnWatch{})+entry)
	}
	return n
}
