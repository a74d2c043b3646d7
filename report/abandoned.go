package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/callfloor/wallboard/kpi"
)

// abandonedRecord is one caller who hung up while waiting: a call-back.
type abandonedRecord struct {
	Time     string   `json:"time"`
	Queue    string   `json:"queue"`
	CallID   string   `json:"call_id"`
	Caller   string   `json:"caller"`
	Name     string   `json:"caller_name"`
	Wait     *float64 `json:"wait_s"` // null when no line stated it
	Short    bool     `json:"short"`
	Returned bool     `json:"returned"` // the number called again later: no call-back needed
}

var abandonedColumns = []string{"time", "queue", "call_id", "caller", "caller_name", "wait_s", "short", "returned"}

func (o *Options) abandonedRecord(c *kpi.AbandonedCall) abandonedRecord {
	return abandonedRecord{
		Time: o.stamp(c.Time), Queue: c.Queue, CallID: c.CallID, Caller: c.Caller, Name: c.CallerName,
		Wait: seconds(c.Wait, c.WaitKnown), Short: c.Short, Returned: c.Returned,
	}
}

// Abandoned writes the call-back list, one record per abandoned caller,
// in the order given (oldest first from kpi.State.AbandonedCalls).
func Abandoned(w io.Writer, calls []kpi.AbandonedCall, o Options) error {
	switch o.Format {
	case JSONL:
		enc := json.NewEncoder(w)
		for i := range calls {
			if err := enc.Encode(o.abandonedRecord(&calls[i])); err != nil {
				return err
			}
		}
		return nil
	case CSV:
		cw := csv.NewWriter(w)
		_ = cw.Write(abandonedColumns)
		for i := range calls {
			r := o.abandonedRecord(&calls[i])
			_ = cw.Write([]string{r.Time, cell(r.Queue), cell(r.CallID), cell(r.Caller), cell(r.Name), num(r.Wait),
				strconv.FormatBool(r.Short), strconv.FormatBool(r.Returned)})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "time\tqueue\tcaller\twait\tnote\t\n")
	for i := range calls {
		c := &calls[i]
		who := c.Caller
		if c.CallerName != "" {
			who = c.CallerName + " " + who
		}
		if who == "" {
			who = "unknown"
		}
		note := ""
		switch {
		case c.Returned:
			note = "called again"
		case c.Short:
			note = "short"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", c.Time.In(o.Location).Format("2006-01-02 15:04:05"),
			c.Queue, who, Clock(c.Wait, c.WaitKnown), note)
	}
	return tw.Flush()
}
