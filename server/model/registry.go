package model

import (
	"embed"
	"fmt"
	"sync"
)

//go:generate go run ./gen

//go:embed models/*.json.gz
var embedded embed.FS

// Info is what the gateway needs to route to a service without loading its
// model: generated into index_gen.go from every botocore model.
type Info struct {
	Name           string   // botocore service name
	Protocols      []string // "query", "ec2", "json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor"
	SigningName    string   // SigV4 credential scope service
	TargetPrefix   string   // X-Amz-Target prefix (json protocols)
	EndpointPrefix string   // host prefix (sqs.us-east-1.amazonaws.com)
	JSONVersion    string   // "1.0" or "1.1"
	APIVersion     string   // the Version parameter of query protocols
	ServiceID      string   // the smithy service id ("SQS"), used in rpc-v2-cbor paths
	PathPrefixes   []string // literal request-URI prefixes of rest operations
}

// Registry resolves services by wire names and loads their models once.
// The zero value is not usable; call NewRegistry. Safe for concurrent use.
type Registry struct {
	byName   map[string]*Info
	bySigner map[string][]*Info
	byTarget map[string]*Info
	byPrefix map[string]*Info

	mu     sync.Mutex
	loaded map[string]*loadResult
}

type loadResult struct {
	once sync.Once
	svc  *Service
	err  error
}

// NewRegistry indexes every embedded service.
func NewRegistry() *Registry {
	r := &Registry{
		byName:   make(map[string]*Info, len(index)),
		bySigner: make(map[string][]*Info),
		byTarget: make(map[string]*Info),
		byPrefix: make(map[string]*Info),
		loaded:   make(map[string]*loadResult),
	}
	for i := range index {
		info := &index[i]
		r.byName[info.Name] = info
		r.bySigner[info.SigningName] = append(r.bySigner[info.SigningName], info)
		if info.TargetPrefix != "" {
			r.byTarget[info.TargetPrefix] = info
		}
		if _, taken := r.byPrefix[info.EndpointPrefix]; !taken || info.Name == info.EndpointPrefix {
			r.byPrefix[info.EndpointPrefix] = info
		}
	}
	return r
}

// All returns the index of every service, sorted by name.
func (r *Registry) All() []Info { return index }

// Info returns the index entry of the named service.
func (r *Registry) Info(name string) (*Info, bool) {
	i, ok := r.byName[name]
	return i, ok
}

// BySigningName returns the services signed with name ("dynamodb" signs both
// dynamodb and dynamodbstreams).
func (r *Registry) BySigningName(name string) []*Info { return r.bySigner[name] }

// ByTargetPrefix returns the service whose X-Amz-Target starts with prefix.
func (r *Registry) ByTargetPrefix(prefix string) (*Info, bool) {
	i, ok := r.byTarget[prefix]
	return i, ok
}

// ByEndpointPrefix returns the service served at hosts "<prefix>.…".
func (r *Registry) ByEndpointPrefix(prefix string) (*Info, bool) {
	i, ok := r.byPrefix[prefix]
	return i, ok
}

// Service loads (once) and returns the linked model of the named service.
func (r *Registry) Service(name string) (*Service, error) { return r.load(name, name) }

// QueryView returns the query-protocol view of a JSON service that also
// answers the query protocol (its XML member names and flattening come from
// patches/<name>.query.json), or ok=false when the service has none.
func (r *Registry) QueryView(name string) (svc *Service, ok bool, err error) {
	if _, err := embedded.Open("models/" + name + ".query.json.gz"); err != nil {
		return nil, false, nil
	}
	svc, err = r.load(name, name+".query")
	return svc, err == nil, err
}

func (r *Registry) load(name, file string) (*Service, error) {
	if _, ok := r.byName[name]; !ok {
		return nil, fmt.Errorf("model: unknown service %q", name)
	}
	r.mu.Lock()
	lr, ok := r.loaded[file]
	if !ok {
		lr = &loadResult{}
		r.loaded[file] = lr
	}
	r.mu.Unlock()
	lr.once.Do(func() {
		data, err := embedded.ReadFile("models/" + file + ".json.gz")
		if err != nil {
			lr.err = err
			return
		}
		lr.svc, lr.err = Parse(name, data)
	})
	return lr.svc, lr.err
}
