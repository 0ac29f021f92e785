package state

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Save strategies (SNAPSHOT_SAVE_STRATEGY), LocalStack Pro's names.
const (
	SaveOnShutdown = "ON_SHUTDOWN" // save when the emulator stops
	SaveOnRequest  = "ON_REQUEST"  // save before answering each changing request
	SaveScheduled  = "SCHEDULED"   // save every SNAPSHOT_FLUSH_INTERVAL when changed, and on stop
	SaveManual     = "MANUAL"      // save only on POST /_localstack/state/save
)

// Load strategies (SNAPSHOT_LOAD_STRATEGY).
const (
	LoadOnStartup = "ON_STARTUP" // load before the listener accepts (our default)
	LoadOnRequest = "ON_REQUEST" // load before serving the first AWS request
	LoadManual    = "MANUAL"     // load only on POST /_localstack/state/load
)

// Config is the persistence configuration from the environment.
type Config struct {
	Enabled       bool          // PERSISTENCE=1
	Dir           string        // $VOLUME_DIR/state
	Save          string        // SNAPSHOT_SAVE_STRATEGY (default SCHEDULED)
	Load          string        // SNAPSHOT_LOAD_STRATEGY (default ON_STARTUP)
	FlushInterval time.Duration // SNAPSHOT_FLUSH_INTERVAL seconds (default 15)
}

// LoadConfig reads PERSISTENCE, SNAPSHOT_SAVE_STRATEGY,
// SNAPSHOT_LOAD_STRATEGY and SNAPSHOT_FLUSH_INTERVAL (localstack-runtime.md
// §4; LocalStack Pro's persistence docs). Errors name the variable.
func LoadConfig(getenv func(string) string, volumeDir string) (Config, error) {
	c := Config{
		Enabled:       truthy(getenv("PERSISTENCE")),
		Dir:           filepath.Join(volumeDir, "state"),
		Save:          strings.ToUpper(strings.TrimSpace(getenv("SNAPSHOT_SAVE_STRATEGY"))),
		Load:          strings.ToUpper(strings.TrimSpace(getenv("SNAPSHOT_LOAD_STRATEGY"))),
		FlushInterval: 15 * time.Second,
	}
	switch c.Save {
	case "":
		c.Save = SaveScheduled
	case SaveOnShutdown, SaveOnRequest, SaveScheduled, SaveManual:
	default:
		return c, fmt.Errorf("SNAPSHOT_SAVE_STRATEGY=%q: want ON_SHUTDOWN, ON_REQUEST, SCHEDULED or MANUAL", c.Save)
	}
	switch c.Load {
	case "":
		c.Load = LoadOnStartup
	case LoadOnStartup, LoadOnRequest, LoadManual:
	default:
		return c, fmt.Errorf("SNAPSHOT_LOAD_STRATEGY=%q: want ON_STARTUP, ON_REQUEST or MANUAL", c.Load)
	}
	if v := strings.TrimSpace(getenv("SNAPSHOT_FLUSH_INTERVAL")); v != "" {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs <= 0 {
			return c, fmt.Errorf("SNAPSHOT_FLUSH_INTERVAL=%q: want a positive number of seconds", v)
		}
		c.FlushInterval = time.Duration(secs * float64(time.Second))
	}
	return c, nil
}

func truthy(v string) bool { return v == "1" || strings.EqualFold(v, "true") }
