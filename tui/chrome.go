package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// staleState reports whether a source state means the numbers are not
// current and the board must say so prominently.
func staleState(s string) bool {
	switch s {
	case "stale", "reconnecting", "error":
		return true
	}
	return false
}

// render composes the screen from the cached blocks and stores it; View
// returns it until the next change. Every line is cut or padded to the
// window width and the line count to its height, so the output never
// exceeds the window whatever a panel produced.
func (m *Model) render() {
	l := m.lay
	if l.tooSmall {
		m.frame = m.styles.paint(m.tiny())
		return
	}
	lines := make([]string, 0, l.h)
	lines = append(lines, m.header())
	if l.banner > 0 {
		lines = append(lines, m.banner())
	}
	lines = appendBlock(lines, m.body(), l.body)
	if l.status > 0 {
		lines = append(lines, m.statusBar())
	}
	if l.input > 0 {
		lines = append(lines, m.input.View())
		if l.input > 1 {
			lines = append(lines, m.styles.Error.S("! "+m.inputErr))
		}
	}
	if l.help > 0 {
		help := m.help.View(m.keys)
		if in := m.inputLine(); in != "" && m.showHelp {
			help = m.styles.Dim.S(in) + "\n" + help // chrome counted its line
		}
		lines = appendBlock(lines, help, l.help)
	}
	for i := range lines {
		lines[i] = fitW(lines[i], l.w)
	}
	for len(lines) < l.h {
		lines = append(lines, strings.Repeat(" ", l.w))
	}
	m.frame = m.styles.paint(lines[:l.h])
}

// appendBlock appends exactly n lines of block (cut or padded).
func appendBlock(lines []string, block string, n int) []string {
	if n <= 0 {
		return lines
	}
	bl := strings.Split(block, "\n")
	for i := 0; i < n; i++ {
		if i < len(bl) {
			lines = append(lines, bl[i])
		} else {
			lines = append(lines, "")
		}
	}
	return lines
}

// tiny is the screen below the minimum size: the centre's headline
// figures, packed into the lines there are, then what size the board
// needs, so that even a 20×5 pane in a corner says how the floor is doing.
func (m *Model) tiny() []string {
	w, h := m.lay.w, m.lay.h
	if h <= 0 {
		return nil
	}
	need := []string{fmt.Sprintf("terminal too small: need %d×%d", minW, minH), fmt.Sprintf("too small: need %d×%d", minW, minH), fmt.Sprintf("need %d×%d", minW, minH)}
	var items, plain []string
	if m.snap != nil && h >= 2 {
		st := &m.styles.Tile
		if word, alarm := m.sourceWord(); alarm {
			items, plain = append(items, m.styles.Error.S(word)), append(plain, word)
		}
		cs := m.overview.cells(&m.snap.Total)
		for _, c := range cs[:4] {
			ink := st.Level[c.lv]
			if c.lv == lvNone {
				ink = st.Value
			}
			g := glyph(c.lv, c.low)
			txt := c.value
			if g != " " {
				txt += " " + g
			}
			items = append(items, st.Label.S(c.label+" ")+ink.S(txt))
			plain = append(plain, c.label+" "+txt)
		}
	}
	out := make([]string, 0, h)
	line, lw := "", 0
	for i := range items {
		pw := width(plain[i])
		switch {
		case lw == 0:
		case lw+2+pw <= w:
			line, lw = line+"  ", lw+2
		default:
			out = append(out, line)
			line, lw = "", 0
		}
		line, lw = line+items[i], lw+pw
	}
	if lw > 0 {
		out = append(out, line)
	}
	out = out[:min(len(out), h-1)]
	msg := need[len(need)-1]
	for _, n := range need {
		if width(n) <= w {
			msg = n
			break
		}
	}
	out = append(out, m.styles.Dim.S(msg))
	if len(out) < h { // the size now, when there is a line for it
		out = append(out, m.styles.Dim.S(fmt.Sprintf("now %d×%d", w, h)))
	}
	if len(out) > h {
		out = out[len(out)-h:]
	}
	for len(out) < h {
		out = append(out, "")
	}
	for i := range out {
		out[i] = fitW(out[i], w)
	}
	return out
}

// body is the current page.
func (m *Model) body() string {
	if m.snap == nil {
		src := m.opts.Title
		if src == "" {
			src = "the feed"
		}
		return m.styles.Dim.S(" waiting for data from " + src + "…")
	}
	switch m.page {
	case pageAgents:
		return m.agents.View()
	case pageIntervals:
		return m.intervals.View()
	case pageWaiting:
		return m.waiting.View()
	}
	return m.overview.View()
}

// zone is where clock times are shown: the replay's, else the data's.
func (m *Model) zone() *time.Location {
	if m.opts.Player != nil && m.status.Location != nil {
		return m.status.Location
	}
	if m.snap != nil && m.snap.Location != nil {
		return m.snap.Location
	}
	return m.now.Location()
}

// dataAge is how old the newest data is: since the source last sent
// something when it says so, else since the snapshot was taken.
func (m *Model) dataAge() time.Duration {
	if m.snap == nil {
		return 0
	}
	if !m.snap.Source.LastMsg.IsZero() {
		return m.now.Sub(m.snap.Source.LastMsg)
	}
	return m.now.Sub(m.snap.Now)
}

// noData is true before the source has delivered anything: a board
// that just started, or a feed that never answered. Its age would be the
// age of an empty snapshot, which reads as "fresh"; say "no data yet".
func (m *Model) noData() bool {
	return m.snap != nil && m.snap.Events == 0 && m.snap.Source.LastMsg.IsZero()
}

// dataAgeText fills format's %s with the data age, or says that there is
// no data yet.
func (m *Model) dataAgeText(format string) string {
	if m.noData() {
		// Live with nothing yet: the source's own words say why (a file
		// of earlier days only, a feed that has not sent anything).
		if src := m.snap.Source; src.State == "live" && src.Detail != "" {
			return "no data yet · " + src.Detail
		}
		return "no data yet"
	}
	return fmt.Sprintf(format, age(m.dataAge()))
}

// sourceWord says in one word where the numbers come from and whether
// they are current: LIVE, REPLAY, STALE, ENDED… alarm is true when the
// numbers are not current.
func (m *Model) sourceWord() (word string, alarm bool) {
	switch {
	case m.opts.Player != nil:
		return "REPLAY", false
	case m.snap == nil:
		return "NO DATA YET", false
	case m.snap.Source.State == "error":
		// The feed failed (a file it may not read, a refused token):
		// "stale" would say the data is merely late, as the banner below
		// does not.
		return "! ERROR", true
	case staleState(m.snap.Source.State):
		return "! STALE", true
	case m.snap.Source.State == "":
		return "LIVE", false
	}
	return strings.ToUpper(m.snap.Source.State), false
}

// header: title, page tabs, clock, the source's state in words and the
// data age. Parts drop from the left when the width is short; the clock
// and the state stay.
func (m *Model) header() string {
	h := &m.styles.Header
	word, alarm := m.sourceWord()
	right := " " + m.now.In(m.zone()).Format("15:04:05") + "  "
	rightS := h.Clock.S(right)
	stateS := h.State.S(word)
	switch {
	case alarm:
		stateS = h.AgeStale.S(word)
	case word == "LIVE":
		stateS = h.Live.S(word)
	}
	right += word
	rightS += stateS
	if m.snap != nil && m.opts.Player == nil {
		a := " · " + m.dataAgeText("data %s old")
		if alarm {
			rightS += h.AgeStale.S(a)
		} else {
			rightS += h.Age.S(a)
		}
		right += a
	}
	if w := m.skippedText(); w != "" {
		right += " · " + w
		rightS += h.Age.S(" · ") + h.Warn.S(w)
	}
	right += " "
	rightS += h.Bar.S(" ")
	if width(right) > m.lay.w { // narrow: the clock and the state word only
		right = " " + m.now.In(m.zone()).Format("15:04") + " " + word + " "
		rightS = h.Clock.S(right[:7]) + stateS + h.Bar.S(" ")
	}
	title := " WALLBOARD"
	if m.opts.Title != "" {
		title += " · " + m.opts.Title
	}
	title += " "
	var tabs, tabsS string
	for _, p := range m.pages() {
		name := pageNames[p]
		if p == m.page {
			tabs += "[" + name + "]"
			tabsS += h.TabActive.S("[" + name + "]")
		} else {
			tabs += " " + name + " "
			tabsS += h.Tab.S(" " + name + " ")
		}
	}
	avail := m.lay.w - width(right)
	switch {
	case width(title)+width(tabs) <= avail:
	case width(tabs) <= avail:
		title = ""
	default:
		title = ""
		cur := "[" + pageNames[m.page] + "]"
		tabs, tabsS = cur, h.TabActive.S(cur)
		if width(tabs) > avail {
			tabs, tabsS = "", ""
		}
	}
	gap := max(0, avail-width(title)-width(tabs))
	return h.Title.S(title) + tabsS + h.Bar.S(strings.Repeat(" ", gap)) + rightS
}

// skippedText is the header's mark for input lines the source skipped
// ("⚠ 2 lines skipped"), or "": the figures may miss their events, so the
// board says so where every viewer sees it; the help view (?) gives the
// decoder's whole account. Lines repaired or with unknown verbs lose no
// event, and are told only there.
func (m *Model) skippedText() string {
	if m.snap == nil || m.snap.Source.InputSkipped <= 0 {
		return ""
	}
	n := m.snap.Source.InputSkipped
	if n == 1 {
		return "⚠ 1 line skipped"
	}
	return fmt.Sprintf("⚠ %d lines skipped", n)
}

// inputLine is the help view's account of the input's problems, or "".
func (m *Model) inputLine() string {
	if m.snap == nil || m.snap.Source.Input == "" {
		return ""
	}
	return " input: " + m.snap.Source.Input
}

// banner is the feed-trouble line: state, age and the source's own words.
func (m *Model) banner() string {
	s := m.snap.Source
	msg := " ! " + strings.ToUpper(s.State) + " · " + m.dataAgeText("last data %s ago")
	if s.Detail != "" {
		msg += " · " + s.Detail
	}
	if !m.noData() {
		msg += " · showing the last good numbers" // none to show before the first
	}
	return m.styles.Banner.S(padR(msg+" !", m.lay.w))
}

// statusBar is the replay line: date and clock, speed, progress, and
// PLAY / PAUSED / END (or SEEKING while a seek is carried out, its new
// time already shown). On a narrow screen the bar goes first, then the
// date, then the speed; the state word always stays.
func (m *Model) statusBar() string {
	st, b := m.status, &m.styles.Bar
	loc := st.Location
	if loc == nil {
		loc = m.zone()
	}
	state := "▶ PLAY"
	stateS := b.Base.S(state)
	switch {
	case st.Seeking:
		state = "↺ SEEKING"
		stateS = b.Paused.S(state)
	case st.Done:
		state = "■ END"
		stateS = b.Paused.S(state)
	case st.Paused:
		state = "‖ PAUSED"
		stateS = b.Paused.S(state)
	}
	speed := "  max"
	if st.Speed > 0 {
		speed = "  ×" + strconv.FormatFloat(st.Speed, 'f', -1, 64)
	}
	frac := 0.0
	if span := st.End.Sub(st.Start); span > 0 {
		frac = math.Min(1, math.Max(0, float64(st.Clock.Sub(st.Start))/float64(span)))
	} else if st.Done || !st.Clock.Before(st.End) {
		frac = 1 // a file whose events share one second: at it is at its end
	}
	pct := fmt.Sprintf("  %d%%", int(frac*100))
	when := " " + st.Clock.In(loc).Format("2006-01-02 15:04:05")
	w := m.lay.w
	fixed := func() int { return width(when) + width(speed) + width(pct) + 2 + width(state) }
	if fixed()+2+5 > w { // no room for a bar of 5: keep the time of day
		when = " " + st.Clock.In(loc).Format("15:04:05")
	}
	if fixed() > w {
		speed = ""
	}
	if fixed() > w {
		pct = ""
	}
	out := b.Base.S(when + speed)
	used := width(when) + width(speed)
	if barW := min(40, w-fixed()-2); barW >= 5 {
		fill := int(math.Round(frac * float64(barW)))
		out += b.Base.S("  ") + b.Fill.S(strings.Repeat("━", fill)) + b.Empty.S(strings.Repeat("─", barW-fill))
		used += 2 + barW
	}
	out += b.Base.S(pct + "  ")
	used += width(pct) + 2
	out += stateS
	used += width(state)
	if gap := w - used; gap > 0 {
		out += b.Base.S(strings.Repeat(" ", gap))
	}
	return out
}

// parseGoTo reads the go-to prompt: HH:MM or HH:MM:SS on the replay's
// current day in its zone, or an RFC 3339 time, within the replay's span:
// a time outside it is refused with the span, rather than silently taken
// to the nearest end, so the trainer knows where the replay went.
func parseGoTo(s string, st PlayerStatus) (time.Time, error) {
	t, err := readGoTo(s, st)
	if err != nil || st.Start.IsZero() || st.End.IsZero() || (!t.Before(st.Start) && !t.After(st.End)) {
		return t, err
	}
	loc := st.Location
	if loc == nil {
		loc = st.Clock.Location()
	}
	from, to := st.Start.In(loc), st.End.In(loc)
	toF := "15:04:05"
	if from.YearDay() != to.YearDay() || from.Year() != to.Year() {
		toF = "2006-01-02 15:04:05"
	}
	return time.Time{}, fmt.Errorf("%s is outside the replay: it runs from %s to %s",
		strings.TrimSpace(s), from.Format("2006-01-02 15:04:05"), to.Format(toF))
}

// readGoTo reads the prompt's time without checking it against the span.
func readGoTo(s string, st PlayerStatus) (time.Time, error) {
	s = strings.TrimSpace(s)
	loc := st.Location
	if loc == nil {
		loc = st.Clock.Location()
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var hh, mm, ss int
	var extra string
	ok := false
	if n, _ := fmt.Sscanf(s, "%d:%d:%d%s", &hh, &mm, &ss, &extra); n == 3 && strings.Count(s, ":") == 2 {
		ok = true
	} else if n, _ := fmt.Sscanf(s, "%d:%d%s", &hh, &mm, &extra); n == 2 && strings.Count(s, ":") == 1 {
		ok, ss = true, 0
	}
	if !ok || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 {
		return time.Time{}, fmt.Errorf("cannot read %q: type HH:MM, HH:MM:SS or an RFC 3339 time (2006-01-02T15:04:05+01:00)", s)
	}
	day := st.Clock.In(loc)
	return time.Date(day.Year(), day.Month(), day.Day(), hh, mm, ss, 0, loc), nil
}
