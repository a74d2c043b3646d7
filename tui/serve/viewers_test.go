package serve

import (
	"strings"
	"sync"
	"testing"

	"github.com/callfloor/wallboard/config"
	"github.com/callfloor/wallboard/kpi"
	"github.com/charmbracelet/wish/testsession"
	gossh "golang.org/x/crypto/ssh"
)

// viewerFixture is a demo server (queues sales, support, billing, vip)
// with three more keys in authorized_keys: tom, a team lead listed by
// fingerprint; maria, the floor manager listed by her whole key; and
// eve, in authorized_keys but under no [[viewers]] entry. extra is added
// to the configuration (unlisted_viewers_see_all, say).
type viewerFixture struct {
	*fixture
	tom, maria, eve gossh.Signer

	mu   sync.Mutex
	seen []seenSnap // what the filtering sessions were given
}

type seenSnap struct {
	viewer  string
	in, out *kpi.Snapshot
}

func newViewerFixture(t *testing.T, tomEntry, extra string) *viewerFixture {
	t.Helper()
	vf := &viewerFixture{tom: newSigner(t), maria: newSigner(t), eve: newSigner(t)}
	text := extra + `
[queues.vip]
group = "premium"

[[viewers]]
name = "Tom"
key = "` + gossh.FingerprintSHA256(vf.tom.PublicKey()) + `"
` + tomEntry + `

[[viewers]]
name = "Maria"
key = "` + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(vf.maria.PublicKey()))) + ` maria@floor"
all = true
`
	cfg, err := config.Parse([]byte(text), "viewers.toml")
	if err != nil {
		t.Fatal(err)
	}
	vf.fixture = newFixture(t, func(c *Config) {
		c.Keys = append(c.Keys,
			AuthorizedKey{Key: vf.tom.PublicKey(), Comment: "tom@laptop", Line: 2},
			AuthorizedKey{Key: vf.maria.PublicKey(), Comment: "maria@floor", Line: 3},
			AuthorizedKey{Key: vf.eve.PublicKey(), Comment: "eve@desk", Line: 4})
		c.Viewers = ConfigViewers(&cfg)
	})
	vf.srv.filtered = func(v Viewer, in, out *kpi.Snapshot) {
		vf.mu.Lock()
		vf.seen = append(vf.seen, seenSnap{v.Name, in, out})
		vf.mu.Unlock()
	}
	return vf
}

func (vf *viewerFixture) openAs(t *testing.T, key gossh.Signer, user string) *term {
	t.Helper()
	cc := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	sess, err := testsession.NewClientSession(t, vf.addr, cc)
	if err != nil {
		t.Fatal(err)
	}
	return startBoard(t, sess, 140, 45)
}

func (vf *viewerFixture) seenBy(name string) []seenSnap {
	vf.mu.Lock()
	defer vf.mu.Unlock()
	var out []seenSnap
	for _, s := range vf.seen {
		if s.viewer == name {
			out = append(out, s)
		}
	}
	return out
}

// TestTeamLeadSeesOnlyTheirQueues: Tom (by fingerprint; sales by name and
// vip by its group) gets a board without support and billing, and every
// snapshot his board is given has a centre made of his queues alone.
func TestTeamLeadSeesOnlyTheirQueues(t *testing.T) {
	vf := newViewerFixture(t, `queues = ["sales"]`+"\n"+`groups = ["premium"]`, "")
	// Log in once every queue on the feed has had a call, so the login
	// line can name his and the centre totals have something to hide
	// (configured queues are on the board before their first call).
	eventually(t, "calls in every queue on the feed", func() bool {
		s := vf.hub.Latest()
		if s == nil || len(s.Queues) != 4 {
			return false
		}
		for _, q := range s.Queues {
			if q.Day.Offered == 0 {
				return false
			}
		}
		return true
	})
	tm := vf.openAs(t, vf.tom, "tom")
	tm.out.waitFor(t, 0, "sales", "vip")
	frame := tm.out.String()
	for _, hidden := range []string{"support", "billing"} {
		if strings.Contains(frame, hidden) {
			t.Errorf("Tom's board shows %q", hidden)
		}
	}
	visible := map[string]bool{"sales": true, "vip": true}
	othersBusy := false
	for _, s := range vf.seenBy("Tom") {
		var offered, answered, waiting int
		for _, q := range s.out.Queues {
			if !visible[q.Name] {
				t.Fatalf("Tom was given queue %q", q.Name)
			}
			offered += q.Day.Offered
			answered += q.Day.Answered
			waiting += q.Waiting
		}
		// The same sums from the engine's own snapshot, over his queues.
		var inOffered int
		for _, q := range s.in.Queues {
			if visible[q.Name] {
				inOffered += q.Day.Offered
			}
		}
		if s.out.Total.Day.Offered != offered || offered != inOffered || s.out.Total.Day.Answered != answered ||
			s.out.Total.Waiting != waiting || len(s.out.Waiting) != waiting {
			t.Fatalf("version %d: centre offered %d answered %d waiting %d (list %d); his queues sum to %d, %d, %d (engine %d)",
				s.out.Version, s.out.Total.Day.Offered, s.out.Total.Day.Answered, s.out.Total.Waiting, len(s.out.Waiting),
				offered, answered, waiting, inOffered)
		}
		for _, a := range s.out.Agents {
			for _, q := range a.Queues {
				if !visible[q] {
					t.Fatalf("agent %s shows queue %q to Tom", a.ID, q)
				}
			}
		}
		for _, w := range s.out.Abandoned {
			if !visible[w.Queue] {
				t.Fatalf("call-back list shows %q to Tom", w.Queue)
			}
		}
		othersBusy = othersBusy || s.in.Total.Day.Offered > s.out.Total.Day.Offered
	}
	if !othersBusy {
		t.Error("the other queues never had a call: the test shows nothing about the centre total")
	}
	eventually(t, "login logged", func() bool { return strings.Contains(vf.log.String(), "viewer=Tom") })
	for _, want := range []string{"viewer=Tom", `asked="queues sales; groups premium"`, "queues=sales,vip", "key=tom@laptop"} {
		if !strings.Contains(vf.log.String(), want) {
			t.Errorf("login log lacks %s:\n%s", want, vf.log.String())
		}
	}
}

// TestFloorManagerSeesAll: Maria (listed by her whole key, all = true)
// gets every queue, unfiltered.
func TestFloorManagerSeesAll(t *testing.T) {
	vf := newViewerFixture(t, `queues = ["sales"]`, "")
	tm := vf.openAs(t, vf.maria, "maria")
	tm.out.waitFor(t, 0, vf.queues...)
	eventually(t, "login logged", func() bool { return strings.Contains(vf.log.String(), "viewer=Maria") })
	if !strings.Contains(vf.log.String(), "queues=all") {
		t.Errorf("login log:\n%s", vf.log.String())
	}
	if n := len(vf.seenBy("Maria")); n != 0 {
		t.Errorf("Maria's board went through the filter %d times; all = true needs none", n)
	}
}

// TestUnlistedKeyRefused: eve may log in (authorized_keys) but is no
// viewer; by default she is told why and sees no board.
func TestUnlistedKeyRefused(t *testing.T) {
	vf := newViewerFixture(t, `queues = ["sales"]`, "")
	tm := vf.openAs(t, vf.eve, "eve")
	if st := tm.wait(t); st != 1 {
		t.Errorf("exit status %d, want 1", st)
	}
	msg := tm.stderr.String()
	for _, want := range []string{"no [[viewers]] entry", gossh.FingerprintSHA256(vf.eve.PublicKey()), "unlisted_viewers_see_all is off"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal lacks %q: %q", want, msg)
		}
	}
	for _, q := range vf.queues {
		if strings.Contains(tm.out.String(), q) {
			t.Errorf("refused session was shown %q", q)
		}
	}
	eventually(t, "refusal logged", func() bool { return strings.Contains(vf.log.String(), "session refused: not a viewer") })
	if !strings.Contains(vf.log.String(), "key=eve@desk") {
		t.Errorf("refusal log does not name the key:\n%s", vf.log.String())
	}
}

// TestUnlistedKeyAdmittedWhenConfigured: with unlisted_viewers_see_all
// eve sees every queue; Tom, listed, still sees only his.
func TestUnlistedKeyAdmittedWhenConfigured(t *testing.T) {
	vf := newViewerFixture(t, `queues = ["sales"]`, "unlisted_viewers_see_all = true\n")
	eve := vf.openAs(t, vf.eve, "eve")
	eve.out.waitFor(t, 0, vf.queues...)
	tom := vf.openAs(t, vf.tom, "tom")
	tom.out.waitFor(t, 0, "sales")
	for _, q := range []string{"support", "billing", "vip"} {
		if strings.Contains(tom.out.String(), q) {
			t.Errorf("Tom's board shows %q", q)
		}
	}
}

// TestViewerWithUnknownQueues: a viewer whose queues the feed does not
// have gets an empty board with a note, not an error.
func TestViewerWithUnknownQueues(t *testing.T) {
	vf := newViewerFixture(t, `queues = ["complaints"]`, "")
	tm := vf.openAs(t, vf.tom, "tom")
	tm.out.waitFor(t, 0, "Tom: none of your queues (queues complaints) is on this board yet")
	for _, q := range vf.queues {
		if strings.Contains(tm.out.String(), q) {
			t.Errorf("empty board shows %q", q)
		}
	}
	for _, s := range vf.seenBy("Tom") {
		if len(s.out.Queues)+len(s.out.Agents)+len(s.out.Waiting) != 0 || s.out.Total.Day.Offered != 0 {
			t.Fatalf("version %d: queues %d agents %d waiting %d offered %d; want an empty board", s.out.Version,
				len(s.out.Queues), len(s.out.Agents), len(s.out.Waiting), s.out.Total.Day.Offered)
		}
	}
	if tm.sess.Close(); strings.Contains(tm.stderr.String(), "error") {
		t.Errorf("stderr: %q", tm.stderr.String())
	}
	eventually(t, "login logged", func() bool { return strings.Contains(vf.log.String(), "queues=none") })
}
