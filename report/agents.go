package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

type agentRecord struct {
	Agent        string             `json:"agent"`
	Team         string             `json:"team,omitempty"`
	Start        string             `json:"start"`
	End          string             `json:"end"`
	Answered     int                `json:"answered"`
	Completed    int                `json:"completed"`
	Transferred  int                `json:"transferred"`
	RingNoAnswer int                `json:"ring_noanswer"`
	Talk         float64            `json:"talk_s"`
	AHT          *float64           `json:"aht_s"`
	LoggedIn     float64            `json:"logged_in_s"`
	Available    float64            `json:"available_s"`
	Busy         float64            `json:"busy_s"`
	Wrapup       float64            `json:"wrapup_s"`
	Paused       float64            `json:"paused_s"`
	PausedBy     map[string]float64 `json:"paused_by_s"`
	Occupancy    *float64           `json:"occupancy"`
}

var agentColumns = []string{"agent", "start", "end", "answered", "completed", "transferred", "ring_noanswer",
	"talk_s", "aht_s", "logged_in_s", "available_s", "busy_s", "wrapup_s", "paused_s", "paused_by_s", "occupancy"}

func (o *Options) agentRecord(r *kpi.AgentRow) agentRecord {
	aht, ok := r.AHT()
	rec := agentRecord{
		Agent: r.Agent, Team: o.Teams[r.Agent], Start: o.stamp(r.Start), End: o.stamp(r.End),
		Answered: r.Answered, Completed: r.Completed, Transferred: r.Transferred, RingNoAnswer: r.RingNoAnswer,
		Talk: r.Talk.Seconds(), AHT: seconds(aht, ok),
		LoggedIn: r.LoggedIn.Seconds(), Available: r.Available.Seconds(), Busy: r.Busy.Seconds(),
		Wrapup: r.Wrapup.Seconds(), Paused: r.Paused.Seconds(), PausedBy: map[string]float64{},
		Occupancy: fraction(r.Occupancy()),
	}
	for k, v := range r.PausedBy {
		rec.PausedBy[k] = v.Seconds()
	}
	return rec
}

// Agents writes one record per (agent, interval) row, in the order given.
func Agents(w io.Writer, rows []kpi.AgentRow, o Options) error {
	switch o.Format {
	case JSONL:
		enc := json.NewEncoder(w)
		for i := range rows {
			if err := enc.Encode(o.agentRecord(&rows[i])); err != nil {
				return err
			}
		}
		return nil
	case CSV:
		cw := csv.NewWriter(w)
		teams := len(o.Teams) > 0 // the team column comes last, so the others keep their places
		head := agentColumns
		if teams {
			head = append(head[:len(head):len(head)], "team")
		}
		_ = cw.Write(head)
		for i := range rows {
			r := o.agentRecord(&rows[i])
			secs := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) }
			rec := []string{cell(r.Agent), r.Start, r.End, itoa(r.Answered), itoa(r.Completed), itoa(r.Transferred),
				itoa(r.RingNoAnswer), num(&r.Talk), num(r.AHT), num(&r.LoggedIn), num(&r.Available), num(&r.Busy),
				num(&r.Wrapup), num(&r.Paused), cell(joinPauses(rows[i].PausedBy, ";", "=", secs)), num(r.Occupancy)}
			if teams {
				rec = append(rec, cell(r.Team))
			}
			_ = cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	teams := len(o.Teams) > 0
	team := func(agent string) string { return "" }
	head := "interval\tagent\t"
	if teams {
		head += "team\t"
		team = func(agent string) string { return o.Teams[agent] + "\t" }
	}
	fmt.Fprint(tw, head+"answered\tcompleted\tRNA\ttalk\tAHT\tlogged in\tavailable\tbusy\twrap\tpaused\toccupancy\tpaused by reason\t\n")
	for i := range rows {
		r := &rows[i]
		clock := func(d time.Duration) string { return Clock(d, true) }
		fmt.Fprintf(tw, "%s\t%s\t%s%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			o.span(r.Start, r.End), r.Agent, team(r.Agent), r.Answered, r.Completed, r.RingNoAnswer, clock(r.Talk), Clock(r.AHT()),
			clock(r.LoggedIn), clock(r.Available), clock(r.Busy), clock(r.Wrapup), clock(r.Paused),
			Percent(r.Occupancy()), joinPauses(r.PausedBy, ", ", " ", clock))
	}
	return tw.Flush()
}

func sortStrings(s []string) { sort.Strings(s) }
