// Package report writes interval KPIs for people (aligned tables) and for
// programs (CSV, JSON lines). It formats what kpi computed and computes
// nothing itself, so a figure in a report is the figure on the board.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// Format is an output format.
type Format string

// The formats.
const (
	Table Format = "table"
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Table, CSV, JSONL:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, csv or jsonl)", s)
}

// Options say how to write.
type Options struct {
	Format  Format
	Profile kpi.Profile // the service-level formula of the service_level column
	// Profiles holds queues whose configuration names another formula
	// than Profile: a VIP queue promising 90 % answered within 10 s
	// may be measured on answered calls while the rest use outcomes.
	Profiles map[string]kpi.Profile
	Location *time.Location // zone of the printed times
	// Teams maps agent identities to their configured team: --by agent
	// carries a team column when it is not empty, so that a team lead's
	// rows can be picked out.
	Teams map[string]string
}

// queueRecord is one JSON line / CSV row of --by queue. Ratios are
// pointers so that an undefined ratio prints as null, never as 0.
type queueRecord struct {
	Queue          string   `json:"queue"`
	Start          string   `json:"start"`
	End            string   `json:"end"`
	Offered        int      `json:"offered"`
	Answered       int      `json:"answered"`
	AnsweredInSL   int      `json:"answered_in_sl"`
	Abandoned      int      `json:"abandoned"`
	ShortAbandoned int      `json:"short_abandoned"`
	Exited         int      `json:"exited"`
	Completed      int      `json:"completed"`
	Transferred    int      `json:"transferred"`
	RingNoAnswer   int      `json:"ring_noanswer"`
	ServiceLevel   *float64 `json:"service_level"`
	SLProfile      string   `json:"sl_profile"`
	AbandonRate    *float64 `json:"abandon_rate"`
	ASA            *float64 `json:"asa_s"`
	AHT            *float64 `json:"aht_s"`
	MaxWait        float64  `json:"max_wait_s"`
	Incomplete     bool     `json:"incomplete"`

	// Occupancy and quality (kpi/quality.go): null when undefined. FCR is
	// from the survey's resolved answers when there are any, else 1 −
	// repeat rate; fcr_source says which ("survey", "repeat-proxy").
	Occupancy       *float64 `json:"occupancy"`
	SurveyResponses int      `json:"survey_responses"`
	CSAT            *float64 `json:"csat"`
	NPS             *float64 `json:"nps"`
	FCR             *float64 `json:"fcr"`
	FCRSource       string   `json:"fcr_source"`
	RepeatRate      *float64 `json:"repeat_rate"`
}

var queueColumns = []string{"queue", "start", "end", "offered", "answered", "answered_in_sl", "abandoned",
	"short_abandoned", "exited", "completed", "transferred", "ring_noanswer", "service_level", "sl_profile",
	"abandon_rate", "asa_s", "aht_s", "max_wait_s", "incomplete",
	"occupancy", "survey_responses", "csat", "nps", "fcr", "fcr_source", "repeat_rate"}

func fraction(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func seconds(d time.Duration, ok bool) *float64 {
	if !ok {
		return nil
	}
	s := d.Seconds()
	return &s
}

func (o *Options) stamp(t time.Time) string { return t.In(o.Location).Format(time.RFC3339) }

func (o *Options) queueRecord(r *kpi.IntervalRow) queueRecord {
	c := &r.Counters
	asa, asaOK := c.ASA()
	aht, ahtOK := c.AHT()
	fcr, src := c.FCR()
	return queueRecord{
		Queue: r.Queue, Start: o.stamp(r.Start), End: o.stamp(r.End),
		Offered: c.Offered, Answered: c.Answered, AnsweredInSL: c.AnsweredInSL, Abandoned: c.Abandoned,
		ShortAbandoned: c.ShortAbandoned, Exited: c.Exited, Completed: c.Completed, Transferred: c.Transferred,
		RingNoAnswer: c.RingNoAnswer,
		ServiceLevel: fraction(c.ServiceLevel(o.profile(r.Queue))), SLProfile: o.profile(r.Queue).String(),
		AbandonRate: fraction(c.AbandonRate()),
		ASA:         seconds(asa, asaOK), AHT: seconds(aht, ahtOK), MaxWait: c.MaxWait.Seconds(),
		Incomplete: c.Incomplete,
		Occupancy:  fraction(c.Occupancy()), SurveyResponses: c.SurveyResponses,
		CSAT: fraction(c.CSAT()), NPS: fraction(c.NPS()), FCR: fraction(fcr, src != kpi.FCRNone),
		FCRSource: src.String(), RepeatRate: fraction(c.RepeatRate()),
	}
}

// Queues writes one record per (queue, interval) row, in the order given.
func Queues(w io.Writer, rows []kpi.IntervalRow, o Options) error {
	switch o.Format {
	case JSONL:
		enc := json.NewEncoder(w)
		for i := range rows {
			if err := enc.Encode(o.queueRecord(&rows[i])); err != nil {
				return err
			}
		}
		return nil
	case CSV:
		cw := csv.NewWriter(w)
		_ = cw.Write(queueColumns)
		for i := range rows {
			r := o.queueRecord(&rows[i])
			_ = cw.Write([]string{cell(r.Queue), r.Start, r.End, itoa(r.Offered), itoa(r.Answered), itoa(r.AnsweredInSL),
				itoa(r.Abandoned), itoa(r.ShortAbandoned), itoa(r.Exited), itoa(r.Completed), itoa(r.Transferred),
				itoa(r.RingNoAnswer), num(r.ServiceLevel), r.SLProfile, num(r.AbandonRate), num(r.ASA), num(r.AHT),
				num(&r.MaxWait), strconv.FormatBool(r.Incomplete),
				num(r.Occupancy), itoa(r.SurveyResponses), num(r.CSAT), num(r.NPS), num(r.FCR), r.FCRSource, num(r.RepeatRate)})
		}
		cw.Flush()
		return cw.Error()
	}
	return o.queueTable(w, rows)
}

// queueTable is the table for people. Survey columns appear only when
// some row has survey responses, and FCR's source goes in the header when
// every row's FCR comes from the same one, so that the common report (no
// surveys, FCR by repeat calls) fits a terminal: 40 columns fewer.
func (o *Options) queueTable(w io.Writer, rows []kpi.IntervalRow) error {
	surveys, proxy, survey := false, false, false
	for i := range rows {
		c := &rows[i].Counters
		surveys = surveys || c.SurveyResponses > 0
		switch _, src := c.FCR(); src {
		case kpi.FCRRepeats:
			proxy = true
		case kpi.FCRSurvey:
			survey = true
		}
	}
	proxyOnly := proxy && !survey // else each cell says its source
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := fmt.Sprintf("interval\tqueue\toffered\tanswered\tin SL\tabandoned\tshort\texited\tSL (%s)\taband %%\tASA\tAHT\tmax wait\tocc\t", o.Profile)
	if surveys {
		head += "surveys\tCSAT\tNPS\t"
	}
	if proxyOnly {
		head += "FCR (repeat proxy)\t"
	} else {
		head += "FCR\t"
	}
	fmt.Fprintln(tw, head)
	for i := range rows {
		r := &rows[i]
		c := &r.Counters
		mark := ""
		if c.Incomplete {
			mark = " (incomplete)"
		}
		fcr, src := c.FCR()
		fcrText := Percent(fcr, src != kpi.FCRNone)
		if src == kpi.FCRRepeats && !proxyOnly {
			fcrText += " (repeat proxy)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t",
			o.span(r.Start, r.End), r.Queue, c.Offered, c.Answered, c.AnsweredInSL, c.Abandoned, c.ShortAbandoned,
			c.Exited, o.slCell(r.Queue, c), Percent(c.AbandonRate()), Clock(c.ASA()), Clock(c.AHT()),
			Clock(c.MaxWait, true), Percent(c.Occupancy()))
		if surveys {
			nps, npsOK := c.NPS()
			npsText := "—"
			if npsOK {
				npsText = strconv.FormatFloat(nps, 'f', 0, 64)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t", c.SurveyResponses, Percent(c.CSAT()), npsText)
		}
		fmt.Fprintf(tw, "%s\t%s\n", fcrText, mark)
	}
	return tw.Flush()
}

// profile is the service-level formula of a queue's rows.
func (o *Options) profile(queue string) kpi.Profile {
	if p, ok := o.Profiles[queue]; ok {
		return p
	}
	return o.Profile
}

// slCell is the table's SL cell; a queue measured by another formula than
// the column header's says which.
func (o *Options) slCell(queue string, c *kpi.Counters) string {
	p := o.profile(queue)
	cell := Percent(c.ServiceLevel(p))
	if p != o.Profile {
		cell += " (" + p.String() + ")"
	}
	return cell
}

// span prints an interval as "2026-03-02 09:00–09:30" in the report's zone.
// Around a clock change the wall times alone mislead: the autumn's repeated
// hour gives two intervals labelled 01:00–01:30, and the half-hour after it
// would read "01:30–01:00". There the zone names the offset: "01:00–01:30
// BST", "01:00–01:30 GMT", "01:30 BST–01:00 GMT" (and in spring "00:30
// GMT–02:00 BST", the half-hour whose end the clocks skipped to).
func (o *Options) span(start, end time.Time) string {
	s, e := start.In(o.Location), end.In(o.Location)
	if e.Sub(s) >= 23*time.Hour {
		return s.Format("2006-01-02")
	}
	_, so := s.Zone()
	_, eo := e.Zone()
	switch {
	case so != eo:
		return s.Format("2006-01-02 15:04 MST") + "–" + e.Format("15:04 MST")
	case repeatedWallTime(s) || repeatedWallTime(e.Add(-time.Second)):
		return s.Format("2006-01-02 15:04") + "–" + e.Format("15:04 MST")
	}
	return s.Format("2006-01-02 15:04") + "–" + e.Format("15:04")
}

// repeatedWallTime reports whether t's wall-clock reading also names
// another instant: it falls in the hour a zone repeats when its clocks go
// back. The shift is the offset change around t (an hour in most zones,
// 30 minutes on Lord Howe Island).
func repeatedWallTime(t time.Time) bool {
	_, before := t.Add(-12 * time.Hour).Zone()
	_, after := t.Add(12 * time.Hour).Zone()
	shift := time.Duration(before-after) * time.Second
	if shift <= 0 {
		return false // no change, or a spring change: no wall time repeats
	}
	const wall = "2006-01-02 15:04:05"
	w := t.Format(wall)
	return t.Add(shift).Format(wall) == w || t.Add(-shift).Format(wall) == w
}

// Percent prints a fraction as "81.7%", or "—" when undefined.
func Percent(v float64, ok bool) string {
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// Clock prints a duration as m:ss (h:mm:ss from an hour), rounded to the
// second, or "—" when undefined.
func Clock(d time.Duration, ok bool) string {
	if !ok {
		return "—"
	}
	s := int64(math.Round(d.Seconds()))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func itoa(n int) string { return strconv.Itoa(n) }

// cell is a text value for a CSV cell that a spreadsheet will open. A
// spreadsheet runs a cell beginning with =, +, - or @ as a formula, and
// the text here comes from the PBX, partly from callers: a caller ID name
// is whatever the caller's phone sends, so "=HYPERLINK(…)" would become a
// live link on the supervisor's screen. Such a cell gets a leading
// apostrophe, which spreadsheets read as "this is text" and do not show.
// Plain numbers stay as they are ("+441632960123", "-5"): a spreadsheet
// reads those as numbers, not formulas. JSON lines carry text unchanged.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if !plainNumber(s) {
			return "'" + s
		}
	}
	return s
}

// plainNumber reports whether s is a sign followed by digits (and the
// spaces phone numbers are written with), at least one digit.
func plainNumber(s string) bool {
	if s[0] != '+' && s[0] != '-' {
		return false
	}
	digits := 0
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ':
		default:
			return false
		}
	}
	return digits > 0
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func joinPauses(m map[string]time.Duration, sep, kv string, format func(time.Duration) string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if name == "" {
			name = "(none)"
		}
		parts[i] = name + kv + format(m[k])
	}
	return strings.Join(parts, sep)
}
