package kpi

import (
	"math"
	"testing"
	"time"
)

// The check values of docs/kpi.md: 360 calls in 30 min, AHT 240 s.
// λ = 360 / 1800 s = 0.2/s, A = 0.2 × 240 = 48 Erlangs.
func TestErlangCCheckValues(t *testing.T) {
	a, err := Load(360, 30*time.Minute, 240*time.Second)
	if err != nil || !near(a, 48) {
		t.Fatalf("load = %v, %v; want 48 Erlangs", a, err)
	}
	aht, thr := 240*time.Second, 20*time.Second
	cases := []struct {
		n      int
		sl     float64 // percent, one decimal
		asa    float64 // seconds, one decimal
		occ    float64 // percent, one decimal: 48/n
		stable bool
	}{
		// N = 54: SL(20 s) = 81.7 %, ASA 12.1 s, occupancy 48/54 = 88.9 %.
		{54, 81.7, 12.1, 88.9, true},
		// N = 55: SL(20 s) = 86.7 %, occupancy 48/55 = 87.3 %.
		{55, 86.7, 8.2, 87.3, true},
		// N = 48 = A: unstable, the queue grows without bound.
		{48, 0, 0, 100, false},
	}
	for _, c := range cases {
		r := ErlangCAt(c.n, a, aht, thr)
		if r.Stable != c.stable || math.Round(r.SL*1000)/10 != c.sl ||
			math.Round(r.ASA.Seconds()*10)/10 != c.asa || math.Round(r.Occupancy*1000)/10 != c.occ {
			t.Errorf("N=%d: got SL %.4f ASA %v occ %.4f stable %v; want SL %.1f%% ASA %.1fs occ %.1f%% stable %v",
				c.n, r.SL, r.ASA, r.Occupancy, r.Stable, c.sl, c.asa, c.occ, c.stable)
		}
	}
	// 54 is the smallest N for 80/20: N = 53 gives 75.2 % (below), 54 gives 81.7 %.
	if r := ErlangCAt(53, a, aht, thr); r.SL >= 0.80 {
		t.Errorf("N=53 already meets 80/20 (%.4f): 54 would not be the answer", r.SL)
	}
	need, ok := AgentsNeeded(a, aht, thr, 0.80)
	if !ok || need.Agents != 54 {
		t.Fatalf("AgentsNeeded(48 E, 80/20) = %d, %v; want 54", need.Agents, ok)
	}
}

// Erlang B by its first steps, worked by hand for A = 2:
// B(1) = 2·1/(1+2) = 2/3; B(2) = 2·(2/3)/(2 + 4/3) = (4/3)/(10/3) = 0.4.
// Erlang C for N = 3, A = 2: B(3) = 2·0.4/(3+0.8) = 0.8/3.8 = 4/19;
// C = 3·(4/19) / (3 − 2·(15/19)) = (12/19) / (27/19) = 4/9.
func TestErlangBAndCByHand(t *testing.T) {
	if b := ErlangB(2, 2); !near(b, 0.4) {
		t.Errorf("B(2, 2) = %v, want 0.4", b)
	}
	if c := ErlangC(3, 2); !near(c, 4.0/9) {
		t.Errorf("C(3, 2) = %v, want 4/9", c)
	}
	if c := ErlangC(2, 2); c != 1 {
		t.Errorf("C(2, 2) = %v, want 1 (N = A never catches up)", c)
	}
}

// Hundreds of Erlangs: the recursion never overflows. 3000 calls per
// 30 min at 240 s is A = 400 E; square-root staffing puts the answer for
// 80/20 a little above A + √A·0.6 ≈ 412, and it must be finite, stable,
// the smallest such N, and N − 1 must fail.
func TestErlangLargeLoad(t *testing.T) {
	a := 400.0
	need, ok := AgentsNeeded(a, 240*time.Second, 20*time.Second, 0.80)
	if !ok || need.Agents <= 400 || need.Agents > 430 || math.IsNaN(need.SL) {
		t.Fatalf("A=400: need %+v ok %v", need, ok)
	}
	if prev := ErlangCAt(need.Agents-1, a, 240*time.Second, 20*time.Second); prev.SL >= 0.80 {
		t.Errorf("N-1 = %d already meets the target (%.4f)", need.Agents-1, prev.SL)
	}
	// 5000 E: still finite.
	if r := ErlangCAt(5100, 5000, 240*time.Second, 20*time.Second); math.IsNaN(r.SL) || r.SL <= 0 || r.SL > 1 {
		t.Errorf("A=5000, N=5100: SL %v", r.SL)
	}
}

func TestAgentsNeededRefusesImpossible(t *testing.T) {
	for _, c := range []struct {
		a      float64
		aht    time.Duration
		target float64
	}{
		{48, 240 * time.Second, 1},     // 100 % is approached, never reached
		{48, 0, 0.8},                   // no handle time
		{math.NaN(), time.Second, 0.8}, // not a load
		{-1, time.Second, 0.8},
	} {
		if r, ok := AgentsNeeded(c.a, c.aht, 20*time.Second, c.target); ok {
			t.Errorf("AgentsNeeded(%v, %v, %v) = %+v, want not ok", c.a, c.aht, c.target, r)
		}
	}
	if _, err := Load(10, 0, time.Second); err == nil {
		t.Error("Load with a zero period should fail")
	}
}

// Erlang A check value: the same load (A = 48), N = 52, mean patience
// 180 s → P(abandon) = 2.87 %.
func TestErlangACheckValue(t *testing.T) {
	r, err := ErlangA(52, 48, 240*time.Second, 180*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := math.Round(r.PAbandon * 10000); got != 287 {
		t.Errorf("P(abandon) = %.5f, want 0.0287", r.PAbandon)
	}
	// Little's law: mean wait = P(abandon) × patience = 0.0287 × 180 ≈ 5.2 s.
	if w := r.MeanWait.Seconds(); math.Abs(w-r.PAbandon*180) > 1e-6 {
		t.Errorf("mean wait %v, want P(ab)·180 s", r.MeanWait)
	}
	if r.PWait <= 0 || r.PWait >= 1 {
		t.Errorf("P(wait) = %v, want strictly between 0 and 1", r.PWait)
	}
}

// gammaRatio A(x, y) by hand: y = 1, x = 1 gives Σ 1/(2·3·…·(k+1)) =
// Σ 1/(k+1)! = e − 1.
func TestGammaRatioSeries(t *testing.T) {
	if g := gammaRatio(1, 1); math.Abs(g-(math.E-1)) > 1e-12 {
		t.Errorf("A(1, 1) = %v, want e − 1 = %v", g, math.E-1)
	}
}

// Heavy overload: callers abandon instead of queueing for ever. With
// 10 agents for 48 E the agents serve at most 10/240 calls/s of the 0.2/s
// offered, so P(abandon) → 1 − 10/48 = 0.7917 (every agent busy, the rest
// leave), and the computation stays finite when 𝒜 is astronomically large.
func TestErlangAOverload(t *testing.T) {
	r, err := ErlangA(10, 48, 240*time.Second, 180*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.PAbandon-(1-10.0/48)) > 1e-4 {
		t.Errorf("P(abandon) = %v, want ≈ %v", r.PAbandon, 1-10.0/48)
	}
	r, err = ErlangA(1000, 3000, 240*time.Second, 180*time.Second)
	if err != nil || math.Abs(r.PAbandon-2.0/3) > 1e-9 || r.PWait != 1 {
		t.Errorf("A=3000, N=1000: %+v %v; want P(abandon) 2/3, P(wait) 1", r, err)
	}
	if _, err := ErlangA(52, 48, 240*time.Second, 0); err == nil {
		t.Error("zero patience should fail")
	}
}
