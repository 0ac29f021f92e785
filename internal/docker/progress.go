package docker

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/docker/docker/pkg/jsonmessage"
)

// RenderPull shows an image pull. On a terminal it draws the engine's
// per-layer progress bars; elsewhere (CI, pipes) it prints one plain line per
// layer state change and a byte total, so logs stay readable.
func RenderPull(r io.Reader, w io.Writer, tty bool) error {
	if tty {
		if f, ok := w.(*os.File); ok {
			return jsonmessage.DisplayJSONMessagesStream(r, w, f.Fd(), true, nil)
		}
	}
	dec := json.NewDecoder(r)
	last := map[string]string{}
	var total int64
	sizes := map[string]int64{}
	for {
		var m jsonmessage.JSONMessage
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
		if m.Error != nil {
			return m.Error
		}
		if m.Progress != nil && m.Progress.Total > 0 && m.Status == "Downloading" {
			sizes[m.ID] = m.Progress.Total
		}
		if m.ID == "" {
			if m.Status != "" {
				fmt.Fprintln(w, m.Status)
			}
			continue
		}
		if last[m.ID] == m.Status {
			continue // "Downloading" repeats for every chunk
		}
		last[m.ID] = m.Status
		line := m.ID + ": " + m.Status
		if m.Status == "Download complete" {
			total += sizes[m.ID]
			line += fmt.Sprintf(" (%s)", humanBytes(sizes[m.ID]))
		}
		fmt.Fprintln(w, line)
	}
	if total > 0 {
		fmt.Fprintf(w, "Downloaded %s\n", humanBytes(total))
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
