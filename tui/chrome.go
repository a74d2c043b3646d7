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
		m.frame = tooSmall(l.w, l.h)
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
		lines = appendBlock(lines, m.help.View(m.keys), l.help)
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

// tooSmall is the screen below the minimum size: it says what is needed,
// cut to whatever room there is.
func tooSmall(w, h int) string {
	msg := []string{"terminal too small", fmt.Sprintf("(need %d×%d)", minW, minH), fmt.Sprintf("now %d×%d", w, h)}
	out := make([]string, 0, h)
	for i := 0; i < h; i++ {
		s := ""
		if i < len(msg) {
			s = msg[i]
		}
		out = append(out, fitW(s, w))
	}
	return strings.Join(out, "\n")
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

// header: title, page tabs, clock and data age. Parts drop from the left
// when the width is short; the clock and age stay.
func (m *Model) header() string {
	h := &m.styles.Header
	right := " " + m.now.In(m.zone()).Format("15:04:05") + " "
	rightS := h.Clock.S(right)
	if m.snap != nil && m.opts.Player == nil {
		a := "data " + age(m.dataAge()) + " old "
		if staleState(m.snap.Source.State) {
			a = "! STALE " + a
			rightS += h.AgeStale.S(a)
		} else {
			if m.snap.Source.State == "ended" {
				a = "feed ended · " + a
			}
			rightS += h.Age.S(a)
		}
		right += a
	} else if m.opts.Player != nil {
		right += "replay "
		rightS += h.Age.S("replay ")
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

// banner is the feed-trouble line: state, age and the source's own words.
func (m *Model) banner() string {
	s := m.snap.Source
	msg := fmt.Sprintf(" ! %s · last data %s ago", strings.ToUpper(s.State), age(m.dataAge()))
	if s.Detail != "" {
		msg += " · " + s.Detail
	}
	msg += " · showing the last good numbers"
	return m.styles.Banner.S(padR(msg+" !", m.lay.w))
}

// statusBar is the replay line: clock, speed, progress, PAUSED / END.
func (m *Model) statusBar() string {
	st, b := m.status, &m.styles.Bar
	loc := st.Location
	if loc == nil {
		loc = m.zone()
	}
	state := "▶ PLAY"
	stateS := b.Base.S(state)
	switch {
	case st.Done:
		state = "■ END"
		stateS = b.Paused.S(state)
	case st.Paused:
		state = "‖ PAUSED"
		stateS = b.Paused.S(state)
	}
	speed := "max"
	if st.Speed > 0 {
		speed = "×" + strconv.FormatFloat(st.Speed, 'f', -1, 64)
	}
	frac := 0.0
	if span := st.End.Sub(st.Start); span > 0 {
		frac = math.Min(1, math.Max(0, float64(st.Clock.Sub(st.Start))/float64(span)))
	}
	pct := fmt.Sprintf(" %3d%%", int(frac*100))
	left := " " + st.Clock.In(loc).Format("2006-01-02 15:04:05") + "  " + speed + "  "
	leftS := b.Base.S(" ") + b.Base.S(st.Clock.In(loc).Format("2006-01-02 15:04:05")+"  "+speed+"  ")
	barW := m.lay.w - width(left) - width(pct) - width(state) - 3
	if barW > 40 {
		barW = 40
	}
	out := leftS
	used := width(left)
	if barW >= 5 {
		fill := int(math.Round(frac * float64(barW)))
		out += b.Fill.S(strings.Repeat("━", fill)) + b.Empty.S(strings.Repeat("─", barW-fill)) + b.Base.S(pct)
		used += barW + width(pct)
	}
	out += b.Base.S("  ")
	used += 2
	out += stateS
	used += width(state)
	if gap := m.lay.w - used; gap > 0 {
		out += b.Base.S(strings.Repeat(" ", gap))
	}
	return out
}

// parseGoTo reads the go-to prompt: HH:MM or HH:MM:SS on the replay's
// current day in its zone, or an RFC 3339 time.
func parseGoTo(s string, st PlayerStatus) (time.Time, error) {
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
