package server_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/setup-emulator/setup-emulator/"

// The import directions of the design (shared/design.md, "Which way imports
// run"): services never import the gateway or protocol packages, protocols
// never import services, and nothing under server/ imports internal/ or cmd/.
func TestImportDirections(t *testing.T) {
	// Run in server/, so "./..." is every package of the emulator.
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, module)
		for _, imp := range p.Imports {
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			switch {
			case strings.HasPrefix(pkg, "server") && (strings.HasPrefix(dep, "internal/") || strings.HasPrefix(dep, "cmd/")):
				t.Errorf("%s imports %s: the emulator knows nothing of the CLI, Docker or GitHub", pkg, dep)
			case strings.HasPrefix(pkg, "server/services/") && (strings.HasPrefix(dep, "server/gateway") || strings.HasPrefix(dep, "server/protocol")):
				t.Errorf("%s imports %s: providers never see the wire", pkg, dep)
			case strings.HasPrefix(pkg, "server/protocol") && strings.HasPrefix(dep, "server/services/"):
				t.Errorf("%s imports %s: codecs are driven by the model, not by services", pkg, dep)
			}
		}
	}
}
