package state

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// FormatName identifies our snapshots in the manifest's "format" member.
const FormatName = "setup-emulator-state"

// FormatVersion is the snapshot format this emulator writes. Readers accept
// every version from 1 up to it (see FORMAT.md for each version's changes).
const FormatVersion = 1

// ManifestName is the archive entry holding the Manifest. It is written
// last, so an archive cut short by a crash has no manifest (and no central
// directory) and is rejected as a whole.
const ManifestName = "manifest.json"

// Manifest describes a snapshot (FORMAT.md, "manifest.json").
type Manifest struct {
	Format          string    `json:"format"`           // FormatName
	FormatVersion   int       `json:"format_version"`   // 1..FormatVersion
	EmulatorVersion string    `json:"emulator_version"` // the writer's version
	Created         time.Time `json:"created"`          // UTC, RFC 3339
	Services        []string  `json:"services"`         // sorted service names with state
	Accounts        []string  `json:"accounts"`         // sorted account ids
	Regions         []string  `json:"regions"`          // sorted region names
	// Scopes lists, per service, the "account/region" pairs with a document.
	Scopes map[string][]string `json:"scopes"`
}

// Scope is one account and region of one service's state.
type Scope struct {
	Account string `json:"account"`
	Region  string `json:"region"`
}

func (s Scope) String() string { return s.Account + "/" + s.Region }

// documentName is the entry of a service's JSON state for one scope:
// services/<service>/<account>/<region>/state.json.
func documentName(service string, sc Scope) string {
	return path.Join("services", service, sc.Account, sc.Region, "state.json")
}

// blobName is the entry of a raw blob (an S3 object body):
// services/<service>/<account>/<region>/blobs/<name>.
func blobName(service string, sc Scope, name string) string {
	return path.Join("services", service, sc.Account, sc.Region, "blobs", name)
}

// servicePrefix is the entry prefix of everything a service stored.
func servicePrefix(service string) string { return "services/" + service + "/" }

// validPart reports whether s may be one path segment of an entry name:
// no separators, no dot segments, nothing empty.
func validPart(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\\x00")
}

func checkScope(service string, sc Scope) error {
	if !validPart(service) || !validPart(sc.Account) || !validPart(sc.Region) {
		return fmt.Errorf("state: invalid service %q, account %q or region %q", service, sc.Account, sc.Region)
	}
	return nil
}
