package main

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/tui"
	"github.com/callfloor/wallboard/tui/serve"
)

// serveSite is what the configuration file tells the SSH server: who
// sees which queues ([[viewers]], unlisted_viewers_see_all) and the board
// options every session gets (pause reasons, alert rules), the same as
// the local board's. config() must have run.
//
// Without a configuration file every key in authorized_keys sees every
// queue, as before viewers existed. With one, the file decides; a file
// under which no authorized key could watch anything is refused at start
// rather than served to nobody.
func (c *commonFlags) serveSite(keys []serve.AuthorizedKey, log *slog.Logger) (serve.Viewers, tui.Options, error) {
	opts := tui.Options{Pauses: c.pauses(), Alerts: c.alertRules()}
	path, err := c.configFile()
	if err != nil {
		return nil, opts, err
	}
	if path == "" {
		log.Info("no configuration file: every authorized key sees every queue")
		return nil, opts, nil
	}
	file := &c.file
	var listed, unlisted []string
	for _, k := range keys {
		if v := file.Viewer(k.Fingerprint()); v != nil {
			listed = append(listed, keyName(k, v.Name))
		} else {
			unlisted = append(unlisted, keyName(k, ""))
		}
	}
	if len(listed) == 0 && !file.UnlistedViewersSeeAll {
		return nil, opts, usagef("serve: no key in the authorized_keys file is a [[viewers]] entry of %s, and "+
			"unlisted_viewers_see_all is off, so nobody could watch: add viewers (docs/config.md) or set "+
			"unlisted_viewers_see_all = true", path)
	}
	// Viewers who cannot log in: their key is not in authorized_keys.
	inKeys := make(map[string]bool, len(keys))
	for _, k := range keys {
		inKeys[k.Fingerprint()] = true
	}
	var absent []string
	for i := range file.Viewers {
		if v := &file.Viewers[i]; !inKeys[v.Fingerprint()] {
			absent = append(absent, fmt.Sprintf("viewers[%d] %s", i+1, orKey(v.Name, v.Fingerprint())))
		}
	}
	if len(absent) > 0 {
		log.Warn("viewers whose key is not in authorized_keys cannot log in", "viewers", strings.Join(absent, "; "))
	}
	if len(unlisted) > 0 {
		sort.Strings(unlisted)
		sees := "refused"
		if file.UnlistedViewersSeeAll {
			sees = "every queue"
		}
		log.Info("authorized keys that are not viewers", "keys", strings.Join(unlisted, "; "), "see", sees)
	}
	return serve.ConfigViewers(file), opts, nil
}

// alertRules are the board's alert rules with the configured pause
// limits (the board also takes them from Pauses; stating them here keeps
// the SSH sessions' alerts independent of that detail).
func (c *commonFlags) alertRules() kpi.AlertRules {
	r := kpi.DefaultAlertRules()
	if len(c.file.PauseReasons) == 0 {
		return r
	}
	r.PauseLimits = make(map[string]time.Duration, len(c.file.PauseReasons))
	for name, p := range c.file.PauseReasons {
		_, limit := p.PauseLimits()
		r.PauseLimits[name] = limit
	}
	return r
}

// keyName names an authorized key for the log: the viewer's name, else
// the key's comment, else its fingerprint.
func keyName(k serve.AuthorizedKey, name string) string {
	if name == "" {
		name = k.Comment
	}
	return orKey(name, k.Fingerprint())
}

func orKey(name, fp string) string {
	if name == "" {
		return fp
	}
	return name
}
