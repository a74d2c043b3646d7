package kpi

import "time"

// SLRed is the service level below which the figure is red: SLRedBelow,
// or 10 points below the target when unset (docs/kpi.md colour rules).
func (r *QueueRules) SLRed() float64 {
	if r.SLRedBelow > 0 {
		return r.SLRedBelow
	}
	return r.SLTarget - 0.10
}

// WaitLevels are the longest waits from which the figure is amber and
// red: WaitAmber and WaitRed, or T and 3·T when unset.
func (r *QueueRules) WaitLevels() (amber, red time.Duration) {
	amber, red = r.WaitAmber, r.WaitRed
	if amber <= 0 {
		amber = r.SLThreshold
	}
	if red <= 0 {
		red = 3 * r.SLThreshold
	}
	return amber, red
}

// Label is the queue's name for people: Display when set, else Name
// ("*" stays "*"; views name the centre themselves).
func (q *QueueView) Label() string {
	if q.Display != "" {
		return q.Display
	}
	return q.Name
}
