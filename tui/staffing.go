package tui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// alertOn reports whether the viewer's alerter holds an alert of kind for
// the queue (nil-safe: panels built without a model have no alerter).
func (d *frameData) alertOn(kind kpi.AlertKind, queue string) bool {
	return d.alerts != nil && d.alerts.On(kind, queue)
}

// alertWords are the words after "! ALARM" on a tile's title: which
// alerts are in force for the queue (the centre also counts agents over
// their pause limit), so the alarm is never colour alone.
func (d *frameData) alertWords(q *kpi.QueueView, centre bool) string {
	if d.alerts == nil {
		return ""
	}
	var words []string
	for _, k := range []kpi.AlertKind{kpi.AlertSL, kpi.AlertWait, kpi.AlertStaffing} {
		if d.alerts.On(k, q.Name) {
			words = append(words, k.String())
		}
	}
	if centre {
		for _, a := range d.alerts.Active() {
			if a.Kind == kpi.AlertPause {
				words = append(words, kpi.AlertPause.String())
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// staffingCell is "agents needed / staffed" by Erlang C at the current
// arrival rate: red (with "!") while the queue is short, held red by the
// alerter's hysteresis; "—" when there is nothing to estimate from.
func (p *overviewPanel) staffingCell(q *kpi.QueueView) cell {
	st := &q.Staffing
	c := cell{label: "Need/have", value: dash, low: true}
	if !st.OK {
		return c
	}
	c.value = strconv.Itoa(st.Needed) + "/" + strconv.Itoa(st.Staffed)
	switch {
	case st.Needed > st.Staffed || p.d.alertOn(kpi.AlertStaffing, q.Name):
		c.lv = lvAlarm
	default:
		c.lv = lvOK
	}
	return c
}

// qualityCells are the day's occupancy and the caller-satisfaction scores,
// each score with its number of answers in the label ("CSAT(23)") so a
// 100 % from one survey is not read as a verdict.
func qualityCells(q *kpi.QueueView) (occ, csat, nps, fcr cell) {
	d := &q.Day
	ov, ook := d.Occupancy()
	occ = cell{label: "Occupancy", value: pct0(ov, ook)}
	cv, cok := d.CSAT()
	csat = cell{label: countLabel("CSAT", d.CSATResponses), value: pct0(cv, cok)}
	nv, nok := d.NPS()
	nps = cell{label: countLabel("NPS", d.NPSResponses), value: signed(nv, nok)}
	fv, src := d.FCR()
	fcr = cell{label: "FCR", value: pct0(fv, src != kpi.FCRNone)}
	switch src {
	case kpi.FCRSurvey:
		fcr.label = countLabel("FCR", d.ResolvedResponses)
	case kpi.FCRRepeats:
		fcr.label = "FCR proxy" // 1 − repeat-call rate, not a survey answer
	}
	return occ, csat, nps, fcr
}

// countLabel is "NAME(n)", with thousands shortened to fit the label column.
func countLabel(name string, n int) string {
	s := strconv.Itoa(n)
	if n >= 10000 {
		s = strconv.Itoa(n/1000) + "k"
	}
	return name + "(" + s + ")"
}

// signed formats an NPS (−100…+100) with its sign, or the dash.
func signed(v float64, ok bool) string {
	if !ok {
		return dash
	}
	n := int(math.Round(v))
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// newAlerter builds the session's alerter: the options' rules, with the
// configured pause reasons' limits.
func newAlerter(o *Options) *kpi.Alerter {
	r := o.Alerts
	if len(o.Pauses) > 0 {
		limits := make(map[string]time.Duration, len(o.Pauses)+len(r.PauseLimits))
		for k, v := range r.PauseLimits {
			limits[k] = v
		}
		for reason, p := range o.Pauses {
			if p.Limit > 0 {
				limits[reason] = p.Limit
			}
		}
		r.PauseLimits = limits
	}
	return kpi.NewAlerter(r)
}

// updateAlerts evaluates the alerts against the current snapshot and
// clock, ringing the bell in wall mode when one is raised. Stale data
// raises nothing new: the numbers are not current.
func (m *Model) updateAlerts() {
	if m.alerts == nil {
		m.alerts = newAlerter(&m.opts)
	}
	if m.snap == nil {
		return
	}
	if m.status.Seeking || (m.seekFrom != nil && m.snap == m.seekFrom) {
		return // the figures on screen are from before the seek
	}
	m.seekFrom = nil
	raised := m.alerts.Update(m.snap, m.now)
	if raised > 0 && m.opts.Wall && m.opts.Bell != nil && !staleState(m.snap.Source.State) {
		_, _ = m.opts.Bell.Write([]byte{'\a'})
	}
}

// seeked starts the alerts afresh after a replay seek. A seek is a new
// moment, not time passing: the alerts of before it, and the 10 s of clear
// time one needs to end, mean nothing there (a paused replay never gives
// those 10 s, so an alert of before stayed red for good). Until the
// target's snapshot is on screen the old one, measured against the
// target's clock, would raise false alerts (a caller "waiting" for the
// whole jump), so none is evaluated before it comes.
func (m *Model) seeked() {
	m.alerts = newAlerter(&m.opts)
	m.seekFrom = m.snap
}

// agentToday is an agent's day at a glance: calls answered and occupancy
// since midnight ("14 ans  75%").
func agentToday(a *kpi.AgentView) string {
	v, ok := a.Today.Occupancy()
	return padL(strconv.Itoa(a.AnsweredToday), 3) + " ans " + padL(pct0(v, ok), 4)
}

// appendAbandoned adds today's call-back list under the callers waiting
// when at least a title and one row fit: newest first, with the caller,
// queue, how long they waited and how long ago they hung up. A caller who
// has called again since is marked and needs no call-back.
func (p *waitingPanel) appendAbandoned(out []string) []string {
	s := p.d.snap
	if s == nil || len(s.Abandoned) == 0 || len(out)+3 > p.h {
		return out
	}
	out = append(out, "", p.st.Table.Head.S(padR(" Abandoned today "+strconv.Itoa(len(s.Abandoned))+" · call back", p.w)))
	qw := min(12, max(4, p.w/4))
	ww := 13
	cw := max(1, p.w-qw-ww-3)
	if len(out)+4 <= p.h { // column heads, when a row is left under them
		out = append(out, p.st.Dim.S(padR("", qw+2)+padR("caller", cw)+" "+padL("waited", 6)+padL("ago", 7)))
	}
	for i := range s.Abandoned {
		if len(out) >= p.h {
			break
		}
		c := &s.Abandoned[i]
		who := callerText(c.CallerName, c.Caller, cw)
		note := clockOK(c.Wait, c.WaitKnown) + " " + padL(age(p.d.now.Sub(c.Time)), 6)
		ink := p.st.Text
		switch {
		case c.Returned:
			note, ink = "called again", p.st.Dim
		case c.Short:
			note = "short " + padL(age(p.d.now.Sub(c.Time)), 6)
		}
		out = append(out, " "+ink.S(padR(queueLabel(s, c.Queue), qw))+" "+p.st.Dim.S(padR(who, cw))+" "+ink.S(padL(note, ww)))
	}
	return out
}
