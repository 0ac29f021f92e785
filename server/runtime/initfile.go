package runtime

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/setup-emulator/setup-emulator/server"
)

// applyInitFile runs a declarative init file (placeholder until the YAML
// parser lands).
func applyInitFile(ctx context.Context, srv *server.Server, path string, logger *slog.Logger) error {
	return fmt.Errorf("declarative init files are not supported yet: %s", path)
}
