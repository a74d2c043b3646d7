package sim

import (
	"math/rand/v2"
	"strconv"
)

// firstNames are varied on purpose: a board full of one culture's names
// hides layout bugs with long, short and accented names.
func firstNames() []string {
	return []string{
		"Ann", "Sathish", "Maria", "Kwame", "Olga", "Hiroshi", "Fatima", "Liam",
		"Chloé", "Mateo", "Aisha", "Bjørn", "Priya", "Diego", "Mei", "Tomasz",
		"Zanele", "Lucas", "Yuki", "Amara", "Henrik", "Sofia", "Rashid", "Elena",
		"Kofi", "Ingrid", "Ravi", "Nadia", "Seán", "Lucía", "Emre", "Grace",
		"Ahmed", "Hannah", "Juan", "Anneke", "Tariq", "Beatriz", "Oskar", "Leila",
		"Chen", "Margaux", "Dmitri", "Imani", "Pedro", "Astrid", "Vikram", "Noor",
		"Jonas", "Thandiwe", "Marco", "Freya", "Ibrahim", "Camille", "Ken", "Ayşe",
		"Rosa", "Nikolai", "Esi", "Alexandra-Louise",
	}
}

func lastNames() []string {
	return []string{
		"Smith", "Okafor", "García", "Nguyen", "Müller", "Kowalski", "Haddad",
		"Tanaka", "Johansson", "Singh", "Rossi", "O'Brien", "Dubois", "Mensah",
		"Petrov", "Silva", "Cohen", "Yilmaz", "Kim", "van der Berg", "Jones",
		"Fernández", "Ahmed", "Novak", "Brown", "Lindqvist", "Papadopoulos",
		"Murphy", "Chen", "Moreau",
	}
}

// numberPlan is a national prefix and how many random digits follow it.
type numberPlan struct {
	prefix string
	digits int
	weight int
}

// numberPlans mixes landlines and mobiles of a few countries, weighted
// towards one home country as a real centre's callers are.
func numberPlans() []numberPlan {
	return []numberPlan{
		{"+4420", 8, 20}, {"+447", 9, 30}, {"+44161", 7, 8}, {"+44131", 7, 5},
		{"+1212", 7, 4}, {"+1415", 7, 3}, {"+4930", 8, 4}, {"+4915", 9, 4},
		{"+331", 8, 4}, {"+336", 8, 4}, {"+3491", 7, 3}, {"+35316", 6, 4},
		{"+3906", 8, 2}, {"+612", 8, 1},
	}
}

// callerGen makes plausible caller numbers and names. It keeps a bounded
// ring of recent numbers so some callers call again (repeat-call rate).
type callerGen struct {
	plans       []numberPlan
	planTotal   int
	first, last []string
	recent      [512]caller
	nRecent     int
	buf         []byte
}

type caller struct{ number, name string }

func newCallerGen() *callerGen {
	g := &callerGen{plans: numberPlans(), first: firstNames(), last: lastNames()}
	for _, p := range g.plans {
		g.planTotal += p.weight
	}
	return g
}

// next draws a caller: 4 % anonymous (empty number and name), 10 % a recent
// caller again, otherwise a fresh number, with a name two times in three.
func (g *callerGen) next(r *rand.Rand) caller {
	u := r.Float64()
	switch {
	case u < 0.04:
		return caller{}
	case u < 0.14 && g.nRecent > 0:
		n := min(g.nRecent, len(g.recent))
		return g.recent[r.IntN(n)]
	}
	w := r.IntN(g.planTotal)
	p := g.plans[0]
	for _, q := range g.plans {
		if w < q.weight {
			p = q
			break
		}
		w -= q.weight
	}
	g.buf = append(g.buf[:0], p.prefix...)
	g.buf = append(g.buf, byte('1'+r.IntN(9))) // no leading zero after the prefix
	for i := 1; i < p.digits; i++ {
		g.buf = append(g.buf, byte('0'+r.IntN(10)))
	}
	c := caller{number: string(g.buf)}
	if r.IntN(3) > 0 {
		c.name = g.first[r.IntN(len(g.first))] + " " + g.last[r.IntN(len(g.last))]
	}
	g.recent[g.nRecent%len(g.recent)] = c
	g.nRecent++
	return c
}

// agentName gives agent i (0-based, after shuffling) a display name: plain
// first names while they last, then a first name with a last initial, then a
// number, so names stay short for the board and rarely collide.
func agentName(names []string, i int) string {
	n := len(names)
	if i < n {
		return names[i]
	}
	const initials = "ABCDEFGHIJKLMNOPRSTVWYZ"
	k := i/n - 1
	name := names[i%n] + " " + string(initials[k%len(initials)]) + "."
	if k >= len(initials) {
		name += strconv.Itoa(k / len(initials))
	}
	return name
}
