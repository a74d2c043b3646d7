package ws

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// What the board says when the handshake goes wrong: each reason names
// the URL and what to do, and the hint sits right after the status so
// that a one-line banner cut at the right still shows it.
func TestHandshakeTrouble(t *testing.T) {
	// A feed that wants a token, asked with the wrong one: 401 and the
	// hint, before anything else the banner would cut.
	r := newRig(t, ServerOptions{Token: "right"})
	t.Run("token", func(t *testing.T) {
		_, rec := startClient(t, r.url(), func(o *ClientOptions) { o.Token = "wrong" })
		want := r.url() + ": 401 Unauthorized: check the token"
		eventually(t, "a 401 with the hint", func() bool { return rec.saw("reconnecting", want) })
	})

	// An ordinary web server answers 200 with a page: not "refused …
	// 200 OK" but a sentence saying it is not a feed.
	t.Run("web server", func(t *testing.T) {
		web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte("<html>hello</html>"))
		}))
		t.Cleanup(web.Close)
		wsURL := "ws" + strings.TrimPrefix(web.URL, "http") + "/"
		_, rec := startClient(t, wsURL, nil)
		want := wsURL + ": answered 200 OK, not a websocket upgrade: is it a feed server?"
		eventually(t, "a web server named as such", func() bool { return rec.saw("reconnecting", want) })
	})

	// wss:// to the plain feed: the TLS hello gets an HTTP answer; the
	// fix is the scheme.
	t.Run("wss to plain", func(t *testing.T) {
		tlsURL := "wss://" + r.addr + "/feed"
		_, rec := startClient(t, tlsURL, func(o *ClientOptions) { o.HandshakeTimeout = time.Second })
		want := tlsURL + ": the server does not speak TLS (for a plain feed use ws://)"
		eventually(t, "wss to a plain port named as such", func() bool { return rec.saw("reconnecting", want) })
	})
}

// A URL without a scheme is refused at once with the form wanted, not
// with url.Parse's words about colons in a path segment.
func TestURLWithoutScheme(t *testing.T) {
	for _, u := range []string{"127.0.0.1:8765", "feed-host:8765/feed", "feed-host"} {
		_, err := NewClient(ClientOptions{URL: u}, nil)
		if err == nil || !strings.Contains(err.Error(), "want ws://HOST:PORT/PATH") {
			t.Errorf("NewClient(%q): got %v, want an error asking for ws://HOST:PORT/PATH", u, err)
		}
	}
}
